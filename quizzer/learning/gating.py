"""Objective gating: objectives unlock one after another, in blueprint order (off by default).

With ``objective_gating: true`` in a profile's settings, practice for an exam offers only the
unlocked objectives. The first objective is open; the next opens once the learner has answered
at least ``min_answered`` questions of the current one (or all it has, if fewer) and the mean
of their latest scores reached ``threshold`` (60%). An objective once passed stays passed.
Objectives without questions in the bank are skipped; questions tagged to a whole domain open
with that domain's first objective.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizzer.assembly import Item
from quizzer.bank.loader import Bank
from quizzer.learning.mastery import ScoredAnswer, question_tags

GATING = "objective_gating"
THRESHOLD = 0.6
MIN_ANSWERED = 3


def gating_enabled(settings: Mapping[str, Any]) -> bool:
    """Whether a profile turned gating on (it is off unless the setting is true)."""
    return settings.get(GATING) is True


@dataclass(frozen=True)
class Step:
    """One objective in the unlock order, with the learner's standing on it."""

    ref: str
    domain_id: str
    text: str
    question_ids: tuple[str, ...]
    answered: int
    score: float | None
    """Mean of the latest score of each answered question (None before any answer)."""
    passed: bool
    unlocked: bool


@dataclass(frozen=True)
class GateState:
    exam_id: str
    enabled: bool
    steps: tuple[Step, ...]

    @property
    def current(self) -> Step | None:
        """The first unlocked objective not yet passed (None once all are passed)."""
        return next((s for s in self.steps if s.unlocked and not s.passed), None)

    @property
    def allowed_question_ids(self) -> frozenset[str]:
        return frozenset(q for s in self.steps if s.unlocked for q in s.question_ids)


def _sequence(bank: Bank, exam_id: str) -> list[tuple[str, str, str, list[str]]]:
    """(ref, domain id, text, question ids) for each gated objective, in blueprint order."""
    blueprint = bank.blueprints[exam_id]
    tags = question_tags(bank, blueprint)
    by_ref: dict[str, list[str]] = {}
    for question_id, question_tags_ in tags.items():
        for tag in question_tags_:
            by_ref.setdefault(tag.ref, []).append(question_id)
    steps = []
    for domain in blueprint.domains:
        # Every objective with questions is gated, as mocks draw from every domain with questions.
        domain_wide = by_ref.get(domain.id, [])
        refs = [o for o in domain.objectives if by_ref.get(o.id)]
        for index, objective in enumerate(refs):
            extra = domain_wide if index == 0 else []
            steps.append(
                (
                    objective.id,
                    domain.id,
                    objective.text,
                    list(dict.fromkeys(by_ref[objective.id] + extra)),
                )
            )
        if not refs and domain_wide:
            steps.append((domain.id, domain.id, domain.name, domain_wide))
    return steps


def gate_state(
    bank: Bank,
    exam_id: str,
    answers: Iterable[ScoredAnswer],
    *,
    enabled: bool = True,
    threshold: float = THRESHOLD,
    min_answered: int = MIN_ANSWERED,
) -> GateState:
    """Which objectives are unlocked for a learner; with ``enabled=False`` all of them are."""
    sequence = _sequence(bank, exam_id)
    members = {ref: set(ids) for ref, _, _, ids in sequence}
    latest: dict[str, float] = {}
    passed: set[str] = set()

    def standing(ref: str) -> tuple[int, float | None]:
        seen = [latest[q] for q in members[ref] if q in latest]
        return len(seen), (sum(seen) / len(seen) if seen else None)

    for answer in sorted(answers, key=lambda a: a.answered_at):
        latest[answer.question_id] = answer.score
        for ref, group in members.items():
            if answer.question_id in group and ref not in passed:
                count, score = standing(ref)
                if (
                    score is not None
                    and count >= min(min_answered, len(group))
                    and score >= threshold - 1e-9
                ):
                    passed.add(ref)
    steps = []
    open_ = True
    for ref, domain_id, text, ids in sequence:
        count, score = standing(ref)
        steps.append(
            Step(
                ref, domain_id, text, tuple(ids), count, score, ref in passed, open_ or not enabled
            )
        )
        open_ = open_ and ref in passed
    return GateState(exam_id, enabled, tuple(steps))


def allowed_question_ids(
    bank: Bank, exam_id: str, answers: Iterable[ScoredAnswer], *, settings: Mapping[str, Any]
) -> frozenset[str] | None:
    """Question ids a learner may practise for ``exam_id``; None when gating is off (no limit)."""
    if not gating_enabled(settings):
        return None
    return gate_state(bank, exam_id, answers).allowed_question_ids


def filter_items(items: Sequence[Item], allowed: frozenset[str] | None) -> list[Item]:
    """Drop items whose question is still locked (``allowed`` None: keep everything)."""
    return list(items) if allowed is None else [i for i in items if i.question_id in allowed]
