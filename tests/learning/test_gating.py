"""Objective gating: off by default; objectives unlock in blueprint order at 60%."""

from __future__ import annotations

import datetime as dt

from learning_helpers import T0, Ans

from quizzer.assembly import select_practice
from quizzer.learning.gating import allowed_question_ids, filter_items, gate_state, gating_enabled

# The fixture exam: objective 1.1 has no questions (skipped); 1.2 has t-single, t-true-false and
# t-matching; 2.1 has t-multiple-partial and t-ordering, and opens together with the questions
# tagged to domain 2 as a whole (t-multiple, t-yes-no, t-numeric). Domain 3 is out of scope.
FIRST = {"t-single", "t-true-false", "t-matching"}
SECOND = {"t-multiple-partial", "t-ordering", "t-multiple", "t-yes-no", "t-numeric"}


def _answers(*scores: tuple[str, float]) -> list[Ans]:
    return [Ans(q, s, T0 + dt.timedelta(minutes=i)) for i, (q, s) in enumerate(scores)]


def test_off_by_default(fixture_bank):
    assert not gating_enabled({})
    assert not gating_enabled({"objective_gating": "yes"})
    assert gating_enabled({"objective_gating": True})
    assert allowed_question_ids(fixture_bank, "TEST-EXAM", [], settings={}) is None
    items = select_practice(fixture_bank, exam="TEST-EXAM", seed=1)
    assert filter_items(items, None) == items


def test_only_the_first_objective_is_open_at_first(fixture_bank):
    state = gate_state(fixture_bank, "TEST-EXAM", [])
    assert [s.ref for s in state.steps] == ["1.2", "2.1"]
    assert [s.unlocked for s in state.steps] == [True, False]
    assert state.current.ref == "1.2"
    assert state.allowed_question_ids == FIRST
    assert set(state.steps[1].question_ids) == SECOND


def test_sixty_percent_on_the_current_objective_unlocks_the_next(fixture_bank):
    state = gate_state(
        fixture_bank,
        "TEST-EXAM",
        _answers(("t-single", 1.0), ("t-true-false", 1.0), ("t-matching", 0.0)),
    )
    first = state.steps[0]
    assert (first.answered, round(first.score, 3), first.passed) == (3, 0.667, True)
    assert state.steps[1].unlocked and state.current.ref == "2.1"
    assert state.allowed_question_ids == FIRST | SECOND
    items = filter_items(
        select_practice(fixture_bank, exam="TEST-EXAM", seed=1), state.allowed_question_ids
    )
    assert {i.question_id for i in items} == FIRST | SECOND


def test_below_sixty_percent_or_too_few_answers_keeps_it_locked(fixture_bank):
    low = gate_state(
        fixture_bank,
        "TEST-EXAM",
        _answers(("t-single", 1.0), ("t-true-false", 0.0), ("t-matching", 0.5)),
    )
    assert not low.steps[0].passed and not low.steps[1].unlocked  # 50%
    few = gate_state(fixture_bank, "TEST-EXAM", _answers(("t-single", 1.0), ("t-true-false", 1.0)))
    assert few.steps[0].answered == 2 and not few.steps[1].unlocked  # 3 questions needed


def test_latest_score_counts_and_an_unlock_is_kept(fixture_bank):
    retried = _answers(
        ("t-single", 0.0),
        ("t-true-false", 0.0),
        ("t-matching", 0.0),
        ("t-single", 1.0),
        ("t-true-false", 1.0),
    )
    assert gate_state(fixture_bank, "TEST-EXAM", retried).steps[1].unlocked  # latest: 1, 1, 0
    slipped = retried + _answers(("t-single", 0.0))
    slipped[-1] = Ans("t-single", 0.0, T0 + dt.timedelta(hours=1))
    state = gate_state(fixture_bank, "TEST-EXAM", slipped)
    assert state.steps[0].score < 0.6 and state.steps[0].passed and state.steps[1].unlocked


def test_gating_disabled_shows_progress_but_opens_everything(fixture_bank):
    state = gate_state(fixture_bank, "TEST-EXAM", [], enabled=False)
    assert all(s.unlocked for s in state.steps)
    assert state.allowed_question_ids == FIRST | SECOND
    assert (
        allowed_question_ids(fixture_bank, "TEST-EXAM", [], settings={"objective_gating": True})
        == FIRST
    )
