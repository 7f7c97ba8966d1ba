"""Spaced repetition with an injected clock: ratings, intervals, due counts and cram retention."""

from __future__ import annotations

import datetime as dt

import pytest
from fsrs import Rating
from learning_helpers import T0

from quizzer.learning import due_count as exported_due_count
from quizzer.learning.cram import cram_exams, days_left, exam_dates, set_exam_date
from quizzer.learning.srs import (
    SrsConfig,
    due_count,
    due_question_ids,
    rating_for,
    rebuild_cards,
    recall,
    review,
)
from quizzer.store import answers as answer_store
from quizzer.store import profiles, sessions
from quizzer.store.cards import get_card

DAY = dt.timedelta(days=1)
SLOW = 60_000
FAST = 5_000


def test_dashboard_import_surface():
    assert exported_due_count is due_count


@pytest.mark.parametrize(
    ("correct", "time_ms", "certainty", "qtype", "expected"),
    [
        (False, FAST, 3, "single", Rating.Again),
        (True, SLOW, None, "single", Rating.Good),
        (True, FAST, None, "single", Rating.Easy),
        (True, FAST, 3, "single", Rating.Easy),
        (True, FAST, 2, "single", Rating.Good),
        (True, FAST, 1, "single", Rating.Good),
        (True, 12_000, None, "true_false", Rating.Good),  # 10 s threshold for a true/false
        (True, 12_000, None, "matching", Rating.Easy),  # 40 s threshold for matching
        (True, 15_000, None, None, Rating.Easy),  # unknown type: 15 s
    ],
)
def test_rating(correct, time_ms, certainty, qtype, expected):
    assert (
        rating_for(correct=correct, time_ms=time_ms, certainty=certainty, question_type=qtype)
        == expected
    )


def test_fast_threshold_is_configurable():
    config = SrsConfig(fast_ms={"single": 3_000})
    assert (
        rating_for(correct=True, time_ms=FAST, question_type="single", config=config) == Rating.Good
    )


def test_wrong_answer_comes_back_sooner_than_a_right_one(engine, profile_id):
    wrong = review(
        engine, profile_id=profile_id, question_id="q-wrong", correct=False, time_ms=SLOW, now=T0
    )
    right = review(
        engine, profile_id=profile_id, question_id="q-right", correct=True, time_ms=SLOW, now=T0
    )
    assert (wrong.rating, right.rating) == ("Again", "Good")
    assert wrong.due < right.due
    assert wrong.due - T0 <= dt.timedelta(hours=1)
    assert right.due - T0 >= DAY
    assert due_question_ids(engine, profile_id=profile_id, now=T0 + dt.timedelta(minutes=11)) == [
        "q-wrong"
    ]


def test_easy_pushes_further_than_good(engine, profile_id):
    good = review(
        engine, profile_id=profile_id, question_id="q-good", correct=True, time_ms=SLOW, now=T0
    )
    easy = review(
        engine,
        profile_id=profile_id,
        question_id="q-easy",
        correct=True,
        time_ms=FAST,
        certainty=3,
        now=T0,
    )
    assert (good.rating, easy.rating) == ("Good", "Easy")
    assert easy.due > good.due


def test_due_count_changes_over_time(engine, profile_id):
    review(engine, profile_id=profile_id, question_id="a", correct=False, time_ms=SLOW, now=T0)
    review(engine, profile_id=profile_id, question_id="b", correct=True, time_ms=SLOW, now=T0)
    review(engine, profile_id=profile_id, question_id="c", correct=True, time_ms=FAST, now=T0)
    counts = [
        due_count(engine, profile_id=profile_id, now=T0 + d)
        for d in (dt.timedelta(0), dt.timedelta(minutes=11), 3 * DAY, 30 * DAY)
    ]
    assert counts == [0, 1, 2, 3]
    assert due_question_ids(engine, profile_id=profile_id, now=T0 + 30 * DAY) == [
        "a",
        "b",
        "c",
    ]  # most overdue first
    assert due_question_ids(engine, profile_id=profile_id, now=T0 + 30 * DAY, limit=2) == ["a", "b"]
    assert (
        due_count(engine, profile_id=profile_id, now=T0 + 30 * DAY, question_ids={"b", "zzz"}) == 1
    )
    # reviewing a due card takes it off the list
    review(
        engine,
        profile_id=profile_id,
        question_id="a",
        correct=True,
        time_ms=SLOW,
        now=T0 + 30 * DAY,
    )
    assert due_count(engine, profile_id=profile_id, now=T0 + 30 * DAY) == 2


def test_card_state_is_persisted_with_reps_lapses_and_log(engine, profile_id):
    review(engine, profile_id=profile_id, question_id="q", correct=True, time_ms=SLOW, now=T0)
    review(
        engine,
        profile_id=profile_id,
        question_id="q",
        correct=False,
        time_ms=SLOW,
        now=T0 + 3 * DAY,
    )
    card = get_card(engine, profile_id=profile_id, question_id="q")
    assert (card.reps, card.lapses) == (2, 1)  # forgetting a card in review is a lapse
    assert [r for r, _ in card.log] == [int(Rating.Good), int(Rating.Again)]
    assert card.due.tzinfo is not None and card.due == T0 + 3 * DAY + dt.timedelta(minutes=10)
    assert card.last_review == T0 + 3 * DAY


def test_other_profiles_are_separate(engine, profile_id):
    other = profiles.get_or_create_profile(engine, name="bob").id
    review(engine, profile_id=profile_id, question_id="q", correct=False, time_ms=SLOW, now=T0)
    assert due_count(engine, profile_id=other, now=T0 + DAY) == 0
    assert due_count(engine, profile_id=profile_id, now=T0 + DAY) == 1


def test_naive_datetimes_are_refused(engine, profile_id):
    with pytest.raises(ValueError, match="timezone-aware"):
        review(
            engine,
            profile_id=profile_id,
            question_id="q",
            correct=True,
            time_ms=SLOW,
            now=dt.datetime(2026, 3, 1),
        )


def test_exam_dates_and_cram_window():
    settings = {"exam_dates": {"AIF-C01": "2026-03-08", "AI-900": "2026-04-30", "BAD": "soon"}}
    assert exam_dates(settings) == {"AIF-C01": dt.date(2026, 3, 8), "AI-900": dt.date(2026, 4, 30)}
    assert days_left(dt.date(2026, 3, 8), T0) == 7
    assert cram_exams(settings, now=T0) == ("AIF-C01",)
    assert cram_exams(settings, now=T0 - DAY) == ()  # 8 days before: not yet
    assert cram_exams(settings, now=T0 + 8 * DAY) == ()  # after the exam
    assert cram_exams({**settings, "cram_days": 3}, now=T0) == ()


def _good_twice(engine, profile_id, question_id):
    first = review(
        engine, profile_id=profile_id, question_id=question_id, correct=True, time_ms=SLOW, now=T0
    )
    return review(
        engine,
        profile_id=profile_id,
        question_id=question_id,
        correct=True,
        time_ms=SLOW,
        now=first.due,
    )


def test_cram_raises_retention_when_scheduling(engine, profile_id):
    crammer = profiles.get_or_create_profile(engine, name="crammer").id
    set_exam_date(engine, profile_id=crammer, exam_id="AIF-C01", date=(T0 + 5 * DAY).date())
    calm = _good_twice(engine, profile_id, "q")
    cramming = _good_twice(engine, crammer, "q")
    assert cramming.cram and not calm.cram
    assert cramming.due < calm.due
    # the cram window is per exam when the session names one
    other = review(
        engine,
        profile_id=crammer,
        question_id="r",
        correct=True,
        time_ms=SLOW,
        now=T0,
        exam_id="AI-900",
    )
    assert not other.cram


def test_cram_makes_cards_due_sooner(engine, profile_id):
    # Two right answers before any exam date: FSRS at 90% retention schedules the card days out.
    last = _good_twice(engine, profile_id, "q")
    assert not last.cram
    check = last.due - DAY  # a day before it is due at 90%
    assert due_count(engine, profile_id=profile_id, now=check) == 0
    # An exam date puts `check` inside the cram window: at 95% retention the card is already due.
    set_exam_date(engine, profile_id=profile_id, exam_id="AIF-C01", date=(check + DAY).date())
    assert due_count(engine, profile_id=profile_id, now=check) == 1
    assert due_question_ids(engine, profile_id=profile_id, now=check) == ["q"]
    assert (
        due_count(engine, profile_id=profile_id, now=check, exam_id="AI-900") == 0
    )  # not that exam's window
    # Clearing the date restores the calm schedule; the other dates stay.
    set_exam_date(engine, profile_id=profile_id, exam_id="AI-900", date=dt.date(2027, 1, 1))
    profile = set_exam_date(engine, profile_id=profile_id, exam_id="AIF-C01", date=None)
    assert profile.settings["exam_dates"] == {"AI-900": "2027-01-01"}
    assert due_count(engine, profile_id=profile_id, now=check) == 0


def test_recall_probability_decays(engine, profile_id):
    review(engine, profile_id=profile_id, question_id="q", correct=True, time_ms=SLOW, now=T0)
    soon = recall(engine, profile_id=profile_id, at=T0 + DAY)["q"]
    later = recall(engine, profile_id=profile_id, at=T0 + 60 * DAY)["q"]
    assert 0 < later < soon <= 1


def test_rebuild_replays_the_answer_history(engine, profile_id):
    session = sessions.start_session(engine, profile_id=profile_id, kind="practice")
    steps = [("a", False, T0), ("b", True, T0), ("a", True, T0 + DAY), ("b", True, T0 + 3 * DAY)]
    for question_id, correct, at in steps:
        answer_store.record_answer(
            engine,
            session_id=session,
            profile_id=profile_id,
            question_id=question_id,
            content_hash="h",
            response=None,
            correct=correct,
            score=float(correct),
            time_ms=SLOW,
            answered_at=at,
        )
    assert rebuild_cards(engine, profile_id=profile_id) == 2
    rebuilt = {q: get_card(engine, profile_id=profile_id, question_id=q) for q in "ab"}

    live = profiles.get_or_create_profile(engine, name="live").id
    for question_id, correct, at in steps:
        review(
            engine, profile_id=live, question_id=question_id, correct=correct, time_ms=SLOW, now=at
        )
    for question_id, card in rebuilt.items():
        twin = get_card(engine, profile_id=live, question_id=question_id)
        assert (card.due, card.state, card.reps, card.lapses) == (
            twin.due,
            twin.state,
            twin.reps,
            twin.lapses,
        )


def test_partial_credit_is_rated_by_score():
    from fsrs import Rating

    from quizzer.learning.srs import rating_for

    assert rating_for(correct=False, time_ms=5_000, score=0.9) == Rating.Hard
    assert rating_for(correct=False, time_ms=5_000, score=0.5) == Rating.Hard
    assert rating_for(correct=False, time_ms=5_000, score=0.4) == Rating.Again
    assert rating_for(correct=False, time_ms=5_000) == Rating.Again


def test_a_mostly_right_answer_keeps_an_established_card_stable(engine, profile_id):
    from quizzer.store import cards

    at = T0
    for days in (0, 3, 12, 40, 120):  # an established card: several right answers, far apart
        at = T0 + dt.timedelta(days=days)
        review(engine, profile_id=profile_id, question_id="q", correct=True, time_ms=40_000, now=at)
    before = cards.get_card(engine, profile_id=profile_id, question_id="q").card["stability"]
    later = at + dt.timedelta(days=90)
    review(
        engine,
        profile_id=profile_id,
        question_id="q",
        correct=False,
        score=0.9,
        time_ms=40_000,
        now=later,
    )
    partial = cards.get_card(engine, profile_id=profile_id, question_id="q").card["stability"]
    assert partial > 0.5 * before  # rated Hard: still long; an Again would cut it to days
