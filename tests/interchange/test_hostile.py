"""One test per kind of hostile file: refused with file and place, and nothing imported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from quizzer.interchange.importer import import_files

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<quiz><question type="truefalse"><name><text>&lol2;</text></name></question></quiz>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&x;</text></name></question></quiz>"""
MANIFEST = (
    b'<manifest><resources><resource type="imsqti_item_xmlv3p0" href="item.xml"/>'
    b"</resources></manifest>"
)


def _import(tmp_path: Path, name: str, body: bytes):
    source = tmp_path / name
    source.write_bytes(body)
    outcome = import_files([source], tmp_path / "bank")
    assert outcome.imported == 0 and outcome.failed_files == [str(source)]
    assert not (tmp_path / "bank").exists() or not list((tmp_path / "bank").rglob("*.yaml"))
    return outcome.reports[0]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_entity_expansion(tmp_path):
    report = _import(tmp_path, "bomb.xml", BOMB)
    assert "entities" in report.message and report.path.endswith("bomb.xml")


def test_external_entity(tmp_path):
    assert "entities or external" in _import(tmp_path, "xxe.xml", EXTERNAL).message


def test_malformed_xml_names_line_and_column(tmp_path):
    report = _import(tmp_path, "broken.xml", b"<quiz>\n<question type='truefalse'>\n</quiz>")
    assert report.where.startswith("3:") and "malformed XML" in report.message


def test_wrong_encoding_names_the_line(tmp_path):
    report = _import(
        tmp_path, "latin1.gift", "::q:: Café?{T}\n\n::r:: Über?{F}\n".encode("latin-1")
    )
    assert report.where == "1" and "not UTF-8" in report.message


def test_zip_bomb(tmp_path):
    package = _zip(
        {"imsmanifest.xml": MANIFEST, "item.xml": b"<a/>", "pad.bin": b"\0" * 30_000_000}
    )
    assert "zip bomb" in _import(tmp_path, "bomb.zip", package).message


def test_path_traversal(tmp_path):
    package = _zip({"imsmanifest.xml": MANIFEST, "../../evil.xml": b"<a/>"})
    report = _import(tmp_path, "evil.zip", package)
    assert "path traversal" in report.message and report.where == "../../evil.xml"


def test_package_without_manifest(tmp_path):
    assert "imsmanifest.xml" in _import(tmp_path, "bare.zip", _zip({"item.xml": b"<a/>"})).message
