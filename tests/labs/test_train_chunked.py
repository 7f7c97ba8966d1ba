"""train_chunked reports progress in training steps, also when one step call runs an inner loop."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from labs import jaxkit
from labs.framework import Reporter


def count_up(carry, _, hp):
    return carry + hp, {"value": carry + hp}


def inner_loop(carry, _, hp):
    """One call runs 5 training steps (adding hp each) and measures once, at the end."""
    carry = jax.lax.fori_loop(0, 5, lambda _, c: c + hp, carry)
    return carry, {"value": carry}


def progress_of(step, **kwargs):
    seen = []
    reporter = Reporter(lambda p: seen.append((p.step, p.total, p.metrics["value"])))
    carry, history = jaxkit.train_chunked(
        step, jnp.float32(0.0), hp=jnp.float32(1.0), reporter=reporter, **kwargs
    )
    return float(carry), history["value"], seen


def test_progress_counts_steps():
    final, history, seen = progress_of(count_up, steps=20, chunks=4)
    assert final == 20.0
    np.testing.assert_array_equal(history, np.arange(1, 21))
    assert seen == [(5, 20, 5.0), (10, 20, 10.0), (15, 20, 15.0), (20, 20, 20.0)]


def test_an_inner_loop_step_counts_every_training_step():
    final, history, seen = progress_of(inner_loop, steps=4, chunks=4, every=5)
    assert final == 20.0
    np.testing.assert_array_equal(history, [5, 10, 15, 20])  # one measurement per call
    assert seen == [(5, 20, 5.0), (10, 20, 10.0), (15, 20, 15.0), (20, 20, 20.0)]


def test_offset_and_total_count_training_steps_too():
    _, _, seen = progress_of(inner_loop, steps=2, chunks=2, every=5, offset=100, total=200)
    assert [(step, total) for step, total, _ in seen] == [(105, 200), (110, 200)]
