"""Seeded selection of questions: practice sets by exam/domain/objective/topic, and mock exams
weighted by the blueprint's domains, with no repeats and shuffled answer orders.

Pure functions over a loaded :class:`~quizzer.bank.loader.Bank`; the same seed gives the
same exam.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from quizzer import qtypes
from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank
from quizzer.bank.schema import Question


@dataclass(frozen=True)
class Item:
    """A question as placed in a session: the domain it counts for and its display order.

    ``order`` is a permutation of the original option / item / choice indices (None when the
    type has nothing to shuffle); position ``k`` on screen shows original index ``order[k]``.
    """

    question_id: str
    domain_id: str | None
    order: tuple[int, ...] | None

    def to_dict(self) -> dict:
        return {
            "question_id": self.question_id,
            "domain_id": self.domain_id,
            "order": list(self.order) if self.order is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Item:
        order = data.get("order")
        return cls(
            data["question_id"], data.get("domain_id"), tuple(order) if order is not None else None
        )


@dataclass(frozen=True)
class MockPlan:
    """An assembled mock exam and an honest account of the blueprint coverage behind it."""

    exam_id: str
    seed: int
    items: tuple[Item, ...]
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    weights: dict[str, float]
    """Share of the mock each covered domain was given (sums to 1)."""
    shortfall: int
    """Questions short of the requested length because the bank ran out."""


def display_order(question: Question, rng: random.Random) -> tuple[int, ...] | None:
    """A shuffled order of what a question shows, or None when nothing is shuffled."""
    kind = qtypes.of(question)
    count = kind.shuffled(question)
    if not count:
        return None
    order = list(range(count))
    rng.shuffle(order)
    if kind.never_solved and count > 1 and order == sorted(order):
        order.reverse()  # never present an ordering question already solved
    return tuple(order)


def domain_questions(bank: Bank, blueprint: Blueprint) -> dict[str, list[str]]:
    """Question ids tagged to each domain (directly or through one of its objectives)."""
    pools = bank.derived(
        ("domain_questions", blueprint.id), lambda: _domain_questions(bank, blueprint)
    )
    return {d: list(ids) for d, ids in pools.items()}


def _domain_questions(bank: Bank, blueprint: Blueprint) -> dict[str, list[str]]:
    prefix = f"{blueprint.id}:"
    result: dict[str, list[str]] = {d.id: [] for d in blueprint.domains}
    for question in bank.questions.values():
        seen: set[str] = set()  # a question tagged twice in one domain counts once (a set: linear)
        for ref in question.objectives:
            if ref.startswith(prefix):
                domain = blueprint.domain_of(ref[len(prefix) :])
                if domain is not None and domain.id not in seen:
                    seen.add(domain.id)
                    result[domain.id].append(question.id)
    return result


def _quotas(weights: dict[str, float], length: int, available: dict[str, int]) -> dict[str, int]:
    """Largest-remainder apportionment of ``length`` over domains, capped by what is available."""
    quotas = {d: 0 for d in weights}
    remaining = length
    active = {d: w for d, w in weights.items() if available[d] > 0}
    while remaining > 0 and active:
        total = sum(active.values())
        exact = {d: remaining * w / total for d, w in active.items()}
        share = {d: min(int(exact[d]), available[d] - quotas[d]) for d in active}
        leftover = remaining - sum(share.values())
        for d in sorted(
            active, key=lambda d: (exact[d] - int(exact[d]), active[d], d), reverse=True
        ):
            if leftover <= 0:
                break
            if quotas[d] + share[d] < available[d]:
                share[d] += 1
                leftover -= 1
        for d, n in share.items():
            quotas[d] += n
        remaining = length - sum(quotas.values())
        if sum(share.values()) == 0:
            break
        active = {d: w for d, w in active.items() if quotas[d] < available[d]}
    return quotas


def assemble_mock(
    bank: Bank, blueprint: Blueprint, *, seed: int, length: int | None = None
) -> MockPlan:
    """A mock exam: domain quotas follow the blueprint weights over all of its domains.

    ``in_bank: false`` excuses no domain: any domain with questions gets its weighted share. A
    question tagged to several domains is used at most once. Domains with no questions at all
    are reported as uncovered and their weight is spread over the covered ones. Types for
    practice only (recall cards) are never drawn.
    """
    length = length or blueprint.questions
    rng = random.Random(seed)
    pools = {
        d: [q for q in ids if bank.questions[q].type in qtypes.MOCK_TYPES]
        for d, ids in domain_questions(bank, blueprint).items()
    }
    covered = [d for d in blueprint.domains if pools[d.id]]
    uncovered = tuple(d.id for d in blueprint.domains if d not in covered)
    raw = {d.id: (d.weight_value if d.weight_value is not None else 1.0) for d in covered}
    total = sum(raw.values()) or 1.0
    weights = {d: w / total for d, w in raw.items()}

    used: set[str] = set()
    shuffled = {d: sorted(pools[d]) for d in weights}
    for d in weights:
        rng.shuffle(shuffled[d])
    # A question counts for one domain only: give shared questions to the scarcest domain first.
    exclusive: dict[str, list[str]] = {}
    for d in sorted(weights, key=lambda d: (len(shuffled[d]), d)):
        exclusive[d] = [q for q in shuffled[d] if q not in used]
        used.update(exclusive[d])
    quotas = _quotas(weights, length, {d: len(q) for d, q in exclusive.items()})

    items: list[Item] = []
    for d in weights:
        for question_id in exclusive[d][: quotas[d]]:
            items.append(Item(question_id, d, display_order(bank.questions[question_id], rng)))
    rng.shuffle(items)
    return MockPlan(
        blueprint.id,
        seed,
        tuple(items),
        tuple(weights),
        uncovered,
        weights,
        max(0, length - len(items)),
    )


def select_practice(
    bank: Bank,
    *,
    exam: str | None = None,
    domain: str | None = None,
    objective: str | None = None,
    topic: str | None = None,
    seed: int | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Practice items filtered by exam, domain, objective and/or topic, in a seeded random order."""
    blueprint = bank.blueprints.get(exam) if exam else None
    if exam and blueprint is None:
        raise KeyError(f"unknown exam {exam!r}")
    selected: list[tuple[Question, str | None]] = []
    for question in bank.questions.values():
        if topic and question.topic != topic:
            continue
        domain_id = None
        if blueprint is not None:
            refs = [r.split(":", 1)[1] for r in question.objectives if r.startswith(f"{exam}:")]
            if not refs:
                continue
            if objective and objective not in refs:
                continue
            domains = [blueprint.domain_of(r) for r in refs]
            ids = [d.id for d in domains if d is not None]
            if domain and domain not in ids:
                continue
            domain_id = domain or (ids[0] if ids else None)
        elif objective and objective not in question.objectives:
            continue
        selected.append((question, domain_id))
    rng = random.Random(seed)
    rng.shuffle(selected)
    if limit is not None:
        selected = selected[:limit]
    return [Item(q.id, d, display_order(q, rng)) for q, d in selected]
