"""Bounded, safe YAML reading that remembers where every mapping came from.

Question files are data from authors, not trusted code: only plain YAML types are built
(no tags, no Python objects), aliases are refused (so an alias "bomb" cannot blow up), file
size and nesting depth are capped, and a key repeated in one mapping is an error instead of
silently keeping the last value. Each mapping is returned as a :class:`LineDict` that knows
its own line and the line of each key, so validation errors can name ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


@dataclass(frozen=True)
class YamlError(Exception):
    """A problem that stops a file from being read at all, with its 1-based line."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class LineDict(dict):
    """A mapping that remembers its 1-based line and the line of each of its keys."""

    line: int = 0
    key_lines: dict[Any, int]


class _Loader(_BaseLoader):
    """SafeLoader that refuses aliases, deep nesting and repeated keys, and records lines."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlError(
                node.start_mark.line + 1,
                "aliases (*name) are not allowed in question files; write the value out",
            )
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise YamlError(
                        node.start_mark.line + 1,
                        f"nesting deeper than {MAX_DEPTH} levels; flatten the structure",
                    )
                return super().construct_object(node, deep=True)
            finally:
                self._depth -= 1
        return super().construct_object(node, deep=deep)

    def construct_yaml_map(self, node):
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlError(
                    key_node.start_mark.line + 1, "a mapping key must be a plain value"
                ) from None
            if key in data:
                first = data.key_lines[key]
                raise YamlError(
                    key_node.start_mark.line + 1,
                    f"duplicate key {key!r} (first on line {first}); keep one",
                )
            data.key_lines[key] = key_node.start_mark.line + 1
            data[key] = self.construct_object(value_node, deep=True)

    def construct_undefined(self, node):
        raise YamlError(
            node.start_mark.line + 1,
            f"tag {node.tag!r} is not allowed; question files hold plain data only",
        )


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor(None, _Loader.construct_undefined)


def decode(raw: bytes) -> str:
    """Bytes to text, refusing binary data and invalid UTF-8 with the line it occurs on."""
    if len(raw) > MAX_BYTES:
        raise YamlError(
            1,
            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it into several files",
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise YamlError(line, "file contains NUL bytes: it looks binary, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            line, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def parse(text: str) -> Any:
    """Parse one YAML document into plain data with :class:`LineDict` mappings."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return loader.construct_document(node)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, f"YAML syntax: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"YAML: {exc}") from None
    except RecursionError:
        raise YamlError(1, f"nesting too deep to read; keep it under {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def read(path: Path) -> Any:
    """Read and parse a YAML file with all the limits above."""
    return parse(decode(path.read_bytes()))
