"""Weak-area drill: weakest objectives first, weighted by blueprint, seeded, as assembly Items."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from learning_helpers import T0, Ans, synthetic_bank

from quizzer.assembly import Item
from quizzer.learning.drill import drill, drill_session, objective_mastery
from quizzer.store import answers as answer_store
from quizzer.store import sessions

AT = T0 + dt.timedelta(days=1)


def _answers(bank, accuracy_by_objective: dict[str, float]) -> list[Ans]:
    answers = []
    for i, question_id in enumerate(sorted(bank.questions)):
        objective = bank.questions[question_id].objectives[0].split(":")[1]
        accuracy = accuracy_by_objective[objective]
        index = int(question_id.rsplit("q", 1)[1])
        right = index < round(accuracy * 20)
        answers.append(Ans(question_id, 1.0 if right else 0.0, T0 + dt.timedelta(minutes=i)))
    return answers


def test_weakest_objective_ranks_first_and_weights_matter():
    bank = synthetic_bank(20)
    ranked = objective_mastery(
        bank, "SYN", _answers(bank, {"A.1": 0.9, "A.2": 0.3, "B.1": 0.3}), at=AT
    )
    assert [o.ref for o in ranked] == [
        "A.2",
        "B.1",
        "A.1",
    ]  # A.2 and B.1 equally weak; A weighs more
    assert ranked[0].priority == ranked[0].weight * (1 - ranked[0].mastery)
    assert ranked[0].text == "a two" and ranked[0].domain_id == "A"


def test_drill_draws_mostly_from_the_weakest_objectives():
    bank = synthetic_bank(20)
    answers = _answers(bank, {"A.1": 0.95, "A.2": 0.2, "B.1": 0.9})
    items = drill(bank, "SYN", answers, seed=7, at=AT, length=10, objectives=1)
    assert len(items) == 10 and len({i.question_id for i in items}) == 10
    assert all(isinstance(i, Item) for i in items)
    assert {i.question_id.split("-q")[0] for i in items} == {"a-2"}
    assert {i.domain_id for i in items} == {"A"}
    # the questions that went wrong come first in priority
    wrong = {a.question_id for a in answers if a.score == 0}
    assert sum(i.question_id in wrong for i in items) >= 8


def test_drill_is_seeded_and_spreads_over_several_weak_objectives():
    bank = synthetic_bank(20)
    answers = _answers(bank, {"A.1": 0.95, "A.2": 0.3, "B.1": 0.3})
    first = drill(bank, "SYN", answers, seed=1, at=AT, length=12, objectives=2)
    assert first == drill(bank, "SYN", answers, seed=1, at=AT, length=12, objectives=2)
    assert first != drill(bank, "SYN", answers, seed=2, at=AT, length=12, objectives=2)
    counts = Counter(i.question_id.split("-q")[0] for i in first)
    assert set(counts) <= {"a-2", "b-1"} and len(counts) == 2


def test_drill_shuffles_display_order(fixture_bank):
    items = drill(fixture_bank, "TEST-EXAM", [], seed=3, at=AT, length=20, objectives=10)
    assert {i.question_id for i in items} == set(fixture_bank.questions)
    single = next(i for i in items if i.question_id == "t-single")
    assert sorted(single.order) == [0, 1, 2]
    assert next(i for i in items if i.question_id == "t-true-false").order is None


def test_drill_session_from_the_store(engine, profile_id, fixture_bank):
    session = sessions.start_session(engine, profile_id=profile_id, kind="practice")
    for question_id in ("t-single", "t-true-false", "t-matching"):
        answer_store.record_answer(
            engine,
            session_id=session,
            profile_id=profile_id,
            question_id=question_id,
            content_hash="h",
            response=None,
            correct=False,
            score=0.0,
            time_ms=1000,
            answered_at=T0,
        )
    items = drill_session(
        engine,
        fixture_bank,
        profile_id=profile_id,
        exam_id="TEST-EXAM",
        seed=0,
        length=3,
        objectives=1,
        now=AT,
    )
    assert {i.question_id for i in items} == {"t-single", "t-true-false", "t-matching"}
