"""How deep each domain of a current exam is: questions held against two mocks' worth of need."""

from __future__ import annotations

import math
from dataclasses import dataclass

from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank

MOCKS_DEEP = 2
"""A domain must hold enough questions for this many full mocks without a repeat."""


@dataclass(frozen=True)
class DomainDepth:
    exam_id: str
    domain_id: str
    have: int
    need: int | None
    """None when the outline prints no weights (a course): there is no vendor share to meet."""
    share: float | None
    """The domain's normalised weight: midpoint of its printed range over all the exam's domains."""

    @property
    def deep_enough(self) -> bool:
        return self.need is None or self.have >= self.need


def is_current(blueprint: Blueprint) -> bool:
    """A current exam can still be sat: it carries no retirement date that has passed."""
    return not blueprint.retired_now


def domain_shares(blueprint: Blueprint) -> dict[str, float] | None:
    """Each domain's share of a mock over ALL domains; None when the outline prints no weights."""
    raw: dict[str, float] = {}
    for d in blueprint.domains:
        if d.weight_value is None:
            return None
        raw[d.id] = d.weight_value
    total = sum(raw.values()) or 1.0
    return {d: w / total for d, w in raw.items()}


def _need(mock_length: int, share: float) -> int:
    # round() first so that float noise (57.50000001) does not add a question to the need
    return math.ceil(round(MOCKS_DEEP * mock_length * share, 6))


def exam_depth(bank: Bank, blueprint: Blueprint) -> list[DomainDepth]:
    """Have/need for every domain of one exam (need: MOCKS_DEEP x mock length x share, up)."""
    prefix = f"{blueprint.id}:"
    have = {d.id: 0 for d in blueprint.domains}
    for question in bank.questions.values():
        refs = [r[len(prefix) :] for r in question.objectives if r.startswith(prefix)]
        domains = [blueprint.domain_of(r) for r in refs]
        for domain_id in {d.id for d in domains if d is not None}:
            have[domain_id] += 1
    shares = domain_shares(blueprint)
    if shares is None:
        return [DomainDepth(blueprint.id, d, n, None, None) for d, n in have.items()]
    return [
        DomainDepth(blueprint.id, d, have[d], _need(blueprint.questions, s), s)
        for d, s in shares.items()
    ]


def shallow_domains(bank: Bank) -> list[DomainDepth]:
    """Domains of current exams that cannot fill two mocks without repeats."""
    return [
        depth
        for blueprint in bank.blueprints.values()
        if is_current(blueprint)
        for depth in exam_depth(bank, blueprint)
        if not depth.deep_enough
    ]
