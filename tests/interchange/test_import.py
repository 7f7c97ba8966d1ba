"""Import per format from files written the way other tools write them; bad files import nothing."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from quizzer.bank.lint import lint_bank
from quizzer.bank.loader import load_bank
from quizzer.interchange import aiken, anki, gift, moodle_xml, qti
from quizzer.interchange.importer import detect, import_files

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"


def _by_id(result) -> dict:
    return {q.fields["id"]: q.fields for q in result.questions}


def _keys(fields) -> list[str]:
    return [o["text"] for o in fields["options"] if o.get("correct")]


def test_moodle_export_maps_every_type():
    result = moodle_xml.read((FIXTURES / "moodle-export.xml").read_bytes(), "moodle-export.xml")
    got = _by_id(result)
    assert not result.skipped
    assert len(got) == 6
    assert got["opt-1"]["type"] == "single" and _keys(got["opt-1"]) == ["The squared gradient"]
    assert got["opt-1"]["options"][0]["rationale"] == "Right: the second moment scales each step."
    assert (
        got["opt-1"]["explanation"] == "Adam tracks the first and second moments of the gradient."
    )
    multi = next(f for f in got.values() if f["type"] == "multiple")
    assert multi["choose"] == 2 and _keys(multi) == ["Dropout", "Weight decay"]
    assert "`nn.Dropout(0.5)`" in multi["stem"]
    assert (
        got["relu-tf"]["answer"] is True
        and got["relu-tf"]["rationale_true"] == "max(0, x) is 0 for x < 0."
    )
    matching = next(f for f in got.values() if f["type"] == "matching")
    assert [p["match"] for p in matching["pairs"]] == ["Mean squared error", "Cross-entropy"]
    assert [d["text"] for d in matching["distractors"]] == ["Hinge"]
    assert (
        got["n-1"]["answer"] == 12
        and got["n-1"]["unit"] == "weights"
        and got["n-1"]["mistakes"][0]["value"] == 7
    )
    assert [i["text"] for i in got["ord-1"]["items"]] == [
        "Forward pass",
        "Compute the loss",
        "Backward pass",
    ]
    assert {q.category for q in result.questions} == {"optimizers"}


def test_gift_maps_every_type_and_reads_escapes():
    result = gift.read((FIXTURES / "sample.gift").read_bytes(), "sample.gift")
    got = _by_id(result)
    assert not result.skipped and len(got) == 7
    assert got["act-relu"]["stem"] == "What does ReLU return for {-2}?"
    assert (
        _keys(got["act-relu"]) == ["0"] and got["act-relu"]["explanation"] == "ReLU is max(0, x)."
    )
    assert result.questions[0].tags == ["activations"] and result.questions[0].difficulty == 1
    assert (
        got["sigmoid-range"]["stem"]
        == "The sigmoid $\\sigma(x) = 1/(1+e^{-x})$ outputs values in which range?"
    )
    assert (
        got["tf1"]["answer"] is False
        and got["tf1"]["rationale_false"] == "Right: eval() disables it."
    )
    assert got["num"]["answer"] == 3 and got["num"]["tolerance"] == 0
    assert got["range"]["answer"] == pytest.approx(0.0055) and got["range"][
        "tolerance"
    ] == pytest.approx(0.0045)
    assert [d["text"] for d in got["match"]["distractors"]] == ["Microsoft"]
    assert got["multi"]["choose"] == 2


def test_gift_reports_what_does_not_fit_by_line():
    result = gift.read((FIXTURES / "unsupported.gift").read_bytes(), "unsupported.gift")
    assert [(r.where, r.question_id) for r in result.skipped] == [("1", "essay"), ("3", "short")]
    assert "short answer" in result.skipped[1].message
    assert len(result.questions) == 1


def test_aiken_and_anki():
    result = aiken.read((FIXTURES / "sample-aiken.txt").read_bytes(), "a.txt")
    assert [_keys(q.fields) for q in result.questions] == [["Binary cross-entropy"], ["Conv2D"]]
    notes = anki.read((FIXTURES / "anki-export.txt").read_bytes(), "anki.txt")
    assert [(q.fields["type"], q.fields["id"]) for q in notes.questions] == [
        ("true_false", "gk3-a1"),
        ("numeric", "q8z-x2"),
        ("recall", "zz9q0"),
    ]
    assert notes.questions[0].category == "facts" and notes.questions[1].tags == ["layers"]
    card = notes.questions[2].fields
    assert card["stem"] == "What is dropout?" and card["back"] == "Randomly zeroing activations"
    assert not notes.skipped
    legacy = anki.read((FIXTURES / "anki-legacy.txt").read_bytes(), "legacy.txt")
    assert [q.fields.get("answer", q.fields.get("back")) for q in legacy.questions] == [
        4.0,
        "Paris",
    ]
    assert legacy.questions[1].fields["type"] == "recall" and not legacy.skipped


def _package(folder: Path, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_qti3_package_maps_choice_order_match_and_entry():
    result = qti.read(_package(FIXTURES / "qti3"), "sample.zip")
    got = _by_id(result)
    assert not result.skipped and len(got) == 4
    assert _keys(got["loss-curve"]) == ["Overfitting"]
    assert (
        "![training loss falls, validation loss rises](images/curve.png)"
        in got["loss-curve"]["stem"]
    )
    assert "images/curve.png" in result.resources
    assert [i["text"] for i in got["step-order"]["items"]] == [
        "Zero old gradients",
        "Compute gradients",
        "Update the weights",
    ]
    assert [(p["prompt"], p["match"]) for p in got["layer-match"]["pairs"]] == [
        ("Conv2d", "Images"),
        ("LSTM", "Sequences"),
    ]
    assert got["kernel-out"]["answer"] == 30


def test_import_writes_a_bank_that_loads_and_warns_until_tagged(tmp_path):
    into = tmp_path / "bank"
    shutil.copy(FIXTURES / "moodle-export.xml", tmp_path / "moodle-export.xml")
    outcome = import_files([tmp_path / "moodle-export.xml", FIXTURES / "sample.gift"], into)
    assert outcome.imported == 13 and not outcome.failed_files
    bank = load_bank(into, lab_backlinks=False)
    assert len(bank.questions) == 13 and "IMPORTED" in bank.blueprints
    warnings = [p for p in lint_bank(bank) if "vendor objective" in p.message]
    assert len(warnings) == 13 and warnings[0].path.endswith(".yaml")
    # A second import of the same file replaces it rather than duplicating its ids.
    again = import_files([tmp_path / "moodle-export.xml"], into)
    assert again.imported == 6 and len(load_bank(into, lab_backlinks=False).questions) == 13


def test_a_file_with_a_question_that_does_not_fit_imports_nothing(tmp_path):
    outcome = import_files([FIXTURES / "moodle-unsupported.xml"], tmp_path)
    assert outcome.imported == 0 and not list(tmp_path.glob("*.yaml"))
    assert {r.question_id for r in outcome.reports} == {"essay", "sa"}
    partial = import_files([FIXTURES / "moodle-unsupported.xml"], tmp_path, skip_unsupported=True)
    assert partial.imported == 6


def test_missing_image_is_reported_and_blocks_the_file(tmp_path):
    source = tmp_path / "img.gift"
    source.write_text("::pic:: What does ![a plot](plots/missing.png) show?{=a ~b}\n")
    outcome = import_files([source], tmp_path / "bank")
    assert outcome.imported == 0
    assert any("plots/missing.png" in r.message and r.question_id == "pic" for r in outcome.reports)


def test_detection():
    assert detect(Path("x.xml"), (FIXTURES / "moodle-export.xml").read_bytes()) == "moodle-xml"
    assert detect(Path("x.txt"), (FIXTURES / "sample-aiken.txt").read_bytes()) == "aiken"
    assert detect(Path("x.txt"), (FIXTURES / "anki-export.txt").read_bytes()) == "anki"
    assert detect(Path("x.txt"), (FIXTURES / "sample.gift").read_bytes()) == "gift"
    assert detect(Path("x.zip"), b"PK\x03\x04") == "qti"


def test_qti_package_images_ship_inside_the_imported_bank(tmp_path):
    package = tmp_path / "sample.zip"
    package.write_bytes(_package(FIXTURES / "qti3"))
    into = tmp_path / "bank"
    outcome = import_files([package], into)
    assert outcome.imported == 4 and (into / "images" / "curve.png").read_bytes().startswith(
        b"\x89PNG"
    )
    bank = load_bank(into, lab_backlinks=False)
    assert not [p for p in lint_bank(bank) if "image" in p.message]
    (into / "images" / "curve.png").unlink()
    assert any(
        "images/curve.png' is missing" in p.message
        for p in lint_bank(load_bank(into, lab_backlinks=False))
    )
