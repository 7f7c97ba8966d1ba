"""Weak-area drill: a seeded session from the objectives where mastery is lowest.

An objective's priority is its domain's blueprint weight (midpoint of the printed range,
scaled over covered domains) times ``1 - mastery``. The drill takes the ``objectives``
highest-priority objectives and samples questions from them without replacement, each with
probability proportional to its objective's priority and to how badly that question went
(unseen ones in between). Questions tagged to a domain rather than an objective count as an
objective of their own, named by the domain id.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from quizzer.assembly import Item, display_order
from quizzer.bank.loader import Bank
from quizzer.learning.mastery import (
    DEFAULT_MASTERY,
    MasteryConfig,
    ScoredAnswer,
    covered_weights,
    posterior,
    question_scores,
    question_tags,
)


@dataclass(frozen=True)
class ObjectiveMastery:
    """An objective (or a domain id, for questions tagged to a whole domain) and its standing."""

    ref: str
    domain_id: str
    text: str
    weight: float
    mastery: float
    answers: int
    questions: int
    priority: float


def objective_mastery(
    bank: Bank,
    exam_id: str,
    answers: Iterable[ScoredAnswer],
    *,
    at: dt.datetime,
    recall: Mapping[str, float] | None = None,
    config: MasteryConfig = DEFAULT_MASTERY,
) -> list[ObjectiveMastery]:
    """Every objective with questions in a covered domain, weakest (highest priority) first."""
    blueprint = bank.blueprints[exam_id]
    tags = question_tags(bank, blueprint)
    weights = covered_weights(bank, blueprint)
    scores = question_scores(
        [a for a in answers if a.question_id in tags], at=at, half_life_days=config.half_life_days
    )
    members: dict[tuple[str, str], list[str]] = {}
    for question_id, question_tags_ in tags.items():
        for tag in question_tags_:
            if tag.domain_id in weights:
                members.setdefault((tag.domain_id, tag.ref), []).append(question_id)
    result = []
    for (domain_id, ref), question_ids in members.items():
        post = posterior(scores, question_ids, recall=recall, config=config)
        weight = weights[domain_id]
        result.append(
            ObjectiveMastery(
                ref,
                domain_id,
                blueprint.objective_text(ref) or ref,
                weight,
                post.mean,
                post.answers,
                len(question_ids),
                weight * (1 - post.mean),
            )
        )
    result.sort(key=lambda o: (-o.priority, o.mastery, o.ref))
    return result


def drill(
    bank: Bank,
    exam_id: str,
    answers: Iterable[ScoredAnswer],
    *,
    seed: int,
    at: dt.datetime,
    length: int = 10,
    objectives: int = 3,
    recall: Mapping[str, float] | None = None,
    config: MasteryConfig = DEFAULT_MASTERY,
) -> list[Item]:
    """A drill session of up to ``length`` items from the ``objectives`` weakest objectives."""
    history = list(answers)
    weakest = objective_mastery(bank, exam_id, history, at=at, recall=recall, config=config)[
        :objectives
    ]
    tags = question_tags(bank, bank.blueprints[exam_id])
    scores = question_scores(
        [a for a in history if a.question_id in tags], at=at, half_life_days=config.half_life_days
    )
    rng = random.Random(seed)
    pool: dict[str, tuple[float, str]] = {}
    for objective in weakest:
        for question_id, question_tags_ in tags.items():
            if any(
                t.ref == objective.ref and t.domain_id == objective.domain_id
                for t in question_tags_
            ):
                # A question that went badly is drawn more often; an unseen one sits in between.
                recent = scores[question_id][0] if question_id in scores else 0.5
                weight = objective.priority * (1.5 - recent)
                if weight > pool.get(question_id, (0.0, ""))[0]:
                    pool[question_id] = (weight, objective.domain_id)
    # Weighted sampling without replacement (Efraimidis-Spirakis): key u ** (1 / weight).
    keyed = sorted(
        (
            (rng.random() ** (1 / max(weight, 1e-9)), question_id, domain_id)
            for question_id, (weight, domain_id) in sorted(pool.items())
        ),
        reverse=True,
    )
    return [
        Item(question_id, domain_id, display_order(bank.questions[question_id], rng))
        for _, question_id, domain_id in keyed[:length]
    ]


def drill_session(
    engine: Engine,
    bank: Bank,
    *,
    profile_id: int,
    exam_id: str,
    seed: int,
    length: int = 10,
    objectives: int = 3,
    now: dt.datetime | None = None,
) -> list[Item]:
    """:func:`drill` over the profile's recorded answers and review cards."""
    from quizzer.learning.srs import recall, utc
    from quizzer.store.answers import all_answers

    now = utc(now)
    return drill(
        bank,
        exam_id,
        all_answers(engine, profile_id=profile_id),
        seed=seed,
        at=now,
        length=length,
        objectives=objectives,
        recall=recall(engine, profile_id=profile_id, at=now),
    )


def weakest(
    engine: Engine, bank: Bank, *, profile_id: int, exam_id: str, now: dt.datetime | None = None
) -> list[ObjectiveMastery]:
    """:func:`objective_mastery` over the store, for a "weak areas" list."""
    from quizzer.learning.srs import recall, utc
    from quizzer.store.answers import all_answers

    now = utc(now)
    return objective_mastery(
        bank,
        exam_id,
        all_answers(engine, profile_id=profile_id),
        at=now,
        recall=recall(engine, profile_id=profile_id, at=now),
    )
