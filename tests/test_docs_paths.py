"""Every file, folder and test that docs/architecture.md names exists, so the page cannot rot.

A path is a backticked span with a slash, such as `quizzer/learner.py` or `tests/app/`, relative
to the repository root; `file.py::name` also needs ``def name`` in that file. Spans with a
placeholder (`quizzer/qtypes/<name>.py`) are patterns, not paths. Links such as
[labs.md](labs.md) are relative to docs/. The picture of the layers names modules by their short
names (`store/`, `records.py`): each must be a file or folder somewhere in the package or content.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"
_SPAN = re.compile(r"`([^`\s]+)`")
_PATH = re.compile(r"^[\w.-]+(/[\w.-]+)*/?(\.[a-z]+)?$")
_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")
_FENCE = re.compile(r"^```\n(.*?)^```", re.M | re.S)
_SHORT = re.compile(r"(?<![\w<>/.])[\w.]*\w(?:/[\w.]+)*(?:\.py|/)")
SEARCHED = ("quizzer", "labs", "question_bank")


def named_paths(text: str) -> list[str]:
    """Backticked spans that are paths (with a slash, no placeholder), with any ``::test``."""
    found = []
    for span in _SPAN.findall(text):
        path = span.split("::")[0]
        if "/" in path and _PATH.match(path) and not path.startswith(("http", "/")):
            found.append(span)
    return found


def _exists(root: Path, span: str) -> bool:
    """The file of ``path[::test]`` exists and, with a test, defines it."""
    path, _, test = span.partition("::")
    target = root / path
    if not target.exists():
        return False
    pattern = rf"^(async )?def {re.escape(test)}\("
    return not test or re.search(pattern, target.read_text(encoding="utf-8"), re.M) is not None


def _found_by_short_name(root: Path, name: str) -> bool:
    places = [root, *(root / top for top in SEARCHED)]
    return any((d / name).exists() or next(d.rglob(name.rstrip("/")), None) for d in places)


def missing(text: str, root: Path) -> list[str]:
    """The named paths, tests, links and pictured modules that do not exist under ``root``."""
    gone = [span for span in named_paths(text) if not _exists(root, span)]
    gone += [
        link
        for link, _ in _LINK.findall(text)
        if "://" not in link and not (root / "docs" / link).exists()
    ]
    for block in _FENCE.findall(text):
        gone += [name for name in _SHORT.findall(block) if not _found_by_short_name(root, name)]
    return gone


def test_every_path_named_in_the_architecture_page_exists() -> None:
    assert missing(PAGE.read_text(encoding="utf-8"), ROOT) == []


def test_the_page_names_enough_paths_to_be_checked() -> None:
    named = named_paths(PAGE.read_text(encoding="utf-8"))
    assert len(named) >= 50
    assert "quizzer/learner.py" in named and "tests/test_layers.py" in named


def test_a_moved_file_a_renamed_test_and_a_dead_link_are_caught() -> None:
    text = (
        "See `quizzer/learner.py`, `quizzer/gone.py`, `quizzer/qtypes/<name>.py`,\n"
        "`tests/test_layers.py::test_the_ui_modules_are_found`,\n"
        "`tests/test_layers.py::test_no_such_test`, [labs](labs.md) and [x](nowhere.md).\n"
        "```\napp.py --> records.py --> gone_too.py  commands/<name>.py  store/  nowhere/\n```\n"
    )
    assert missing(text, ROOT) == [
        "quizzer/gone.py",
        "tests/test_layers.py::test_no_such_test",
        "nowhere.md",
        "gone_too.py",
        "nowhere/",
    ]
