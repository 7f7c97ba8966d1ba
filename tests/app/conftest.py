"""Fixtures for the app tests: an app on a temporary database, the test bank, fake clock, labs."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from .fakes import FakeClock, FakeNow, FakeRegistry

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "bank"
TODAY = dt.date(2026, 1, 15)
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _utc():
    """Local times render the same everywhere."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def db_url(tmp_path) -> str:
    # An (empty) database file the learner already has: creating one shows a notice, which
    # test_app checks once and which must not sit in every screenshot.
    (tmp_path / "quizzer.db").touch()
    return f"sqlite:///{tmp_path / 'quizzer.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def now() -> FakeNow:
    """The app's UTC wall clock: noon on TODAY, moved by tests (e.g. until reviews are due)."""
    return FakeNow(NOW)


@pytest.fixture
def registry() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
def make_app(db_url, clock, now, registry, tmp_path):
    """Build a QuizzerApp on the test bank and the temporary database."""
    from quizzer.app import QuizzerApp

    def make(**overrides):
        options = dict(
            db_url=db_url,
            bank_root=FIXTURE_BANK,
            labs=registry,
            clock=clock,
            seed=1,
            today=TODAY,
            keymap_file=tmp_path / "keymap.toml",
            now=now,
        )
        options.update(overrides)
        return QuizzerApp(**options)

    return make
