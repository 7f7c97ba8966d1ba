"""The checker reports every problem as file:line: id: message, and a bad bank loads nothing."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from quizzer.bank.loader import BankError, check_bank, load_bank

GOOD = """\
  - id: extra-single
    type: single
    stem: Which layer receives the raw features?
    options:
      - {text: The input layer, correct: true, rationale: It has one unit per input feature.}
      - {text: The output layer, rationale: It produces the predictions.}
    explanation: Data enters at the input layer.
    objectives: ["TEST-EXAM:1.1"]
    topic: fundamentals
    difficulty: 1
"""


@pytest.fixture
def bank_dir(tmp_path, fixture_bank_root) -> Path:
    root = tmp_path / "bank"
    shutil.copytree(fixture_bank_root, root)
    return root


def add_file(root: Path, name: str, body: str) -> Path:
    path = root / "questions" / name
    path.write_text(
        textwrap.dedent(body) if not body.startswith("questions:") else body, encoding="utf-8"
    )
    return path


def problems_of(root: Path, labs=None) -> list[str]:
    bank, problems = check_bank(root, labs=labs)
    errors = [p for p in problems if p.severity == "error"]
    assert errors, "expected the checker to find an error"
    assert bank is None, "a bank with errors must not load"
    return [str(p) for p in errors]


def test_fixture_bank_loads_every_type(bank):
    types = {q.type for q in bank.questions.values()}
    assert types == {
        "single",
        "multiple",
        "true_false",
        "yes_no",
        "ordering",
        "matching",
        "numeric",
    }
    assert bank.locations["t-single"].line == 2


def test_good_extra_file_loads(bank_dir):
    add_file(bank_dir, "more.yaml", "questions:\n" + GOOD)
    bank = load_bank(bank_dir)
    assert "extra-single" in bank.questions


def test_missing_field_names_file_line_and_id(bank_dir):
    add_file(
        bank_dir,
        "bad.yaml",
        "questions:\n" + GOOD.replace("    explanation: Data enters at the input layer.\n", ""),
    )
    [message] = problems_of(bank_dir)
    assert message.startswith(
        "bank/questions/bad.yaml:2: extra-single: explanation: required field is missing"
    )


def test_unknown_field_is_an_error(bank_dir):
    add_file(
        bank_dir,
        "bad.yaml",
        "questions:\n" + GOOD.replace("difficulty: 1", "difficulty: 1\n    dificulty: 2"),
    )
    [message] = problems_of(bank_dir)
    assert "bad.yaml:12: extra-single: unknown field 'dificulty'" in message


def test_unquoted_colon_points_at_the_option(bank_dir):
    body = "questions:\n" + GOOD.replace(
        "rationale: It produces the predictions.", "rationale: Wrong: it produces predictions."
    )
    add_file(bank_dir, "bad.yaml", body)
    [message] = problems_of(bank_dir)
    assert message.startswith("bank/questions/bad.yaml:7:") and "syntax" in message


def test_key_must_match_options(bank_dir):
    add_file(bank_dir, "bad.yaml", "questions:\n" + GOOD.replace(", correct: true", ""))
    [message] = problems_of(bank_dir)
    assert "marks 0 option(s) correct" in message


def test_multiple_choose_must_match_key(bank_dir):
    body = """\
    questions:
      - id: extra-multi
        type: multiple
        stem: Which are regularizers? (Choose two.)
        choose: 3
        options:
          - {text: Dropout, correct: true, rationale: Randomly drops units.}
          - {text: L2 penalty, correct: true, rationale: Penalises large weights.}
          - {text: A larger learning rate, rationale: "Changes step size, not capacity."}
          - {text: More epochs, rationale: Tends to increase overfitting.}
        explanation: x
        objectives: ["TEST-EXAM:2"]
        topic: regularization
        difficulty: 1
    """
    add_file(bank_dir, "bad.yaml", body)
    [message] = problems_of(bank_dir)
    assert "'choose: 3' but the key marks 2" in message


def test_stem_choose_count_must_match(bank_dir):
    body = textwrap.dedent("""\
    questions:
      - id: extra-multi
        type: multiple
        stem: Which are regularizers? (Choose three.)
        choose: 2
        options:
          - {text: Dropout, correct: true, rationale: Randomly drops units.}
          - {text: L2 penalty, correct: true, rationale: Penalises large weights.}
          - {text: A larger learning rate, rationale: "Changes step size, not capacity."}
        explanation: x
        objectives: ["TEST-EXAM:2"]
        topic: regularization
        difficulty: 1
    """)
    add_file(bank_dir, "bad.yaml", body)
    [message] = problems_of(bank_dir)
    assert "the stem says choose 3 but 'choose' is 2" in message


def test_duplicate_option_text_is_an_error(bank_dir):
    body = "questions:\n" + GOOD.replace("The output layer", "The input layer").replace(
        ", correct: true", "", 0
    )
    add_file(bank_dir, "bad.yaml", body)
    [message] = problems_of(bank_dir)
    assert "repeat the same text" in message


def test_duplicate_ids_across_files(bank_dir):
    add_file(bank_dir, "a.yaml", "questions:\n" + GOOD)
    add_file(bank_dir, "b.yaml", "questions:\n" + GOOD)
    [message] = problems_of(bank_dir)
    assert (
        "b.yaml:2: extra-single: duplicate id (first defined at bank/questions/a.yaml:2)" in message
    )


def test_unknown_exam_and_objective(bank_dir):
    add_file(
        bank_dir,
        "bad.yaml",
        "questions:\n" + GOOD.replace('["TEST-EXAM:1.1"]', '["NOPE:1", "TEST-EXAM:9.9"]'),
    )
    messages = problems_of(bank_dir)
    assert any("unknown exam 'NOPE'" in m for m in messages)
    assert any("TEST-EXAM has no objective or domain '9.9'" in m for m in messages)


def test_unknown_topic(bank_dir):
    add_file(
        bank_dir,
        "bad.yaml",
        "questions:\n" + GOOD.replace("topic: fundamentals", "topic: astrology"),
    )
    [message] = problems_of(bank_dir)
    assert "topic 'astrology' is not in topics.yaml" in message


def test_unknown_lab_and_lab_links_both_ways(bank_dir):
    messages = problems_of(bank_dir, labs={"other-lab": ["t-numeric"]})
    assert any("lab 'test-lab' does not exist" in m for m in messages)
    assert any(
        "t-numeric: lab 'other-lab' lists this question; add 'lab: other-lab'" in m
        for m in messages
    )


def test_every_problem_is_reported_at_once(bank_dir):
    add_file(bank_dir, "bad1.yaml", "questions:\n" + GOOD.replace("difficulty: 1", "difficulty: 7"))
    add_file(bank_dir, "bad2.yaml", "questions: [\n")
    add_file(bank_dir, "bad3.yaml", "questions:\n" + GOOD.replace("extra-single", "Bad Id"))
    messages = problems_of(bank_dir)
    assert len(messages) == 3
    assert any("bad1.yaml" in m and "difficulty" in m for m in messages)
    assert any("bad2.yaml" in m for m in messages)
    assert any("bad3.yaml" in m and "id" in m for m in messages)


def test_wrong_type_and_empty_file(bank_dir):
    add_file(bank_dir, "bad.yaml", "questions:\n" + GOOD.replace("type: single", "type: essay"))
    add_file(bank_dir, "empty.yaml", "")
    messages = problems_of(bank_dir)
    assert any("'type' must be one of" in m for m in messages)
    assert any("empty.yaml:1: file is empty" in m for m in messages)


def test_hostile_file_fails_cleanly(bank_dir):
    (bank_dir / "questions" / "bomb.yaml").write_bytes(b"questions: &a [*a]\n")
    (bank_dir / "questions" / "bin.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    messages = problems_of(bank_dir)
    assert any("bomb.yaml:1:" in m and "alias" in m for m in messages)
    assert any("bin.yaml:3:" in m and "binary" in m for m in messages)


def test_load_bank_raises_with_all_problems(bank_dir):
    add_file(bank_dir, "bad.yaml", "questions:\n" + GOOD.replace("difficulty: 1", "difficulty: 0"))
    with pytest.raises(BankError) as info:
        load_bank(bank_dir)
    assert len(info.value.problems) == 1


def test_blueprint_errors_are_located(bank_dir):
    path = bank_dir / "exams" / "TEST-EXAM.yaml"
    path.write_text(path.read_text().replace('weight: "30%"', 'weight: "thirty"'))
    messages = problems_of(bank_dir)
    assert any("TEST-EXAM.yaml:" in m and "thirty" in m for m in messages)


def test_content_hash_ignores_tags_but_sees_rewording(bank_dir):
    first = load_bank(bank_dir)
    path = bank_dir / "questions" / "all_types.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("difficulty: 1\n    references", "difficulty: 2\n    references", 1)
    )
    retagged = load_bank(bank_dir)
    assert retagged.content_hash("t-single") == first.content_hash("t-single")
    path.write_text(
        text.replace(
            "Which activation is the usual default", "Which activation is the common default"
        )
    )
    reworded = load_bank(bank_dir)
    assert reworded.content_hash("t-single") != first.content_hash("t-single")
    assert reworded.content_hash("t-numeric") == first.content_hash("t-numeric")
