"""Item statistics against hand-computed values (Moodle's definitions), and the store's matrix."""

from __future__ import annotations

import pytest
from learning_helpers import FIXTURE_BANK, add_mock

from quizzer.learning.item_stats import (
    Attempt,
    cronbach_alpha,
    discrimination_index,
    discriminative_efficiency,
    item_report,
    item_statistics,
    load_attempts,
    quiz_statistics,
)

# Five submitted mocks, three items (i2 has a half mark in the last one):
#
#            i1   i2   i3   total
#   m1        1    1    0    2
#   m2        1    0    0    1
#   m3        1    1    1    3
#   m4        0    0    1    1
#   m5        0   0.5   0    0.5
MATRIX = [
    (1, [("i1", 1.0), ("i2", 1.0), ("i3", 0.0)]),
    (2, [("i1", 1.0), ("i2", 0.0), ("i3", 0.0)]),
    (3, [("i1", 1.0), ("i2", 1.0), ("i3", 1.0)]),
    (4, [("i1", 0.0), ("i2", 0.0), ("i3", 1.0)]),
    (5, [("i1", 0.0), ("i2", 0.5), ("i3", 0.0)]),
]
ATTEMPTS = [Attempt(i, tuple(items)) for i, items in MATRIX]

# Hand computation (sample statistics, denominator s - 1 = 4), y = total - item:
#
# i1: x = 1 1 1 0 0, mean 0.6 -> facility 0.6
#     y = 1 0 2 1 0.5, mean 0.9
#     dx = .4 .4 .4 -.6 -.6     dy = .1 -.9 1.1 .1 -.4
#     sum dx*dy = .04 - .36 + .44 - .06 + .24 = 0.30 -> cov = 0.075
#     sum dx^2 = 1.2 -> var x = 0.3;  sum dy^2 = .01 + .81 + 1.21 + .01 + .16 = 2.2 -> var y = 0.55
#     discrimination = 0.075 / sqrt(0.3 * 0.55) = 0.075 / 0.406202 = 0.184637
#     sorted x = 0 0 1 1 1 (dx -.6 -.6 .4 .4 .4); sorted y = 0 .5 1 1 2 (dy -.9 -.4 .1 .1 1.1)
#     sum = .54 + .24 + .04 + .04 + .44 = 1.30 -> cov_max = 0.325
#     efficiency = 0.075 / 0.325 = 0.230769
# i2: x = 1 0 1 0 .5, mean 0.5;  y = 1 1 2 1 0, mean 1.0
#     dx = .5 -.5 .5 -.5 0      dy = 0 0 1 0 -1
#     sum dx*dy = 0.5 -> cov = 0.125;  var x = 1.0/4 = 0.25;  var y = 2/4 = 0.5
#     discrimination = 0.125 / sqrt(0.125) = 0.353553
#     sorted x = 0 0 .5 1 1 (dx -.5 -.5 0 .5 .5); sorted y = 0 1 1 1 2 (dy -1 0 0 0 1)
#     sum = .5 + .5 = 1.0 -> cov_max = 0.25;  efficiency = 0.125 / 0.25 = 0.5
# i3: x = 0 0 1 1 0, mean 0.4;  y = 2 1 2 0 .5, mean 1.1
#     dx = -.4 -.4 .6 .6 -.4    dy = .9 -.1 .9 -1.1 -.6
#     sum dx*dy = -.36 + .04 + .54 - .66 + .24 = -0.20 -> cov = -0.05
#     var x = 1.2/4 = 0.3;  sum dy^2 = .81 + .01 + .81 + 1.21 + .36 = 3.2 -> var y = 0.8
#     discrimination = -0.05 / sqrt(0.24) = -0.102062
#     sorted x = 0 0 0 1 1 (dx -.4 -.4 -.4 .6 .6); sorted y = 0 .5 1 2 2 (dy -1.1 -.6 -.1 .9 .9)
#     sum = .44 + .24 + .04 + .54 + .54 = 1.8 -> cov_max = 0.45;
#     efficiency = -0.05 / 0.45 = -0.111111
# Totals 2 1 3 1 .5, mean 1.5, d = .5 -.5 1.5 -.5 -1, sum d^2 = 4.0 -> var 1.0, sd 1.0
# Cronbach's alpha = 3/2 * (1 - (0.3 + 0.25 + 0.3) / 1.0) = 1.5 * 0.15 = 0.225
EXPECTED = {
    "i1": (0.6, 0.184637, 0.230769),
    "i2": (0.5, 0.353553, 0.5),
    "i3": (0.4, -0.102062, -0.111111),
}


def test_item_statistics_match_hand_computation():
    stats = {s.question_id: s for s in item_statistics(ATTEMPTS, min_attempts=5)}
    for question_id, (facility, discrimination, efficiency) in EXPECTED.items():
        s = stats[question_id]
        assert s.attempts == 5
        assert s.facility == pytest.approx(facility)
        assert s.discrimination == pytest.approx(discrimination, abs=1e-6)
        assert s.efficiency == pytest.approx(efficiency, abs=1e-6)
    assert stats["i1"].sd == pytest.approx(0.3**0.5)
    assert stats["i1"].flags == ("low discrimination",) and stats["i1"].dubious
    assert stats["i2"].flags == () and not stats["i2"].dubious
    assert stats["i3"].flags == ("negative discrimination",) and stats["i3"].dubious


def test_too_few_attempts_is_insufficient_data_not_a_verdict():
    stats = item_statistics(ATTEMPTS)  # default: 10 attempts needed
    assert all(s.flags == ("insufficient data",) and not s.dubious for s in stats)
    assert stats[0].facility == pytest.approx(0.6)  # the numbers are still reported


def test_quiz_statistics_match_hand_computation():
    quiz = quiz_statistics(ATTEMPTS)
    assert (quiz.attempts, quiz.items, quiz.by) == (5, 3, "question")
    assert quiz.mean == pytest.approx(1.5)
    assert quiz.sd == pytest.approx(1.0)
    assert quiz.cic == pytest.approx(0.225)
    # Moodle: error ratio = sqrt(1 - alpha), standard error = error ratio * sd
    assert quiz.error_ratio == pytest.approx(0.775**0.5)
    assert quiz.standard_error == pytest.approx(0.775**0.5)


def test_alpha_is_kr20_for_right_wrong_items():
    # rows 111, 110, 100, 000: p = .75 .5 .25, sum pq = .1875 + .25 + .1875 = .625
    # totals 3 2 1 0: population variance 1.25 -> KR-20 = 3/2 * (1 - .625 / 1.25) = 0.75
    assert cronbach_alpha([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]) == pytest.approx(0.75)
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # no variance in totals
    with pytest.raises(ValueError):
        cronbach_alpha([[1, 0], [1]])


def test_undefined_indices_are_none():
    assert discrimination_index([1, 1, 1], [0, 1, 2]) is None  # item never varies
    assert discriminative_efficiency([1.0], [2.0]) is None
    stats = item_statistics([Attempt(i, (("q", 1.0), ("r", float(i % 2)))) for i in range(12)])
    assert next(s for s in stats if s.question_id == "q").flags == ("no variance",)


def test_random_mocks_use_each_items_own_attempts_and_positions_for_alpha():
    attempts = [
        Attempt(1, (("a", 1.0), ("b", 1.0))),
        Attempt(2, (("a", 0.0), ("c", 1.0))),
        Attempt(3, (("c", 0.0), ("b", 0.0))),
        Attempt(4, (("a", 1.0),)),  # shorter mock: left out of the alpha, kept for item stats
    ]
    counts = {s.question_id: s.attempts for s in item_statistics(attempts)}
    assert counts == {"a": 3, "b": 2, "c": 2}
    quiz = quiz_statistics(attempts)
    assert (quiz.attempts, quiz.items, quiz.by) == (3, 2, "position")
    # positions: p1 = 1 0 0, p2 = 1 1 0; totals 2 1 0 (var 1); item vars 1/3, 1/3
    assert quiz.cic == pytest.approx(2 * (1 - 2 / 3))


def test_matrix_from_the_store_matches(engine, profile_id):
    for _, items in MATRIX:
        add_mock(engine, profile_id=profile_id, exam_id="TEST-EXAM", scores=items)
    add_mock(
        engine, profile_id=profile_id, exam_id="TEST-EXAM", scores=[("i1", 0.0)], submit=False
    )  # active: left out
    add_mock(engine, profile_id=profile_id, exam_id="OTHER", scores=[("i1", 0.0), ("i9", 1.0)])
    attempts = load_attempts(engine, exam_id="TEST-EXAM")
    assert [a.items for a in attempts] == [tuple(items) for _, items in MATRIX]
    stats = {s.question_id: s for s in item_statistics(attempts, min_attempts=5)}
    assert stats["i3"].discrimination == pytest.approx(EXPECTED["i3"][1], abs=1e-6)
    assert len(load_attempts(engine)) == 6
    assert load_attempts(engine, profile_id=profile_id + 99) == []


def test_item_report_is_the_statistics_of_the_stored_mocks(engine, profile_id, fixture_bank):
    from quizzer.learning.guessing import random_guess_score

    known = sorted(fixture_bank.questions)[0]
    for _, items in MATRIX:
        add_mock(engine, profile_id=profile_id, exam_id="TEST-EXAM", scores=items)
    add_mock(engine, profile_id=profile_id, exam_id="OTHER", scores=[("i1", 0.0), (known, 1.0)])
    report = item_report(engine, exam_id="TEST-EXAM", min_attempts=5, low_discrimination=0.5)
    attempts = load_attempts(engine, exam_id="TEST-EXAM")
    assert report.attempts == len(MATRIX) and report.min_attempts == 5
    assert list(report.items) == item_statistics(attempts, min_attempts=5, low_discrimination=0.5)
    assert report.quiz == quiz_statistics(attempts)
    assert report.versions == {"i1": 1, "i2": 1, "i3": 1}
    assert all(s.random_guess is None for s in report.items)  # no bank given
    everything = item_report(engine, bank=fixture_bank)
    guesses = {s.question_id: s.random_guess for s in everything.items}
    assert guesses[known] == pytest.approx(random_guess_score(fixture_bank.questions[known]))
    assert guesses["i1"] is None  # not in the bank
    assert item_report(engine, profile_id=profile_id + 99).attempts == 0


def test_discrimination_does_not_depend_on_the_mix_of_mock_lengths():
    import random

    rng = random.Random(7)

    def attempt(i: int, length: int, ability: float) -> Attempt:
        item = ("x", 1.0 if ability > 0.5 else 0.0)
        rest = [(f"q{j}", 1.0 if rng.random() < ability else 0.0) for j in range(length - 1)]
        return Attempt(i, (item, *rest))

    abilities = [rng.uniform(0.2, 0.9) for _ in range(60)]
    short = [attempt(i, 10, a) for i, a in enumerate(abilities[:30])]
    long = [attempt(100 + i, 65, a) for i, a in enumerate(abilities[30:])]
    alone = {s.question_id: s for s in item_statistics(long)}["x"].discrimination
    mixed = {s.question_id: s for s in item_statistics(short + long)}["x"].discrimination
    # A raw rest-of-test total would sort learners by mock length: about 0.46 here instead of 0.8.
    assert alone > 0.7 and mixed > 0.7
    assert abs(mixed - alone) < 0.15


def test_guess_score_and_weights():
    from quizzer.bank.loader import load_bank
    from quizzer.learning.guessing import random_guess_score

    bank = load_bank(FIXTURE_BANK)
    guesses = {q: random_guess_score(question) for q, question in bank.questions.items()}
    by_type = {bank.questions[q].type: g for q, g in guesses.items()}
    single = next(q for q in bank.questions.values() if q.type == "single")
    assert by_type["single"] == pytest.approx(1 / len(single.options))
    assert by_type["true_false"] == pytest.approx(0.5)
    assert by_type["numeric"] == 0.0
    assert 0 < by_type["ordering"] < 1 and 0 < by_type["matching"] < 1
    attempts = [
        Attempt(1, (("a", 1.0), ("b", 0.0))),
        Attempt(2, (("a", 0.0), ("b", 0.0), ("c", 1.0), ("d", 1.0))),
        Attempt(3, (("a", 1.0), ("b", 1.0))),
    ]
    stats = {s.question_id: s for s in item_statistics(attempts, guess={"a": 0.25})}
    assert stats["a"].random_guess == 0.25 and stats["b"].random_guess is None
    assert stats["a"].intended_weight == pytest.approx((1 / 2 + 1 / 4 + 1 / 2) / 3)
    weights = [s.effective_weight for s in stats.values() if s.effective_weight is not None]
    assert sum(weights) == pytest.approx(1.0)
