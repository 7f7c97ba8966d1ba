"""Ensemble helpers for the generative-AI labs: one optimizer step for all members, spreads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import framework, jaxkit
from labs.framework import Evidence

#: Members per ensemble: each has its own initialisation and data draw, derived from the seed.
MEMBERS = 8


def member_rngs(seed: int, members: int = MEMBERS) -> list[np.random.Generator]:
    """One independent NumPy generator per member, all derived from the lab's seed."""
    return jaxkit.member_rngs(seed, members)


stack = jaxkit.stack


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
        params, opt_state = carry
        params, opt_state, loss = jax.vmap(one)(params, opt_state, hp, x)
        return (params, opt_state), {"loss": jnp.median(loss), "losses": loss}

    return step


def init_state(optimizer: optax.GradientTransformation, params: Any) -> Any:
    """Adam's starting state for stacked members (all zeros), built in NumPy: no compile."""
    return jaxkit.zero_state(optimizer, params)


def spread(label: str, values: Any, unit: str = "") -> list[Evidence]:
    """One evidence row: the median across the ensemble's members, with its range."""
    return [Evidence.of(label, np.asarray(values, dtype=np.float64).tolist(), unit)]


def span(values: Any, unit: str = "") -> str:
    """``median X (range A to B over N runs)`` for a verdict sentence."""
    return framework.spread(np.asarray(values, dtype=np.float64).tolist()).text(unit)


def finish(
    meta: framework.LabMeta,
    seed: int,
    supports: bool,
    *,
    supported: str,
    not_supported: str,
    **fields: Any,
) -> framework.LabResult:
    """The run's result: the verdict text that matches ``supports`` (see ``framework.decide``)
    and the evidence, curves and effect in ``fields``, on this run's device."""
    decision = framework.decide(
        supports, supported=supported, not_supported=not_supported, lab_id=meta["id"]
    )
    return framework.LabResult(
        lab_id=meta["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=decision.supports,
        verdict=decision.text,
        **fields,
    )
