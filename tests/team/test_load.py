"""A short team load run: learners with their own processes and logins lose nothing."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from .conftest import PG_URL, needs_postgres

pytestmark = [pytest.mark.postgres, needs_postgres]
BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


def _bench():
    """The benchmark module, importable by name in its spawned learner processes too."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("team_load_bench")


def test_five_learners_for_five_seconds_lose_nothing():
    report = _bench().run_load(PG_URL, learners=5, seconds=5)
    assert report.errors == []
    assert len(report.runs) == 5 and all(run.written > 0 for run in report.runs)
    assert report.lost == 0
    for run in report.runs:
        assert report.stored[run.login] == run.written
        assert report.own_view[run.login] == run.written  # and each sees only their own
    assert report.percentile(0.99) >= report.percentile(0.5) > 0
