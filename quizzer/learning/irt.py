"""Two-parameter logistic item response theory: item parameters, ability estimates, information.

``P(right | theta) = 1 / (1 + exp(-a (theta - b)))``: ``theta`` is the learner's ability on a
standard-normal scale, ``b`` the item's difficulty on that scale and ``a`` its discrimination.
Abilities are estimated by EAP (the posterior mean on a grid, standard-normal prior), which
behaves well from the very first answer, unlike maximum likelihood.

Until responses from many learners exist, each question's parameters are *priors* taken from
its authored difficulty (:func:`prior_parameters`); :mod:`quizzer.learning.irt_fit` replaces
them by marginal maximum likelihood estimates. Pure NumPy: no JAX here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

GRID = np.linspace(-4.0, 4.0, 161)
"""Ability grid for posteriors: fine enough that EAP and its SD are accurate to about 0.01."""
PRIOR_B = {1: -1.0, 2: 0.0, 3: 1.0}
"""Authored difficulty (1 recall, 2 apply, 3 analyse) -> prior item difficulty b."""
PRIOR_A = 1.0
"""Prior discrimination: a typical well-written item."""


@dataclass(frozen=True)
class ItemParameters:
    """One question version's 2PL parameters and where they come from."""

    question_id: str
    a: float
    b: float
    source: str = "prior"
    """'prior' (from the authored difficulty) or 'fitted' (from learners' responses)."""
    responses: int = 0


def prior_parameters(question_id: str, difficulty: int) -> ItemParameters:
    return ItemParameters(question_id, PRIOR_A, PRIOR_B.get(difficulty, 0.0))


def probability(
    theta: np.ndarray | float, a: np.ndarray | float, b: np.ndarray | float
) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.multiply(a, np.subtract(theta, b))))


def information(theta: float, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Fisher information of each item at ``theta``: ``a^2 P (1 - P)``."""
    p = probability(theta, a, b)
    return np.square(a) * p * (1.0 - p)


@dataclass(frozen=True)
class Ability:
    """A posterior over ability on :data:`GRID`, summarised."""

    mean: float
    se: float
    posterior: np.ndarray

    def interval(self, level: float = 0.8) -> tuple[float, float]:
        cdf = np.cumsum(self.posterior)
        tail = (1 - level) / 2
        return float(np.interp(tail, cdf, GRID)), float(np.interp(1 - tail, cdf, GRID))

    def above(self, theta: float) -> float:
        """Posterior probability that the ability exceeds ``theta``."""
        return float(self.posterior[theta < GRID].sum())


def log_likelihood(item: ItemParameters, score: float) -> np.ndarray:
    """Log-likelihood of one (partial) score on :data:`GRID`."""
    p = np.clip(probability(GRID, item.a, item.b), 1e-9, 1 - 1e-9)
    return score * np.log(p) + (1.0 - score) * np.log1p(-p)


def prior_log_density(prior_sd: float = 1.0) -> np.ndarray:
    return -0.5 * np.square(GRID / prior_sd)


def summarise(log_post: np.ndarray) -> Ability:
    post = np.exp(log_post - log_post.max())
    post /= post.sum()
    mean = float((GRID * post).sum())
    se = float(np.sqrt(((GRID - mean) ** 2 * post).sum()))
    return Ability(mean, se, post)


def estimate(
    responses: Sequence[tuple[ItemParameters, float]], *, prior_sd: float = 1.0
) -> Ability:
    """EAP ability from (item, score) pairs; a partial score counts as that share of a success."""
    log_post = prior_log_density(prior_sd)
    for item, score in responses:
        log_post = log_post + log_likelihood(item, score)
    return summarise(log_post)


def expected_fraction(
    theta: float | np.ndarray, items: Sequence[ItemParameters], weights: Sequence[float]
) -> np.ndarray:
    """Expected share of marks at ``theta`` on a form whose items carry ``weights`` (sum 1)."""
    a = np.array([i.a for i in items])[:, None]
    b = np.array([i.b for i in items])[:, None]
    w = np.asarray(weights)[:, None]
    return (w * probability(np.atleast_1d(theta)[None, :], a, b)).sum(axis=0)


def ability_at(fraction: float, items: Sequence[ItemParameters], weights: Sequence[float]) -> float:
    """The ability whose expected share of marks on the form is ``fraction`` (e.g. the cut)."""
    curve = expected_fraction(GRID, items, weights)
    return float(np.interp(fraction, curve, GRID))


def exam_form(
    params: Mapping[str, ItemParameters],
    domains: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
) -> tuple[list[ItemParameters], list[float]]:
    """The exam as IRT sees it: every bank item of a domain shares that domain's weight."""
    items, shares = [], []
    for domain, ids in domains.items():
        members = [params[q] for q in ids if q in params]
        for item in members:
            items.append(item)
            shares.append(weights[domain] / len(members))
    total = sum(shares) or 1.0
    return items, [s / total for s in shares]


def bank_parameters(bank, fitted: Mapping[tuple[str, str], object]) -> dict[str, ItemParameters]:
    """Every bank question's parameters: fitted for its current version if stored, else its prior.

    ``fitted`` maps (question id, content hash) to an object with ``a``, ``b`` and ``responses``
    (``quizzer.store.item_parameters.fitted``).
    """
    result = {}
    for question_id, question in bank.questions.items():
        row = fitted.get((question_id, bank.content_hash(question_id)))
        if row is None:
            result[question_id] = prior_parameters(question_id, question.difficulty)
        else:
            result[question_id] = ItemParameters(question_id, row.a, row.b, "fitted", row.responses)  # type: ignore[attr-defined]
    return result
