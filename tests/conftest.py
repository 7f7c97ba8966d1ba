"""Shared fixtures: the small test bank, and an isolated data directory for every test."""

from __future__ import annotations

import os
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


PG_URL = os.environ.get("QUIZZER_TEST_PG_URL")
BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]


def pytest_report_header(config):
    if PG_URL:
        return f"team mode: store tests also run on PostgreSQL ({PG_URL})"
    return (
        "team mode: QUIZZER_TEST_PG_URL unset, store tests run on SQLite only "
        "(.ci/run starts PostgreSQL)"
    )


def _reset_postgres(url: str):
    import sqlalchemy as sa

    from quizzer.store.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A migrated, empty store: SQLite always, PostgreSQL too when QUIZZER_TEST_PG_URL is set."""
    from quizzer.store.engine import make_engine
    from quizzer.store.migrate import upgrade

    if request.param == "postgres":
        engine = _reset_postgres(PG_URL)
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def copy_types_bank(where: Path) -> Path:
    """The test bank plus the short-answer and recall-card questions of fixtures/types."""
    import shutil

    root = where / "bank"
    shutil.copytree(FIXTURE_BANK, root)
    shutil.copy(
        FIXTURE_BANK.parent / "types" / "new_types.yaml", root / "questions" / "new_types.yaml"
    )
    return root


@pytest.fixture
def types_bank_root(tmp_path) -> Path:
    """A copy of the test bank with a short-answer and a recall-card question added."""
    return copy_types_bank(tmp_path)
