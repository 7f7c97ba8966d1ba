"""A team database of its own on the test PostgreSQL server: two learners and an instructor.

Each module gets a fresh database and fresh logins (names with a random suffix, since roles
belong to the whole server); both are dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

PG_URL = os.environ.get("QUIZZER_TEST_PG_URL")

needs_postgres = pytest.mark.skipif(
    not PG_URL, reason="team mode needs PostgreSQL: set QUIZZER_TEST_PG_URL (.ci/run does)"
)


@dataclass
class Team:
    owner: str
    """The database owner's URL."""
    urls: dict[str, str] = field(default_factory=dict)
    """Person ("ann", "bob", "tom") -> URL with their own login and password."""
    logins: dict[str, str] = field(default_factory=dict)
    """Person -> login name."""
    engines: list[Engine] = field(default_factory=list)

    def engine(self, who: str) -> Engine:
        from quizzer.store.opening import open_store

        engine = open_store(self.owner if who == "owner" else self.urls[who])
        self.engines.append(engine)
        return engine

    def url_for(self, login: str, password: str) -> str:
        return (
            make_url(self.owner)
            .set(username=login, password=password)
            .render_as_string(hide_password=False)
        )


def _admin(url: str) -> Engine:
    """The owner on the server's maintenance database; no pool, so nothing stays open."""
    return sa.create_engine(
        make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
    )


def make_team(people: dict[str, str]) -> Team:
    """A new database (owned by the test server's owner) with ``people``: name -> role."""
    from quizzer.store import team as admin
    from quizzer.store.opening import opened_store

    suffix = secrets.token_hex(3)
    database = f"quizzer_team_{suffix}"
    with _admin(PG_URL).connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {database}"))
    owner = make_url(PG_URL).set(database=database).render_as_string(hide_password=False)
    made = Team(owner)
    with opened_store(owner) as engine:
        admin.init(engine)
        for who, role in people.items():
            login = f"{who}_{suffix}"
            made.logins[who] = login
            made.urls[who] = made.url_for(login, admin.add(engine, login, role))
    return made


def drop_team(made: Team) -> None:
    for engine in made.engines:
        engine.dispose()
    database = make_url(made.owner).database
    with _admin(PG_URL).connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        for login in made.logins.values():
            connection.execute(sa.text(f'DROP ROLE IF EXISTS "{login}"'))


@pytest.fixture(scope="module")
def team():
    made = make_team({"ann": "learner", "bob": "learner", "tom": "instructor"})
    yield made
    drop_team(made)
