"""``jaxkit.zero_state`` builds the same starting state as the optimizer's own init."""

from __future__ import annotations

import jax
import numpy as np
import optax
import pytest

from labs import jaxkit


@pytest.mark.parametrize(
    "optimizer",
    [
        optax.adam(0.01),
        optax.adam(optax.cosine_decay_schedule(0.1, 100)),
        optax.sgd(0.1, momentum=0.9),
        optax.flatten(optax.adam(0.1)),
    ],
)
def test_zero_state_matches_the_optimizers_init(optimizer):
    rng = np.random.default_rng(0)
    stacked = jaxkit.stack([jaxkit.mlp_init(rng, [2, 4, 1]) for _ in range(3)])
    expected = jax.vmap(optimizer.init)(stacked)
    built = jaxkit.zero_state(optimizer, stacked)
    assert jax.tree_util.tree_structure(built) == jax.tree_util.tree_structure(expected)
    pairs = zip(jax.tree_util.tree_leaves(built), jax.tree_util.tree_leaves(expected), strict=True)
    for got, want in pairs:
        assert isinstance(got, np.ndarray)
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_array_equal(got, np.asarray(want))
