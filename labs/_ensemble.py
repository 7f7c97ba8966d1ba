"""Ensemble helpers for the generative-AI labs: vmapped training over members and spread rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence

#: Members per ensemble: each has its own initialisation and data draw, derived from the seed.
MEMBERS = 8


def member_rngs(seed: int, members: int = MEMBERS) -> list[np.random.Generator]:
    """One independent NumPy generator per member, all derived from the lab's seed."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(members)]


def stack(trees: list[Any]) -> Any:
    """Members' pytrees (NumPy leaves) stacked on a new leading axis, one row per member."""
    return jax.tree_util.tree_map(lambda *leaves: np.stack(leaves), *trees)


def adam_step(loss_fn: Callable, optimizer: optax.GradientTransformation) -> Callable:
    """A ``train_chunked`` step that takes one optimizer step on every member at once.

    The carry is ``(params, opt_state)`` stacked over members; ``hp`` holds the members'
    data (leading member axis) and ``x`` the per-step inputs (member axis second).
    ``loss_fn(params, data, x)`` is one member's loss. Returns per-member losses as metrics.
    """

    def one(params, opt_state, data, x):
        loss, grads = jax.value_and_grad(loss_fn)(params, data, x)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss

    def step(carry, x, hp):
        params, opt_state, loss = jax.vmap(one)(*carry, hp, x)
        return (params, opt_state), {"loss": jnp.median(loss), "losses": loss}

    return step


def init_state(optimizer: optax.GradientTransformation, params: Any) -> Any:
    """Optimizer state for stacked members, as one small compiled call."""
    return jaxkit.compiled_call(jax.vmap(optimizer.init), params)


def spread(label: str, values: Any, unit: str = "") -> list[Evidence]:
    """Median, lowest and highest value of a measurement across the ensemble's members."""
    values = np.asarray(values, dtype=np.float64)
    return [
        Evidence(f"{label}: median of {values.size}", float(np.median(values)), unit),
        Evidence(f"{label}: lowest", float(values.min()), unit),
        Evidence(f"{label}: highest", float(values.max()), unit),
    ]


def span(values: Any, fmt: str = ".0f", unit: str = "") -> str:
    """``median X (range A-B)`` for a verdict sentence."""
    values = np.asarray(values, dtype=np.float64)
    m, lo, hi = np.median(values), values.min(), values.max()
    return f"{m:{fmt}}{unit} (range {lo:{fmt}}-{hi:{fmt}}{unit})"
