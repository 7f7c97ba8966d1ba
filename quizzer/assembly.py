"""Seeded selection of questions: practice sets by exam/domain/objective/topic, and mock exams
weighted by the blueprint's domains, with no repeats and shuffled answer orders.

Pure functions over a loaded :class:`~quizzer.bank.loader.Bank`; the same seed gives the
same exam.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
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
    return {d: list(ids) for d, ids in _pools(bank, blueprint).items()}


def _pools(bank: Bank, blueprint: Blueprint) -> dict[str, list[str]]:
    """:func:`domain_questions` as kept per bank (not to be changed by the caller)."""
    return bank.derived(
        ("domain_questions", blueprint.id), lambda: _domain_questions(bank, blueprint)
    )


def _mock_pools(bank: Bank, blueprint: Blueprint) -> dict[str, list[str]]:
    """:func:`_pools` without the types a mock never draws (recall cards), kept per bank."""

    def drawable() -> dict[str, list[str]]:
        return {
            d: [q for q in ids if bank.questions[q].type in qtypes.MOCK_TYPES]
            for d, ids in _pools(bank, blueprint).items()
        }

    return bank.derived(("mock_pools", blueprint.id), drawable)


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


def _covered_weights(blueprint: Blueprint, pools: dict[str, list[str]]) -> dict[str, float]:
    """Each covered domain's share of a mock: its printed weight (1 when unprinted), scaled to
    sum to 1 over the domains with questions."""
    covered = [d for d in blueprint.domains if pools[d.id]]
    raw = {d.id: (d.weight_value if d.weight_value is not None else 1.0) for d in covered}
    total = sum(raw.values()) or 1.0
    return {d: w / total for d, w in raw.items()}


def _scarcest_first(weights: dict[str, float], pools: dict[str, list[str]]) -> list[str]:
    """The order in which domains take their questions: a question tagged to several domains
    counts for the scarcest one."""
    return sorted(weights, key=lambda d: (len(pools[d]), d))


def _exclusive_sizes(bank: Bank, blueprint: Blueprint) -> dict[str, int]:
    """How many questions each covered domain has once shared questions went to the scarcest:
    the same for every seed (the shuffle orders each pool, it does not change its members)."""
    pools = _mock_pools(bank, blueprint)
    weights = _covered_weights(blueprint, pools)
    used: set[str] = set()
    sizes: dict[str, int] = {}
    for d in _scarcest_first(weights, pools):
        sizes[d] = len(set(pools[d]) - used)
        used.update(pools[d])
    return sizes


@dataclass(frozen=True)
class MockOutline:
    """What a mock of a given length takes from each domain: the plan without its questions."""

    weights: dict[str, float]
    """Share of the mock each covered domain is given (sums to 1)."""
    counts: dict[str, int]
    """Questions each covered domain gives (what :func:`assemble_mock` draws, whatever the seed)."""
    uncovered: tuple[str, ...]
    shortfall: int


def mock_outline(bank: Bank, blueprint: Blueprint, *, length: int | None = None) -> MockOutline:
    """The domain counts of :func:`assemble_mock` for ``length``, from counts kept per bank:
    the mock setup shows them as the learner types, in time that depends on the exam's domains
    and not on the bank's size."""
    length = length or blueprint.questions
    weights = _covered_weights(blueprint, _mock_pools(bank, blueprint))
    sizes = bank.derived(
        ("mock_domain_sizes", blueprint.id), lambda: _exclusive_sizes(bank, blueprint)
    )
    counts = _quotas(weights, length, sizes)
    uncovered = tuple(d.id for d in blueprint.domains if d.id not in weights)
    return MockOutline(weights, counts, uncovered, max(0, length - sum(counts.values())))


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
    pools = _mock_pools(bank, blueprint)
    weights = _covered_weights(blueprint, pools)
    uncovered = tuple(d.id for d in blueprint.domains if d.id not in weights)

    used: set[str] = set()
    shuffled = {d: sorted(pools[d]) for d in weights}
    for d in weights:
        rng.shuffle(shuffled[d])
    # A question counts for one domain only: give shared questions to the scarcest domain first.
    exclusive: dict[str, list[str]] = {}
    for d in _scarcest_first(weights, pools):
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


def practice_scopes(bank: Bank, exam_id: str) -> dict[str, tuple[str, ...]]:
    """Each question of an exam with the practice scopes it counts in ("objective:1.2",
    "domain:1", "topic:…"), worked out once per bank."""
    return bank.derived(("practice_scopes", exam_id), lambda: _practice_scopes(bank, exam_id))


def _practice_scopes(bank: Bank, exam_id: str) -> dict[str, tuple[str, ...]]:
    blueprint = bank.blueprints[exam_id]
    prefix = f"{exam_id}:"
    index = {}
    for question in bank.questions.values():
        refs = {r[len(prefix) :] for r in question.objectives if r.startswith(prefix)}
        if not refs:
            continue
        domains = {d.id for d in map(blueprint.domain_of, refs) if d is not None}
        index[question.id] = (
            *(f"objective:{r}" for r in sorted(refs)),
            *(f"domain:{d}" for d in sorted(domains)),
            f"topic:{question.topic}",
        )
    return index


def count_scopes(scopes: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """Questions per practice scope, and under "mixed:" the questions counted."""
    counts = {"mixed:": 0}
    for scopes_of in scopes:
        counts["mixed:"] += 1
        for scope in scopes_of:
            counts[scope] = counts.get(scope, 0) + 1
    return counts


def scope_counts(bank: Bank, exam_id: str) -> dict[str, int]:
    """Questions per practice scope of an exam, kept per bank (and in the bank cache): the
    practice lists open in time that depends on the exam's scopes, not on the bank's size."""
    # Not through practice_scopes: the bank cache keeps these counts, not the index behind them.
    return bank.derived(
        ("practice_counts", exam_id),
        lambda: count_scopes(_practice_scopes(bank, exam_id).values()),
    )


def index_bank(bank: Bank) -> None:
    """Work out the per-exam counts the setup screens read, so that the bank cache keeps them
    (a few numbers per domain and scope). The per-question scopes are left out: only gated
    practice needs them, and at 50,000 questions they would make the cache much larger. The
    readiness forecast's questions per domain are kept too."""
    from quizzer.exam_tags import exam_domain_counts

    for blueprint in bank.blueprints.values():
        scope_counts(bank, blueprint.id)
        mock_outline(bank, blueprint)
        exam_domain_counts(bank, blueprint.id)


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
