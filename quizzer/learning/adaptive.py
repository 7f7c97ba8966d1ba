"""An adaptive readiness check: few questions, each chosen to say the most about the learner.

Computerized adaptive testing on the 2PL model (:mod:`quizzer.learning.irt`):

- the next question is the most informative at the current ability estimate, among the unused
  questions of the domain furthest below its blueprint share (so domains keep their weights);
- exposure control: one of the ``randomesque`` most informative is drawn at random (seeded), so
  the same few items do not open every check;
- the check stops when the standard error reaches ``target_se`` (after ``min_items``) or at
  ``max_items``;
- the result is the ability with its interval, mapped to the exam's scale through the expected
  share of marks on the whole blueprint, and P(pass) = P(ability > ability at the cut score).

Vendors' exams are fixed-form, so mocks stay fixed-form; this check answers "am I ready?" fast.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from quizzer.learning.irt import (
    Ability,
    ItemParameters,
    ability_at,
    exam_form,
    expected_fraction,
    information,
    log_likelihood,
    prior_log_density,
    summarise,
)


@dataclass(frozen=True)
class AdaptiveConfig:
    target_se: float = 0.3
    min_items: int = 8
    max_items: int = 40
    randomesque: int = 3
    balance_slack: float = 2.0
    """A domain more than this many questions below its share is served first."""
    level: float = 0.8


@dataclass(frozen=True)
class CheckResult:
    questions: int
    theta: float
    se: float
    theta_low: float
    theta_high: float
    fraction: float
    fraction_low: float
    fraction_high: float
    pass_probability: float
    priors_only: bool
    """True when every item's parameters are priors from authored difficulty, not fitted."""


class AdaptiveCheck:
    """The state of one check: what was asked, the ability so far, and what to ask next."""

    def __init__(
        self,
        params: Mapping[str, ItemParameters],
        domains: Mapping[str, Sequence[str]],
        weights: Mapping[str, float],
        *,
        cut: float,
        seed: int,
        config: AdaptiveConfig = AdaptiveConfig(),
        form: tuple[Sequence[ItemParameters], Sequence[float]] | None = None,
    ):
        """``domains``: domain id -> its question ids (each question in one domain); ``weights``:
        domain id -> share of the exam; ``cut``: the pass mark as a share of marks."""
        self.params = params
        self.domains = {d: [q for q in ids if q in params] for d, ids in domains.items()}
        self.weights = {d: weights[d] for d in self.domains if self.domains[d]}
        self.config = config
        self.rng = random.Random(seed)
        self.asked: list[tuple[str, str, float]] = []
        self.form = form or exam_form(params, self.domains, self.weights)
        self.theta_cut = ability_at(cut, *self.form)
        self.home = {q: d for d, ids in self.domains.items() for q in ids}
        self.used: set[str] = set()
        self._log_post = prior_log_density()
        self._ability = summarise(self._log_post)

    @property
    def ability(self) -> Ability:
        return self._ability

    @property
    def done(self) -> bool:
        n = len(self.asked)
        if n >= self.config.max_items or not self._remaining():
            return True
        return n >= self.config.min_items and self._ability.se <= self.config.target_se

    def _remaining(self) -> dict[str, list[str]]:
        return {d: [q for q in ids if q not in self.used] for d, ids in self.domains.items()}

    def next_question(self) -> str | None:
        """The question to ask now, or None when the check is done."""
        if self.done:
            return None
        remaining = self._remaining()
        n = len(self.asked) + 1
        counts = {d: sum(1 for _, dd, _ in self.asked if dd == d) for d in self.weights}
        deficit = {d: self.weights[d] * n - counts[d] for d in self.weights if remaining[d]}
        behind = max(deficit, key=lambda d: (deficit[d], self.weights[d], d))
        # Serve a domain that has fallen behind its share; otherwise the best item anywhere.
        if deficit[behind] > self.config.balance_slack:
            ids = remaining[behind]
        else:
            ids = [q for d in deficit for q in remaining[d]]
        a = np.array([self.params[q].a for q in ids])
        b = np.array([self.params[q].b for q in ids])
        info = information(self._ability.mean, a, b)
        best = [ids[i] for i in np.argsort(-info, kind="stable")[: self.config.randomesque]]
        return self.rng.choice(best)

    def record(self, question_id: str, score: float) -> Ability:
        score = min(1.0, max(0.0, score))
        self.asked.append((question_id, self.home[question_id], score))
        self.used.add(question_id)
        self._log_post = self._log_post + log_likelihood(self.params[question_id], score)
        self._ability = summarise(self._log_post)
        return self._ability

    def result(self) -> CheckResult:
        ability = self._ability
        low, high = ability.interval(self.config.level)
        curve = lambda t: float(expected_fraction(t, *self.form)[0])  # noqa: E731
        return CheckResult(
            len(self.asked),
            ability.mean,
            ability.se,
            low,
            high,
            curve(ability.mean),
            curve(low),
            curve(high),
            ability.above(self.theta_cut),
            all(self.params[q].source == "prior" for q, _, _ in self.asked),
        )


def for_exam(
    bank,
    exam_id: str,
    fitted: Mapping[tuple[str, str], object],
    *,
    seed: int,
    types: frozenset[str] | None = None,
    config: AdaptiveConfig = AdaptiveConfig(),
) -> AdaptiveCheck:
    """A check over the exam's bank questions (optionally only some question types).

    Each question counts toward its first covered domain; parameters are fitted where stored
    for the question's current version and priors otherwise.
    """
    from quizzer import qtypes
    from quizzer.learning.irt import bank_parameters
    from quizzer.learning.mastery import covered_weights, question_tags
    from quizzer.scoring import DEFAULT_CUT

    blueprint = bank.blueprints[exam_id]
    tags = question_tags(bank, blueprint)
    weights = covered_weights(bank, blueprint, tags)
    domains: dict[str, list[str]] = {d: [] for d in weights}
    for question_id in sorted(tags):
        kind = bank.questions[question_id].type
        # A check stands in for the exam: like a mock, it never asks a practice-only type.
        if kind not in qtypes.MOCK_TYPES or (types is not None and kind not in types):
            continue
        home = next((t.domain_id for t in tags[question_id] if t.domain_id in weights), None)
        if home is not None:
            domains[home].append(question_id)
    params = bank_parameters(bank, fitted)
    form = None
    if types is not None:  # the scale still comes from the whole exam, not the subset asked
        every = {d: [q for q in tags if any(t.domain_id == d for t in tags[q])] for d in weights}
        form = exam_form(params, every, weights)
    return AdaptiveCheck(
        params, domains, weights, cut=DEFAULT_CUT, seed=seed, config=config, form=form
    )
