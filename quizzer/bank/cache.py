"""A compiled cache of a validated bank in the user cache directory, keyed by its files' contents.

A start reads the bank from here instead of parsing and validating every YAML file. The key is
a hash of every ``*.yaml`` file's path and content under the bank's root, plus the code that
validates them, so any edit, new file or deleted file is seen at the next start.

The file holds a light summary first (each exam's facts and its bank coverage as plain data,
readable without importing pydantic: the dashboard shows it at once) and then the whole bank.
Nothing in it is trusted: a file with another header or key, that cannot be unpickled, that
names any class outside the bank's own models, or holds the wrong types is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from quizzer.paths import cache_dir

if TYPE_CHECKING:
    from quizzer.bank.loader import Bank

MAGIC = b"quizzer-bank-cache 1\n"
_SIZES = struct.Struct("<QII")
"""After the key: the summary's length, and the CRC-32 of the summary and of the bank."""
_CODE = (
    "schema.py",
    "blueprint.py",
    "loader.py",
    "cache.py",
    "content_hash.py",
    "problems.py",
    "../exam_facts.py",
    "../assembly.py",  # the summary's coverage and the cached domain pools
    "../exam_tags.py",  # the readiness forecast's cached questions per domain
)
"""Modules whose change can change what a bank loads to (relative to this package): each is
part of the key."""


@dataclass(frozen=True)
class ExamSummary:
    """What the dashboard shows of one exam before the bank itself is loaded."""

    blueprint: SimpleNamespace
    """The blueprint's fields as plain attributes (what ``quizzer.exam_facts`` reads)."""
    tagged: int
    per_domain: dict[str, int]


@dataclass(frozen=True)
class Summary:
    questions: int
    exams: list[ExamSummary]
    """In the order the app lists exams: current ones first, then by id."""


# --- the key -------------------------------------------------------------------------------


def _code_key() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    # Pickled models depend on pydantic's internals: another pydantic is another cache.
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        version = Path(spec.origin).with_name("version.py")
        digest.update(version.read_bytes() if version.exists() else b"")
    return digest.digest()


def bank_key(root: Path) -> str:
    """A hash of the code, the root's path and every YAML file (path and content) under it."""
    digest = hashlib.sha256(_code_key())
    digest.update(str(root.absolute()).encode() + b"\0")
    for path in sorted(root.rglob("*.yaml")):
        content = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    """One cache file per bank folder, so that two banks do not evict each other."""
    name = hashlib.sha256(str(root.absolute()).encode()).hexdigest()[:20]
    return cache_dir() / f"bank-{name}.cache"


# --- reading, never trusting ---------------------------------------------------------------

_BANK_MODULES = frozenset(
    {"quizzer.bank.schema", "quizzer.bank.blueprint", "quizzer.bank.loader", "quizzer.bank.cache"}
)
_PLAIN = {
    "builtins": frozenset({"set", "frozenset"}),
    "datetime": frozenset({"date", "datetime", "timedelta", "timezone"}),
    "pathlib": frozenset({"Path", "PosixPath", "WindowsPath"}),
    "types": frozenset({"SimpleNamespace"}),
}


class _Unpickler(pickle.Unpickler):
    """Builds the bank's own classes and plain data only: a foreign file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _BANK_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        elif name in _PLAIN.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a bank cache")


def _unpickle(data: bytes) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


def _open(root: Path, key: str) -> tuple[io.BufferedReader, bytes, int] | None:
    """The cache file positioned after the summary, the summary's bytes and the bank's CRC-32;
    None on a miss or a damaged summary."""
    try:
        handle = cache_path(root).open("rb")
    except OSError:
        return None
    try:
        expected = MAGIC + key.encode() + b"\n"
        if handle.read(len(expected)) != expected:
            handle.close()
            return None
        length, summary_crc, bank_crc = _SIZES.unpack(handle.read(_SIZES.size))
        summary = handle.read(length)
        if len(summary) != length or zlib.crc32(summary) != summary_crc:
            handle.close()
            return None
        return handle, summary, bank_crc
    # The cache is only a shortcut: any failure to read it (unreadable, or a length no real cache
    # has) is a miss, and the bank is rebuilt from its files.
    except Exception:  # noqa: BLE001
        handle.close()
        return None


def read_summary(root: Path) -> Summary | None:
    """The cached summary when the cache matches the bank's files; None otherwise. Imports no
    pydantic: the dashboard's exam table is drawn from it before the bank is loaded."""
    try:
        opened = _open(root, bank_key(root))
    except OSError:
        return None
    if opened is None:
        return None
    handle, data, _ = opened
    handle.close()
    try:
        summary = _unpickle(data)
    # Unpickling damaged bytes can raise almost anything: a damaged file is a miss, rebuilt by
    # the next full load.
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(summary, Summary) or not all(
        isinstance(e, ExamSummary) for e in summary.exams
    ):
        return None
    return summary


def load(root: Path, key: str) -> Bank | None:
    """The cached bank when the cache holds ``key`` (see :func:`bank_key`); None otherwise."""
    from quizzer.bank.loader import Bank

    opened = _open(root, key)
    if opened is None:
        return None
    handle, _, crc = opened
    try:
        with handle:
            data = handle.read()
        if zlib.crc32(data) != crc:  # damaged or cut off
            return None
        bank = _unpickle(data)
    # Damaged, truncated or foreign bytes can raise almost anything: a miss, rebuilt from the
    # YAML files.
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(bank, Bank) or not isinstance(bank.questions, dict):
        return None
    bank.root = root
    return bank


# --- writing -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A pydantic model as nested SimpleNamespaces, lists as lists, the rest unchanged."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return SimpleNamespace(
            **{name: _plain(getattr(value, name)) for name in type(value).model_fields}
        )
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def summarize(bank: Bank) -> Summary:
    from quizzer.exam_facts import coverage

    exams = []
    for blueprint in sorted(bank.blueprints.values(), key=lambda b: (b.retired is not None, b.id)):
        found = coverage(bank, blueprint)
        exams.append(ExamSummary(_plain(blueprint), found.tagged, dict(found.per_domain)))
    return Summary(len(bank.questions), exams)


def store(bank: Bank, key: str) -> None:
    """Write the cache of a bank that loaded without problems from files whose key was taken
    before they were read (so an edit made meanwhile is seen next time); atomic, failures
    ignored."""
    from quizzer.assembly import index_bank

    path = cache_path(bank.root)
    index_bank(bank)  # the setup screens' per-exam counts, kept with the bank
    try:
        summary = pickle.dumps(summarize(bank), protocol=pickle.HIGHEST_PROTOCOL)
        body = pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL)
        header = (
            MAGIC
            + key.encode()
            + b"\n"
            + _SIZES.pack(len(summary), zlib.crc32(summary), zlib.crc32(body))
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + summary + body)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):  # no cache is slower, not wrong
        return
