"""The per-type registration: every type registered once, and the two new types' own rules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from quizzer import qtypes
from quizzer.assembly import assemble_mock, select_practice
from quizzer.bank.lint import lint_bank
from quizzer.bank.loader import load_bank
from quizzer.bank.schema import Question, question_adapter
from quizzer.learning.guessing import random_guess_score
from quizzer.scoring import grade

DOCS = Path(__file__).parents[1] / "docs"


@pytest.fixture
def bank(types_bank_root):
    return load_bank(types_bank_root, lab_backlinks=False)


def _short(**extra) -> object:
    data = {
        "id": "s",
        "type": "short_answer",
        "stem": "Which optimizer?",
        "answers": [{"text": "Adam", "feedback": "Right: both moments."}, {"text": "AdamW"}],
        "explanation": "Adam keeps two moments.",
        "objectives": ["TEST-EXAM:2.1"],
        "topic": "optimizers",
        "difficulty": 1,
    }
    return question_adapter.validate_python({**data, **extra})


def test_every_schema_type_is_registered_once_under_its_own_name():
    union = get_args(get_args(Question)[0])
    assert {t.model for t in qtypes.TYPES.values()} == set(union)
    for name, kind in qtypes.TYPES.items():
        assert get_args(kind.model.model_fields["type"].annotation) == (name,)


def test_every_type_has_a_screen_side_and_a_section_in_the_docs():
    from quizzer.widgets.qtype_ui import UI

    assert set(UI) == set(qtypes.NAMES)
    headings = set(re.findall(r"^### `([a-z_]+)`", (DOCS / "question-format.md").read_text(), re.M))
    assert headings == set(qtypes.NAMES)


def test_the_engine_side_of_the_types_imports_no_textual():
    code = (
        "import sys, quizzer.qtypes, quizzer.scoring, quizzer.assembly, quizzer.bank.lint;"
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("response", "score"),
    [("Adam", 1.0), ("  adam ", 1.0), ("ADAMW", 1.0), ("Adagrad", 0.0), ("", 0.0), (3, 0.0)],
)
def test_short_answer_ignores_case_and_outer_spaces(response, score):
    assert grade(_short(), response).score == score


def test_short_answer_pattern_and_case_sensitivity():
    pattern = _short(pattern=r"adam\s*w?")
    assert grade(pattern, "Adam W").correct and not grade(pattern, "Adam Wx").correct
    strict = _short(case_sensitive=True)
    assert grade(strict, "Adam").correct and not grade(strict, "adam").correct


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"pattern": "(unclosed"}, "'pattern' is not a valid regular expression"),
        ({"answers": [{"text": "Adam"}, {"text": "adam"}]}, "two accepted answers are the same"),
        ({"answers": []}, "at least 1"),
    ],
)
def test_short_answer_schema_errors_say_what_to_change(extra, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        _short(**extra)


def test_recall_grades_the_learners_rating_and_cannot_be_guessed(bank):
    card = bank.questions["t-recall"]
    assert [grade(card, r).score for r in (1, 2, 3, 4)] == [0.0, 0.5, 1.0, 1.0]
    assert grade(card, 5).score == 0.0 and grade(card, "3").score == 0.0
    assert qtypes.of(card).self_rating(2) == 2 and qtypes.of(card).self_rating(True) is None
    assert random_guess_score(card) == 0.0 == random_guess_score(bank.questions["t-short"])


def test_mocks_never_draw_a_recall_card_but_practice_does(bank):
    blueprint = bank.blueprints["TEST-EXAM"]
    drawn = set()
    for seed in range(10):
        plan = assemble_mock(bank, blueprint, seed=seed, length=len(bank.questions))
        drawn |= {item.question_id for item in plan.items}
    assert "t-recall" not in drawn and {"t-short", "t-short-pattern"} <= drawn
    assert "t-recall" in {item.question_id for item in select_practice(bank, exam="TEST-EXAM")}


def test_lint_checks_the_new_types_by_their_own_rules(types_bank_root):
    root = types_bank_root
    path = root / "questions" / "new_types.yaml"
    text = path.read_text()
    text = text.replace("      - text: ReLU\n", "      - text: " + "r" * 45 + "\n")
    text = text.replace(
        "back: It zeroes a random share of activations and scales the rest up.",
        "back: dropout",
    )
    path.write_text(text)
    bank = load_bank(root, lab_backlinks=False)
    warnings = {(p.question_id, p.message) for p in lint_bank(bank)}
    # A pattern accepts other forms, so a long written-out answer is fine beside one.
    assert not any(q == "t-short-pattern" and "too long" in m for q, m in warnings)
    assert ("t-recall", "the front already shows the back; reword the front") in warnings
    assert (
        "t-short",
        "rationale for 'Adam' is too short to teach anything; say why it is right or wrong",
    ) not in warnings


def test_the_adaptive_check_never_asks_a_recall_card(bank):
    from quizzer.learning.adaptive import for_exam

    check = for_exam(bank, "TEST-EXAM", {}, seed=0)
    asked = {q for ids in check.domains.values() for q in ids}
    assert "t-recall" not in asked and "t-short" in asked
