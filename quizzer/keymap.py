"""The user's key remapping: ``keymap.toml`` in the data directory maps binding ids to keys.

Example (top-level keys, or the same under a ``[keymap]`` table)::

    "exam.flag" = "ctrl+k"
    "app.help" = "f1,question_mark"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

KEYMAP_NAME = "keymap.toml"


class KeymapError(ValueError):
    """The keymap file exists but cannot be used; the message says what to change."""


def keymap_path(data_dir: Path) -> Path:
    return data_dir / KEYMAP_NAME


def read_keymap(path: Path) -> dict[str, str]:
    """Binding id -> key string; an absent file is an empty keymap."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KeymapError(f"{path}: {exc}") from exc
    nested = data.get("keymap", {})
    if not isinstance(nested, dict):
        raise KeymapError(f'{path}: [keymap] must be a table of binding id = "key"')
    table = {**{k: v for k, v in data.items() if k != "keymap"}, **nested}
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            raise KeymapError(f'{path}: {binding_id!r} must map to a key such as "ctrl+k"')
        keymap[str(binding_id)] = keys.strip()
    return keymap
