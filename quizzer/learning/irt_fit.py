"""Calibrate 2PL item parameters by marginal maximum likelihood, in JAX with optax.

Abilities are integrated out with Gauss–Hermite quadrature over a standard-normal population;
each item's discrimination ``a`` (through ``log a``) and difficulty ``b`` get normal priors
centred on its prior parameters, which keeps items with few responses near their priors.
Imports JAX: call only from ``quizzer irt calibrate`` (never on the app's start path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NODES = 21
LOG_A_SD = 0.5
B_SD = 1.0


@dataclass(frozen=True)
class Fit:
    a: np.ndarray
    b: np.ndarray
    log_likelihood: float


def fit_2pl(
    responses: np.ndarray,
    observed: np.ndarray,
    prior_a: Sequence[float],
    prior_b: Sequence[float],
    *,
    steps: int = 400,
    learning_rate: float = 0.05,
) -> Fit:
    """MML estimates from a persons x items matrix of scores in [0, 1] (``observed`` marks the
    cells that were asked; the rest are ignored)."""
    import jax
    import jax.numpy as jnp
    import optax

    nodes, weights = np.polynomial.hermite_e.hermegauss(NODES)
    log_w = jnp.asarray(np.log(weights / weights.sum()), dtype=jnp.float32)
    theta = jnp.asarray(nodes, dtype=jnp.float32)
    y = jnp.asarray(responses, dtype=jnp.float32)
    mask = jnp.asarray(observed, dtype=jnp.float32)
    log_a0 = jnp.log(jnp.asarray(prior_a, dtype=jnp.float32))
    b0 = jnp.asarray(prior_b, dtype=jnp.float32)

    def loss(params):
        log_a, b = params
        logits = jnp.exp(log_a)[None, :] * (theta[:, None] - b[None, :])  # nodes x items
        log_p, log_q = jax.nn.log_sigmoid(logits), jax.nn.log_sigmoid(-logits)
        # persons x nodes: log-likelihood of each person's observed answers at each node
        per_node = (y * mask) @ log_p.T + ((1 - y) * mask) @ log_q.T
        marginal = jax.scipy.special.logsumexp(per_node + log_w[None, :], axis=1).sum()
        prior = ((log_a - log_a0) / LOG_A_SD) ** 2 + ((b - b0) / B_SD) ** 2
        return -marginal + 0.5 * prior.sum()

    optimizer = optax.adam(learning_rate)
    params = (log_a0, b0)
    state = optimizer.init(params)

    @jax.jit
    def step(params, state):
        value, grads = jax.value_and_grad(loss)(params)
        updates, state = optimizer.update(grads, state)
        return optax.apply_updates(params, updates), state, value

    for _ in range(steps):
        params, state, value = step(params, state)
    log_a, b = params
    return Fit(np.exp(np.asarray(log_a)), np.asarray(b), -float(value))
