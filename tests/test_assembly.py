"""Practice selection and blueprint-weighted, seeded mock assembly."""

from __future__ import annotations

from collections import Counter

import pytest

from quizzer.assembly import (
    _quotas,
    assemble_mock,
    display_order,
    mock_outline,
    scope_counts,
    select_practice,
)
from quizzer.bank.blueprint import Blueprint, Domain
from quizzer.bank.loader import Bank
from quizzer.bank.schema import SingleQuestion


def make_bank(per_domain: dict[str, int], weights: dict[str, str]) -> Bank:
    domains = [Domain(id=d, name=f"Domain {d}", weight=w) for d, w in weights.items()]
    blueprint = Blueprint(
        id="X",
        vendor="v",
        name="n",
        status="active",
        outline="o",
        questions=20,
        questions_note="20",
        minutes=30,
        coverage="c",
        domains=domains,
    )
    questions = {}
    for d, count in per_domain.items():
        for i in range(count):
            qid = f"q-{d}-{i}"
            questions[qid] = SingleQuestion(
                id=qid,
                type="single",
                stem=f"Question {d} {i}?",
                explanation="e",
                objectives=[f"X:{d}"],
                topic="fundamentals",
                difficulty=1,
                options=[
                    {"text": "a", "rationale": "r", "correct": True},
                    {"text": "b", "rationale": "r"},
                    {"text": "c", "rationale": "r"},
                ],
            )
    return Bank(
        root=None, questions=questions, blueprints={"X": blueprint}, topics={"fundamentals": ""}
    )


def test_same_seed_same_exam_other_seed_differs():
    bank = make_bank({"1": 30, "2": 30}, {"1": "50%", "2": "50%"})
    blueprint = bank.blueprints["X"]
    a = assemble_mock(bank, blueprint, seed=7)
    assert assemble_mock(bank, blueprint, seed=7) == a
    assert assemble_mock(bank, blueprint, seed=8).items != a.items


def test_weights_are_followed_and_no_repeats():
    bank = make_bank({"1": 40, "2": 40, "3": 40}, {"1": "50%", "2": "30%", "3": "15-25%"})
    plan = assemble_mock(bank, bank.blueprints["X"], seed=1, length=20)
    counts = Counter(item.domain_id for item in plan.items)
    assert counts == {"1": 10, "2": 6, "3": 4}
    ids = [item.question_id for item in plan.items]
    assert len(ids) == len(set(ids)) == 20


def test_uncovered_domain_is_reported_and_weights_rescaled():
    bank = make_bank({"1": 40, "2": 40}, {"1": "30%", "2": "30%", "3": "40%"})
    plan = assemble_mock(bank, bank.blueprints["X"], seed=1, length=20)
    assert plan.uncovered == ("3",)
    assert plan.weights == pytest.approx({"1": 0.5, "2": 0.5})
    assert Counter(i.domain_id for i in plan.items) == {"1": 10, "2": 10}


def test_a_domain_outside_the_original_scope_still_gets_its_weight():
    bank = make_bank({"1": 40, "2": 40}, {"1": "50%", "2": "50%"})
    blueprint = bank.blueprints["X"]
    outside = blueprint.domains[1].model_copy(update={"in_bank": False})
    out = blueprint.model_copy(update={"domains": [blueprint.domains[0], outside]})
    plan = assemble_mock(bank, out, seed=1, length=20)
    assert plan.uncovered == ()
    assert Counter(i.domain_id for i in plan.items) == {"1": 10, "2": 10}


def test_scarce_domain_gives_its_quota_to_others():
    bank = make_bank({"1": 2, "2": 40}, {"1": "50%", "2": "50%"})
    plan = assemble_mock(bank, bank.blueprints["X"], seed=3, length=20)
    assert Counter(i.domain_id for i in plan.items) == {"1": 2, "2": 18}
    assert plan.shortfall == 0


def test_shortfall_when_bank_too_small():
    bank = make_bank({"1": 3, "2": 4}, {"1": "50%", "2": "50%"})
    plan = assemble_mock(bank, bank.blueprints["X"], seed=3, length=20)
    assert len(plan.items) == 7 and plan.shortfall == 13


@pytest.mark.parametrize("length", [1, 7, 20, 45, 200])
def test_the_outline_counts_what_every_seed_draws(length):
    """The mock setup's outline (kept counts, no questions) matches the assembled mock, with
    questions shared between domains going to the scarcest and a bank too small for 200."""
    bank = make_bank({"1": 12, "2": 40, "3": 3}, {"1": "40%", "2": "35%", "3": "20%", "4": "5%"})
    for i in range(8):  # shared by domains 1 and 3, and by 1 and 2
        other = "3" if i % 2 else "2"
        bank.questions[f"q-shared-{i}"] = bank.questions["q-1-0"].model_copy(
            update={"id": f"q-shared-{i}", "objectives": ["X:1", f"X:{other}"]}
        )
    blueprint = bank.blueprints["X"]
    outline = mock_outline(bank, blueprint, length=length)
    for seed in range(5):
        plan = assemble_mock(bank, blueprint, seed=seed, length=length)
        drawn = Counter(i.domain_id for i in plan.items)
        assert set(drawn) <= set(outline.counts)
        assert outline.counts == {d: drawn[d] for d in outline.counts}
        assert (outline.weights, outline.uncovered, outline.shortfall) == (
            plan.weights,
            plan.uncovered,
            plan.shortfall,
        )


def test_scope_counts_match_the_practice_selections(bank):
    counts = scope_counts(bank, "TEST-EXAM")
    assert counts["mixed:"] == len(select_practice(bank, exam="TEST-EXAM"))
    blueprint = bank.blueprints["TEST-EXAM"]
    for domain in blueprint.domains:
        selected = select_practice(bank, exam="TEST-EXAM", domain=domain.id)
        assert counts.get(f"domain:{domain.id}", 0) == len(selected)
        for objective in domain.objectives:
            selected = select_practice(bank, exam="TEST-EXAM", objective=objective.id)
            assert counts.get(f"objective:{objective.id}", 0) == len(selected)
    for topic in {q.topic for q in bank.questions.values()}:
        selected = select_practice(bank, exam="TEST-EXAM", topic=topic)
        assert counts.get(f"topic:{topic}", 0) == len(selected)


def test_quotas_sum_and_caps():
    quotas = _quotas({"a": 0.5, "b": 0.3, "c": 0.2}, 65, {"a": 100, "b": 100, "c": 5})
    assert sum(quotas.values()) == 65 and quotas["c"] == 5


def test_options_are_shuffled_as_a_permutation(bank):
    import random

    orders = {
        display_order(bank.questions["t-multiple-partial"], random.Random(s)) for s in range(20)
    }
    assert len(orders) > 1
    assert all(sorted(o) == list(range(5)) for o in orders)
    ordering = bank.questions["t-ordering"]
    assert all(display_order(ordering, random.Random(s)) != (0, 1, 2, 3) for s in range(50))
    assert display_order(bank.questions["t-numeric"], random.Random(0)) is None


def test_practice_filters(bank):
    assert {i.question_id for i in select_practice(bank, topic="activations")} == {
        "t-single",
        "t-true-false",
        "t-matching",
    }
    by_objective = select_practice(bank, exam="TEST-EXAM", objective="2.1")
    assert {i.question_id for i in by_objective} == {"t-multiple-partial", "t-ordering"}
    by_domain = select_practice(bank, exam="TEST-EXAM", domain="2", seed=1)
    assert {i.domain_id for i in by_domain} == {"2"}
    assert len(by_domain) == 5
    assert select_practice(bank, exam="TEST-EXAM", seed=5) == select_practice(
        bank, exam="TEST-EXAM", seed=5
    )
    with pytest.raises(KeyError):
        select_practice(bank, exam="NOPE")
