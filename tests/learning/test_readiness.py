"""Readiness forecast on constructed histories: strong/weak, few answers, monotone, recall."""

from __future__ import annotations

import datetime as dt

import pytest
from learning_helpers import T0, Ans, history, synthetic_bank

from quizzer.learning.mastery import posterior, question_scores
from quizzer.learning.readiness import forecast, quantile, readiness
from quizzer.learning.srs import review
from quizzer.store import answers as answer_store
from quizzer.store import sessions

AT = T0 + dt.timedelta(days=3)


@pytest.fixture(scope="module")
def bank():
    """Exam SYN fully covered by the bank (domains A and B)."""
    return synthetic_bank(20, uncovered=False)


@pytest.fixture(scope="module")
def partial_bank():
    """Exam SYN with domain C (10%) in scope but without questions."""
    return synthetic_bank(20)


def test_strong_learner_is_forecast_to_pass_and_weak_one_to_fail(bank):
    strong = forecast(bank, "SYN", history(bank, 0.95), at=AT)
    weak = forecast(bank, "SYN", history(bank, 0.35), at=AT)
    assert strong.scaled > strong.passing_score > weak.scaled
    assert strong.pass_probability > 0.95
    assert weak.pass_probability < 0.01
    assert strong.scaled_low <= strong.scaled <= strong.scaled_high
    assert all(d.mastery > 0.85 for d in strong.domains)
    assert all(d.mastery < 0.45 for d in weak.domains)


def test_new_learner_gets_a_wide_interval_and_no_pass_chance(bank):
    new = forecast(bank, "SYN", [], at=AT)
    assert new.answers == 0
    assert new.high - new.low > 0.6  # 80% interval spans most of the scale
    assert new.scaled_high - new.scaled_low > 500
    # With no evidence the pass chance is the prior's, not the learner's: say "unknown".
    assert new.pass_probability is None and new.status == "unknown"
    assert new.needed == (("A", 5), ("B", 5))
    assert "answer 10 more questions" in new.reason
    for domain in new.domains:
        assert domain.mastery == pytest.approx(0.5, abs=0.03)
        assert domain.high - domain.low > 0.6


def test_pass_chance_appears_once_each_domain_has_enough_answers(bank):
    answers = history(bank, 0.9)
    a_ids = [a for a in answers if a.question_id.startswith("a-")][:5]
    b_ids = [a for a in answers if a.question_id.startswith("b-")]
    short = forecast(bank, "SYN", a_ids + b_ids[:4], at=AT)
    assert short.pass_probability is None and short.needed == (("B", 1),)
    assert "1 more question " in short.reason
    enough = forecast(bank, "SYN", a_ids + b_ids[:5], at=AT)
    assert enough.status == "known" and enough.pass_probability is not None


def test_a_partly_covered_exam_gets_no_pass_chance(partial_bank):
    result = forecast(partial_bank, "SYN", history(partial_bank, 1.0), at=AT)
    assert result.needed == ()
    assert result.covered_share == pytest.approx(100 / 110)
    assert result.status == "partial" and result.pass_probability is None
    assert "covers 91% of this exam" in result.reason


def test_a_question_in_two_domains_counts_once(bank):
    from quizzer.bank.schema import TrueFalseQuestion

    both = TrueFalseQuestion(
        id="ab-q",
        type="true_false",
        stem="Both.",
        answer=True,
        rationale_true="y",
        rationale_false="n",
        explanation="e",
        objectives=["SYN:A.1", "SYN:B.1"],
        topic="t",
        difficulty=1,
    )
    two = type(bank)(bank.root, {**bank.questions, "ab-q": both}, bank.blueprints, bank.topics)
    result = forecast(two, "SYN", [Ans("ab-q", 1.0, T0)], at=T0)
    assert result.answers == 1
    assert sum(d.evidence for d in result.domains) == pytest.approx(1.0)
    assert [d.questions_seen for d in result.domains] == [1, 1]


def test_more_evidence_narrows_the_interval(bank):
    full = history(bank, 0.8)
    few = forecast(bank, "SYN", full[::10], at=AT)
    many = forecast(bank, "SYN", full, at=AT)
    assert few.answers < many.answers
    assert (many.high - many.low) < (few.high - few.low)
    assert many.high - many.low < 0.3


def test_pass_probability_is_monotone_in_mastery(bank):
    chances = [
        forecast(bank, "SYN", history(bank, acc), at=AT).pass_probability
        for acc in (0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0)
    ]
    assert chances == sorted(chances)
    assert chances[0] < 0.01 and chances[-1] > 0.99


def test_domains_are_weighted_over_covered_domains(partial_bank):
    bank = partial_bank
    result = forecast(bank, "SYN", history(bank, 0.8), at=AT)
    assert [d.domain_id for d in result.domains] == ["A", "B"]
    assert result.uncovered == ("C",)  # in scope but no questions: left out and reported
    assert [d.weight for d in result.domains] == pytest.approx([0.6, 0.4])  # 60 and 40 rescaled
    assert result.expected == pytest.approx(sum(d.weight * d.mastery for d in result.domains))
    assert [d.questions_total for d in result.domains] == [40, 20]
    assert result.exam_questions == 50


def test_same_seed_same_forecast(bank):
    answers = history(bank, 0.7)
    assert forecast(bank, "SYN", answers, at=AT, seed=3) == forecast(
        bank, "SYN", answers, at=AT, seed=3
    )


def test_repeats_do_not_count_as_new_evidence(bank):
    once = forecast(bank, "SYN", history(bank, 0.8), at=AT)
    thrice = forecast(
        bank, "SYN", history(bank, 0.8, repeats=3, every=dt.timedelta(minutes=5)), at=AT
    )
    assert thrice.answers == 3 * once.answers
    # evidence is capped at one per distinct question, so the interval barely narrows
    assert all(d.evidence <= d.questions_seen for d in thrice.domains)
    assert [d.questions_seen for d in thrice.domains] == [40, 20]
    assert thrice.high - thrice.low > 0.9 * (once.high - once.low)


def test_stale_evidence_counts_for_less():
    answers = [Ans("q1", 1.0, T0), Ans("q2", 1.0, T0)]
    fresh = posterior(question_scores(answers, at=T0), ["q1", "q2"])
    stale = posterior(question_scores(answers, at=T0 + dt.timedelta(days=60)), ["q1", "q2"])
    # Beta(1, 1) prior plus two fresh right answers; 60 days = two half-lives -> weight 1/4 each.
    assert (fresh.alpha, fresh.beta) == pytest.approx((3.0, 1.0))
    assert (stale.alpha, stale.beta) == pytest.approx((1.5, 1.0))
    assert stale.evidence == pytest.approx(0.5)


def test_recall_discounts_successes_and_answers_after_at_are_ignored():
    answers = [Ans("q1", 1.0, T0), Ans("q2", 0.0, T0), Ans("q3", 1.0, T0 + dt.timedelta(days=9))]
    scores = question_scores(answers, at=T0)
    assert set(scores) == {"q1", "q2"}
    result = posterior(scores, ["q1", "q2", "q3"], recall={"q1": 0.5, "q2": 0.9})
    # q1: x = 1 * 0.5 -> +0.5 / +0.5; q2: x = 0 -> +0 / +1; prior Beta(1, 1).
    assert (result.alpha, result.beta) == pytest.approx((1.5, 2.5))
    assert result.recall == pytest.approx(0.7)
    assert (result.answers, result.questions) == (2, 2)


def test_quantile_interpolates():
    assert quantile([0.0, 1.0, 2.0, 3.0], 0.5) == pytest.approx(1.5)
    assert quantile([5.0], 0.9) == 5.0


def test_exam_without_scale_uses_the_practice_cut(bank):
    # NVIDIA-style exam without a published scale: pass means reaching the 70% cut.
    blueprint = bank.blueprints["SYN"].model_copy(
        update={"passing_score": None, "scale_min": None, "scale_max": None}
    )
    unscaled = type(bank)(bank.root, bank.questions, {"SYN": blueprint}, bank.topics)
    strong = forecast(unscaled, "SYN", history(unscaled, 0.95), at=AT)
    weak = forecast(unscaled, "SYN", history(unscaled, 0.5), at=AT)
    assert strong.scaled is None and strong.passing_score is None
    assert strong.pass_probability > 0.9 > 0.1 > weak.pass_probability


def test_readiness_from_the_store(engine, profile_id, fixture_bank):
    session = sessions.start_session(
        engine, profile_id=profile_id, kind="practice", exam_id="TEST-EXAM"
    )
    for i, question_id in enumerate(sorted(fixture_bank.questions)):
        at = T0 + dt.timedelta(minutes=i)
        answer_store.record_answer(
            engine,
            session_id=session,
            profile_id=profile_id,
            question_id=question_id,
            content_hash="h",
            response=None,
            correct=True,
            score=1.0,
            time_ms=30_000,
            answered_at=at,
        )
        review(
            engine,
            profile_id=profile_id,
            question_id=question_id,
            correct=True,
            time_ms=30_000,
            now=at,
        )
    now = T0 + dt.timedelta(days=1)
    today = readiness(engine, fixture_bank, profile_id=profile_id, exam_id="TEST-EXAM", now=now)
    later = readiness(
        engine,
        fixture_bank,
        profile_id=profile_id,
        exam_id="TEST-EXAM",
        now=now,
        at=now + dt.timedelta(days=90),
    )
    assert today.answers == 8
    assert [d.domain_id for d in today.domains] == ["1", "2"] and today.uncovered == ("3",)
    assert all(d.recall is not None and d.recall > 0.9 for d in today.domains)
    # Without further study, FSRS expects forgetting by a date three months out.
    assert later.expected < today.expected
    assert all(d.recall < 0.9 for d in later.domains)


def test_a_forecast_from_kept_counts_equals_one_that_scans_the_bank(partial_bank):
    """The store's forecast reads only the answered questions' tags, with the exam's questions
    per domain kept per bank; it must agree with the forecast that scans every question."""
    from quizzer.exam_tags import exam_domain_counts

    answers = history(partial_bank, 0.7)[::3]
    answers.append(Ans("no-longer-in-the-bank", 1.0, T0))
    scanned = forecast(partial_bank, "SYN", answers, at=AT)
    counted = forecast(
        partial_bank, "SYN", answers, at=AT, counts=exam_domain_counts(partial_bank, "SYN")
    )
    assert counted.uncovered == scanned.uncovered == ("C",)
    assert counted.covered_share == scanned.covered_share
    assert counted.answers == scanned.answers > 0
    for a, b in zip(counted.domains, scanned.domains, strict=True):
        assert (a.domain_id, a.questions_seen, a.questions_total) == (
            b.domain_id,
            b.questions_seen,
            b.questions_total,
        )
        assert a.mastery == pytest.approx(b.mastery, abs=1e-12)
    assert (counted.low, counted.high) == pytest.approx((scanned.low, scanned.high), abs=1e-12)
