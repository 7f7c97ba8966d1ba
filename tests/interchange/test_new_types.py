"""Short answers and recall cards in and out of every format that can carry them."""

from __future__ import annotations

import pytest

from quizzer.bank.loader import load_bank
from quizzer.interchange import anki, gift, moodle_xml, qti
from quizzer.interchange.exporter import export

#: format -> (reader, the new types it carries)
CASES = {
    "gift": (gift.read, {"short_answer"}),
    "moodle-xml": (moodle_xml.read, {"short_answer"}),
    "qti3": (qti.read, {"short_answer"}),
    "qti21": (qti.read, {"short_answer"}),
    "anki": (anki.read, {"recall"}),
}


@pytest.fixture
def questions(types_bank_root):
    bank = load_bank(types_bank_root, lab_backlinks=False)
    return [q for q in bank.questions.values() if q.type in {"short_answer", "recall"}]


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_new_types_round_trip(questions, types_bank_root, fmt):
    reader, carried = CASES[fmt]
    data, reports = export(questions, fmt, "out", types_bank_root)
    result = reader(data if isinstance(data, bytes) else data.encode(), "out")
    back = {q.fields["id"]: q for q in result.questions}
    lost = {(r.question_id, r.message) for r in reports}
    for question in questions:
        if question.type not in carried:
            if fmt == "anki":  # a Basic note: it comes back as a recall card, and says so
                assert back[question.id].fields["type"] == "recall"
            else:
                assert any(
                    q == question.id
                    and m.startswith(f"{question.type} questions do not fit")
                    and m.endswith("left out")
                    for q, m in lost
                )
            continue
        got = back[question.id].fields
        assert got["type"] == question.type and got["stem"] == question.stem
        assert sorted(back[question.id].tags) == sorted(question.objectives)
        if fmt != "anki":
            assert back[question.id].category == question.topic
        assert got["explanation"] == question.explanation
        if question.type == "recall":
            assert got["back"] == question.back
            assert not any(q == question.id for q, _ in lost)
            continue
        assert [a["text"] for a in got["answers"]] == [a.text for a in question.answers]
        feedback = [a.get("feedback") for a in got["answers"]]
        if fmt.startswith("qti") and any(a.feedback for a in question.answers):
            assert any(q == question.id and m.endswith("per-answer feedback") for q, m in lost)
        else:
            assert feedback == [a.feedback for a in question.answers]
        if question.pattern is not None:
            assert any(q == question.id and "pattern" in m for q, m in lost)


def test_gift_short_answer_with_feedback_and_weights():
    text = (
        "::sa:: Name the optimizer.{=Adam#Both moments. =adam =AdamW}\n\n"
        "::half:: Name one.{=%50%SGD =Adam}\n"
    )
    result = gift.read(text.encode(), "t.gift")
    (question,) = result.questions
    assert question.fields["type"] == "short_answer"
    assert question.fields["answers"] == [
        {"text": "Adam", "feedback": "Both moments."},
        {"text": "AdamW"},
    ]
    assert [(r.where, r.question_id) for r in result.skipped] == [("3", "half")]
    assert "50%" in result.skipped[0].message


def test_moodle_shortanswer_wildcards_case_and_partial_credit():
    xml = b"""<?xml version="1.0"?><quiz>
    <question type="shortanswer"><name><text>SA</text></name>
      <questiontext format="html"><text>Name it.</text></questiontext>
      <usecase>1</usecase>
      <answer fraction="100" format="moodle_auto_format"><text>Adam</text>
        <feedback format="html"><text>Both moments.</text></feedback></answer>
      <answer fraction="100" format="moodle_auto_format"><text>Adam*W</text></answer>
    </question>
    <question type="shortanswer"><name><text>Half</text></name>
      <questiontext format="html"><text>Name one.</text></questiontext>
      <answer fraction="100"><text>Adam</text></answer>
      <answer fraction="0"><text>*</text><feedback><text>No.</text></feedback></answer>
    </question></quiz>"""
    result = moodle_xml.read(xml, "m.xml")
    (question,) = result.questions
    fields = question.fields
    assert fields["type"] == "short_answer" and fields["case_sensitive"] is True
    assert fields["answers"] == [{"text": "Adam", "feedback": "Both moments."}]
    assert fields["pattern"] == "(?:Adam.*W)"
    assert [r.question_id for r in result.skipped] == ["half"]
    assert "worth 0%" in result.skipped[0].message


def test_qti_text_entry_of_words_uses_the_mapping():
    item = b"""<?xml version="1.0"?>
    <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="sa-1"
        title="SA" adaptive="false" time-dependent="false">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
        <qti-correct-response><qti-value>Adam</qti-value></qti-correct-response>
        <qti-mapping default-value="0">
          <qti-map-entry map-key="Adam" mapped-value="1" case-sensitive="false"/>
          <qti-map-entry map-key="adamw" mapped-value="1" case-sensitive="false"/>
          <qti-map-entry map-key="SGD" mapped-value="0" case-sensitive="false"/>
        </qti-mapping>
      </qti-response-declaration>
      <qti-item-body><p>Which optimizer keeps two moments?
        <qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
      <qti-response-processing
        template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>
    </qti-assessment-item>"""
    (question,) = qti.read(item, "sa.xml").questions
    assert question.fields["type"] == "short_answer"
    assert question.fields["answers"] == [{"text": "Adam"}, {"text": "adamw"}]
    assert "case_sensitive" not in question.fields


def test_anki_notes_become_recall_cards_and_keep_their_guid(tmp_path):
    text = (
        "#separator:tab\n#html:true\n#guid column:1\n#tags column:4\n"
        "abc1\tWhat is <b>dropout</b>?\tZeroing activations<hr id=answer>"
        "It stops co-adaptation.\tTEST-EXAM:1.1\n"
        "abc2\tEmpty back?\t\tx\n"
    )
    result = anki.read(text.encode(), "notes.txt")
    (card,) = result.questions
    assert card.fields == {
        "id": "abc1",
        "type": "recall",
        "stem": "What is dropout?",
        "back": "Zeroing activations",
        "explanation": "It stops co-adaptation.",
    }
    assert card.tags == ["TEST-EXAM:1.1"]
    assert [(r.where, r.question_id) for r in result.skipped] == [("6", "abc2")]
