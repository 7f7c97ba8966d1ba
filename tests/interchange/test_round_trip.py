"""Export the shipped bank in each format and import it back: what a format carries returns."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.etree import ElementTree as ET

import pytest

from quizzer.bank.loader import load_bank
from quizzer.bank.schema import question_adapter
from quizzer.interchange import aiken, anki, gift, moodle_xml, qti
from quizzer.interchange.exporter import export

#: format -> (reader, types it carries, fields of options/items it carries)
CASES = {
    "gift": (gift.read, {"single", "multiple", "true_false", "numeric", "matching"}),
    "moodle-xml": (
        moodle_xml.read,
        {"single", "multiple", "true_false", "numeric", "matching", "ordering"},
    ),
    "qti3": (qti.read, {"single", "multiple", "true_false", "numeric", "matching", "ordering"}),
    "qti21": (qti.read, {"single", "multiple", "true_false", "numeric", "matching", "ordering"}),
}
#: the order the item schema requires for an assessment item's children
_V21 = [
    "responseDeclaration",
    "outcomeDeclaration",
    "itemBody",
    "responseProcessing",
    "modalFeedback",
]
ORDER = {"qti21": _V21, "qti3": ["qti-" + re.sub(r"([A-Z])", r"-\1", t).lower() for t in _V21]}
LOST_BY_DESIGN = {"scoring", "shuffle"}  # reported on export when they differ


@pytest.fixture(scope="module")
def bank():
    return load_bank(None, lab_backlinks=False)


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_round_trip(bank, fmt):
    reader, carried = CASES[fmt]
    questions = list(bank.questions.values())
    data, reports = export(questions, fmt, "out", bank.root)
    result = reader(data if isinstance(data, bytes) else data.encode(), "out")
    assert not result.skipped
    back = {q.fields["id"]: q for q in result.questions}
    expected = [q for q in questions if q.type in carried]
    assert sorted(back) == sorted(q.id for q in expected)
    left_out = {r.question_id for r in reports if r.message.endswith("left out")}
    assert left_out == {q.id for q in questions if q.type not in carried}
    for question in expected:
        imported = back[question.id]
        original = question.model_dump()
        assert imported.fields["type"] == question.type
        assert sorted(imported.tags) == sorted(question.objectives)
        assert imported.category == question.topic and imported.difficulty == question.difficulty
        for key, value in imported.fields.items():
            if key in LOST_BY_DESIGN:
                continue
            if isinstance(value, list):
                lost_rationales = question.type == "matching" and fmt in {"gift", "moodle-xml"}
                for got, want in zip(value, original[key], strict=True):
                    for field, field_value in got.items():
                        if not (lost_rationales and field == "rationale"):
                            assert field_value == want[field], (question.id, key, field)
            else:
                assert value == original[key], (question.id, key)
        if question.type == "matching" and fmt in {"gift", "moodle-xml"}:
            assert any(r.question_id == question.id and "rationales" in r.message for r in reports)


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_numbers_with_more_than_six_digits_come_back_exactly(fmt):
    question = question_adapter.validate_python(
        {
            "id": "big-numbers",
            "type": "numeric",
            "stem": "How many weights does a 1,024 by 1,024 matrix hold?",
            "answer": 1048576,
            "tolerance": 0.125,
            "mistakes": [{"value": 1234567.25, "rationale": "That is a made-up count."}],
            "explanation": "1,024 squared is 1,048,576.",
            "objectives": ["NCA-GENL:D1"],
            "topic": "frameworks",
            "difficulty": 1,
        }
    )
    data, _ = export([question], fmt, "out")
    back = CASES[fmt][0](data if isinstance(data, bytes) else data.encode(), "out").questions
    assert back[0].fields["answer"] == 1048576 and back[0].fields["tolerance"] == 0.125
    if fmt in {"gift", "moodle-xml"}:  # QTI carries no mistakes (reported on export)
        assert [m["value"] for m in back[0].fields["mistakes"]] == [1234567.25]


def test_aiken_round_trip_keeps_stems_options_and_keys(bank):
    every_single = [q for q in bank.questions.values() if q.type == "single"]
    text, reports = aiken.export(every_single, "out")
    back = aiken.read(text.encode(), "out").questions
    # Stems with code span lines, which Aiken cannot hold: each is reported, none lost silently.
    multi_line = {
        q.id for q in every_single if "\n" in q.stem or any("\n" in o.text for o in q.options)
    }
    assert multi_line and multi_line == {
        r.question_id for r in reports if r.message.endswith("left out")
    }
    singles = [q for q in every_single if q.id not in multi_line]
    assert [(q.fields["stem"], [o["text"] for o in q.fields["options"]]) for q in back] == [
        (q.stem, [o.text for o in q.options]) for q in singles
    ]
    assert [[o.get("correct", False) for o in q.fields["options"]] for q in back] == [
        [o.correct for o in q.options] for q in singles
    ]
    assert all("rationales" in r.message for r in reports if r.question_id not in multi_line)


def test_anki_export_one_deck_per_exam_with_ids_as_guids(bank):
    questions = list(bank.questions.values())
    text, _ = anki.export(questions, "out")
    result = anki.read(text.encode(), "out")
    # Every note comes back under its guid: true/false as itself, the rest as recall cards.
    assert not result.skipped
    back = {q.fields["id"]: q.fields for q in result.questions}
    assert sorted(back) == sorted(q.id for q in questions)
    for q in questions:
        assert back[q.id]["type"] == ("true_false" if q.type == "true_false" else "recall")
        assert back[q.id]["explanation"] == q.explanation, q.id
    decks = {line.split("\t")[1] for line in text.splitlines() if not line.startswith("#")}
    assert decks == {f"quizzer::{q.objectives[0].split(':')[0]}" for q in questions}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_qti_package_structure(bank):
    """What is checked without 1EdTech's XSDs: manifest, namespaces, required elements per item."""
    questions = [q for q in bank.questions.values() if q.type != "yes_no"][:40]
    for fmt, prefix, ns in (("qti3", "qti-", "imsqtiasi_v3p0"), ("qti21", "", "imsqti_v2p1")):
        data, _ = export(questions, fmt, "out", bank.root)
        archive = zipfile.ZipFile(BytesIO(data))
        manifest = archive.read("imsmanifest.xml").decode()
        assert "<schemaversion>" in manifest and "http://ltsc.ieee.org/xsd/LOM" in manifest
        assert "<resources>" in manifest and manifest.count("<resource ") == len(questions)
        for name in archive.namelist():
            if name.startswith("items/"):
                item = archive.read(name).decode()
                assert ns in item
                children = [_local(c.tag) for c in ET.fromstring(item)]
                assert children == sorted(children, key=ORDER[fmt].index), (fmt, name, children)
                for element in (
                    "assessment-item",
                    "response-declaration",
                    "outcome-declaration",
                    "item-body",
                    "response-processing",
                ):
                    tag = (
                        prefix + element
                        if prefix
                        else "".join(
                            p.capitalize() if i else p for i, p in enumerate(element.split("-"))
                        )
                    )
                    assert f"<{tag}" in item, (fmt, name, tag)
