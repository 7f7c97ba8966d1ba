"""Reading untrusted files: size caps, strict text decoding, hardened XML and zip reading."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from quizzer.interchange.common import InterchangeError

MAX_FILE_BYTES = 20_000_000
MAX_MEMBER_BYTES = 20_000_000
MAX_PACKAGE_BYTES = 100_000_000
MAX_MEMBERS = 5_000
MAX_RATIO = 200  # a member that inflates more than this is treated as a zip bomb


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InterchangeError(
                str(path), "1", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InterchangeError(str(path), "1", f"cannot read file: {exc.strerror}") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); any other encoding is an error naming the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InterchangeError(
            name, str(line), f"byte {exc.start} is not UTF-8; save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(data: bytes, name: str) -> Element:
    """The root element, parsed without entities, external references or DTD tricks."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InterchangeError(
            name,
            "1",
            f"refused: the XML declares entities or external references ({type(exc).__name__})",
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise InterchangeError(
            name, f"{line}:{column}", f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}"
        ) from None
    except UnicodeError as exc:
        raise InterchangeError(name, "1", f"wrong encoding: {exc}") from None


def safe_member(name: str, package: str) -> str:
    """A zip member name that stays inside the package, or an error (path traversal)."""
    normal = posixpath.normpath(name.replace("\\", "/"))
    if (
        name.startswith(("/", "\\"))
        or normal == ".."
        or normal.startswith("../")
        or ":" in normal.split("/")[0]
    ):
        raise InterchangeError(
            package, name, "refused: the member's path leaves the package (path traversal)"
        )
    return normal


def open_package(data: bytes, name: str) -> dict[str, bytes]:
    """Every member of a zip package by normalized name, checked for traversal and bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InterchangeError(name, "1", "not a valid zip package") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InterchangeError(name, "1", f"refused: {len(members)} members (limit {MAX_MEMBERS})")
    total = 0
    out: dict[str, bytes] = {}
    for info in members:
        member = safe_member(info.filename, name)
        if info.is_dir():
            continue
        declared_ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or declared_ratio > MAX_RATIO:
            raise InterchangeError(
                name, info.filename, "refused: the member inflates too far (zip bomb)"
            )
        with archive.open(info) as handle:
            # Read one byte past the cap: a lying header cannot make us inflate more than that.
            body = handle.read(MAX_MEMBER_BYTES + 1)
        total += len(body)
        if (
            len(body) > MAX_MEMBER_BYTES
            or total > MAX_PACKAGE_BYTES
            or len(body) > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise InterchangeError(
                name, info.filename, "refused: the member inflates too far (zip bomb)"
            )
        out[member] = body
    return out
