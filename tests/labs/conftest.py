"""Lab tests: a private compile cache for the session; JAX set to reject silent rank promotion."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _jax_for_labs(tmp_path_factory):
    """Set before any lab runs: ``jaxkit.setup()`` reads the cache folder once per process.

    JAX is imported here, inside the fixture, so that merely collecting these tests does not
    import it into test runs that check the app's start path stays free of JAX.
    """
    mp = pytest.MonkeyPatch()
    mp.setenv("QUIZZER_JAX_CACHE", str(tmp_path_factory.mktemp("jax-cache")))
    import jax

    jax.config.update("jax_numpy_rank_promotion", "raise")
    yield
    mp.undo()
