"""Between quizzer's markup (Markdown-like) and the HTML that Moodle XML and QTI carry."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_FENCE = re.compile(r"^```([\w+-]*)\n(.*?)\n```$", re.DOTALL | re.MULTILINE)
_CODE = re.compile(r"`([^`\n]+)`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def to_html(text: str) -> str:
    """Markup as HTML: fences as <pre><code>, `code` as <code>, images as <img>; math stays text."""
    parts: list[str] = []
    last = 0
    for match in _FENCE.finditer(text):
        parts.append(_inline_html(text[last : match.start()]))
        language = match.group(1)
        cls = f' class="language-{language}"' if language else ""
        parts.append(f"<pre><code{cls}>{html.escape(match.group(2), quote=False)}</code></pre>")
        last = match.end()
    parts.append(_inline_html(text[last:]))
    return "".join(parts)


def _inline_html(text: str) -> str:
    out = html.escape(text, quote=False)
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    out = _IMAGE.sub(lambda m: f'<img src="{m.group(2)}" alt="{m.group(1)}"/>', out)
    return out.replace("\n", "<br/>")


class _ToText(HTMLParser):
    """Collects text, turning code, images and line breaks back into markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_pre = False
        self.pre_language = ""
        self.pre: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "pre":
            self.in_pre, self.pre, self.pre_language = True, [], ""
        elif tag == "code" and self.in_pre:
            self.pre_language = (values.get("class") or "").removeprefix("language-")
        elif tag == "code":
            self.out.append("`")
        elif tag == "br":
            (self.pre if self.in_pre else self.out).append("\n")
        elif tag == "p" and self.out and not "".join(self.out).endswith("\n"):
            self.out.append("\n\n")
        elif tag == "img":
            self.out.append(f"![{values.get('alt') or ''}]({values.get('src') or ''})")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
            self.out.append(f"```{self.pre_language}\n{''.join(self.pre)}\n```")
        elif tag == "code" and not self.in_pre:
            self.out.append("`")

    def handle_data(self, data: str) -> None:
        (self.pre if self.in_pre else self.out).append(data)


def to_text(markup: str) -> str:
    """HTML back to quizzer markup; plain text passes through unchanged."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    parser = _ToText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out).strip()


def has_images(text: str) -> list[str]:
    """Paths of the images a text shows."""
    return [m.group(2) for m in _IMAGE.finditer(text)]
