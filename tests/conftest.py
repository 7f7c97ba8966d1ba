"""Shared fixtures: the small test bank, and an isolated data directory for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real user data directory or database from a test."""
    home = tmp_path_factory.mktemp("quizzer-home")
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    monkeypatch.delenv("QUIZZER_DB", raising=False)
    return home


@pytest.fixture
def fixture_bank_root() -> Path:
    return FIXTURE_BANK


@pytest.fixture
def bank():
    from quizzer.bank.loader import load_bank

    return load_bank(FIXTURE_BANK)


@pytest.fixture
def engine(tmp_path):
    from quizzer.store.engine import make_engine
    from quizzer.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()
