"""Fixtures for the learning engine: a migrated temporary database, a profile, the test bank."""

from __future__ import annotations

from pathlib import Path

import pytest
from learning_helpers import FIXTURE_BANK

from quizzer.bank.loader import Bank, load_bank
from quizzer.store import profiles
from quizzer.store.engine import make_engine
from quizzer.store.migrate import upgrade


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'quizzer.db'}"


@pytest.fixture
def engine(db_url: str):
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def profile_id(engine) -> int:
    return profiles.get_or_create_profile(engine, name="ada").id


@pytest.fixture(scope="session")
def fixture_bank() -> Bank:
    return load_bank(FIXTURE_BANK)
