"""Write a file so that a reader sees the old content or the new, never a truncated mix.

The text goes to a temporary file in the target's own folder (``os.replace`` is atomic only
within one file system), is flushed to disk, then renamed over the target. On any failure the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PARTIAL = ".partial"
"""Suffix of a temporary file; one left by a killed process is never mistaken for the target."""


@contextmanager
def replacing(path: Path | str, mode: int = 0o644) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over ``path`` when the block ends without error."""
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL, dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        os.chmod(temporary, mode)
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def write_bytes(path: Path | str, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with replacing(path, mode) as temporary:
        temporary.write_bytes(data)


def write_text(
    path: Path | str, text: str, mode: int = 0o644, *, newline: str | None = None
) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically."""
    with (
        replacing(path, mode) as temporary,
        temporary.open("w", encoding="utf-8", newline=newline) as handle,
    ):
        handle.write(text)


def write_with(path: Path | str, writer: Callable[[IO[bytes]], None], mode: int = 0o644) -> None:
    """Replace ``path`` with what ``writer`` writes to a binary handle, atomically."""
    with replacing(path, mode) as temporary, temporary.open("wb") as handle:
        writer(handle)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot sync a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
