"""Row-level security with each person's own login and raw SQL: learners are kept apart."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from quizzer.store import cards, repo
from quizzer.store.cards import CardRecord
from quizzer.store.identity import current_profile

from .conftest import needs_postgres

pytestmark = [pytest.mark.postgres, needs_postgres]
UTC = dt.UTC
# Every table whose rows belong to a learner, and how a row is tied to its learner.
OWNED = {
    "study_session": "profile_id",
    "answer": "profile_id",
    "review_card": "profile_id",
    "question_score": "profile_id",
    "mock_exam": "session_id",
    "mock_item": "session_id",
}


def _history(engine) -> dict[str, int]:
    """A practice answer, a submitted mock, a review card and a setting for the login's profile."""
    me = current_profile(engine)
    session = repo.start_session(engine, profile_id=me.id, kind="practice", exam_id="X")
    repo.record_answer(
        engine,
        session_id=session,
        profile_id=me.id,
        question_id="q1",
        content_hash="h",
        response={"choice": 1},
        correct=True,
        score=1.0,
        time_ms=900,
    )
    items = [{"question_id": "q2", "domain_id": "1", "content_hash": "h", "display_order": None}]
    mock = repo.create_mock(
        engine, profile_id=me.id, exam_id="X", seed=1, plan={}, items=items, time_limit_s=60
    )
    repo.save_mock_answer(engine, session_id=mock, position=0, response=0, time_ms=1, time_left_s=1)
    graded = [{"position": 0, "correct": False, "score": 0.0}]
    repo.finish_mock(engine, session_id=mock, result={"scaled": 500}, graded=graded, time_left_s=0)
    now = dt.datetime(2026, 11, 1, tzinfo=UTC)
    card = CardRecord("q1", {"card_id": 1}, ((3, now.isoformat()),), 2, now, now, 1, 0)
    cards.put_card(engine, profile_id=me.id, record=card)
    repo.update_profile_settings(engine, profile_id=me.id, theme="nord")
    return {"profile": me.id, "session": session, "mock": mock}


@pytest.fixture(scope="module")
def histories(team):
    return {who: _history(team.engine(who)) for who in ("ann", "bob", "tom")}


@pytest.fixture
def raw(team):
    """A raw psycopg connection (autocommit) with the given person's own login."""
    opened = []

    def connect(who: str) -> psycopg.Connection:
        url = make_url(team.urls[who])
        connection = psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=url.username,
            password=url.password,
            autocommit=True,
        )
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.close()


def _count(connection, table: str, column: str, value: int) -> int:
    return connection.execute(
        f"SELECT count(*) FROM {table} WHERE {column} = %s", (value,)
    ).fetchone()[0]


def _owner_count(team, table: str, column: str, value: int) -> int:
    with team.engine("owner").connect() as connection:
        return connection.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :v"), {"v": value}
        ).scalar_one()


def _key(histories, who: str, column: str) -> int:
    return histories[who]["profile" if column == "profile_id" else "mock"]


def test_a_learner_sees_only_their_own_rows(team, histories, raw):
    ann = raw("ann")
    for table, column in OWNED.items():
        assert _owner_count(team, table, column, _key(histories, "bob", column)) > 0, table
        assert _count(ann, table, column, _key(histories, "bob", column)) == 0, table
        assert _count(ann, table, column, _key(histories, "ann", column)) > 0, table
    # Nothing of anyone else, whatever the filter: every visible row is ann's own.
    others = ann.execute(
        "SELECT count(*) FROM answer WHERE profile_id <> %s", (histories["ann"]["profile"],)
    )
    assert others.fetchone()[0] == 0
    names = [row[0] for row in ann.execute("SELECT name FROM profile")]
    assert names == [team.logins["ann"]]


def test_a_learner_cannot_change_or_delete_anothers_rows(team, histories, raw):
    ann = raw("ann")
    for table, column in OWNED.items():
        bob = _key(histories, "bob", column)
        before = _owner_count(team, table, column, bob)
        updated = ann.execute(f"UPDATE {table} SET {column} = {column} WHERE {column} = %s", (bob,))
        assert updated.rowcount == 0, table
        deleted = ann.execute(f"DELETE FROM {table} WHERE {column} = %s", (bob,))
        assert deleted.rowcount == 0, table
        assert _owner_count(team, table, column, bob) == before, table
    # Nor move their own rows over to another learner.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute("UPDATE answer SET profile_id = %s", (histories["bob"]["profile"],))


def test_a_learner_cannot_write_under_anothers_profile(histories, raw):
    ann = raw("ann")
    bob, bobs_session = histories["bob"]["profile"], histories["bob"]["session"]
    statements = [
        (
            "INSERT INTO study_session (profile_id, kind, filters, started_at) "
            "VALUES (%s, 'practice', '{}', now())",
            (bob,),
        ),
        (
            "INSERT INTO answer (session_id, profile_id, question_id, content_hash, correct, "
            "score, "
            "time_ms, answered_at) VALUES (%s, %s, 'q9', 'h', true, 1, 0, now())",
            (bobs_session, bob),
        ),
        (
            "INSERT INTO question_score "
            "(profile_id, question_id, score_sum, weight_sum, answers, last_at) "
            "VALUES (%s, 'q9', 1, 1, 1, now())",
            (bob,),
        ),
        (
            "INSERT INTO review_card "
            "(profile_id, question_id, card, log, state, due, reps, lapses) "
            "VALUES (%s, 'q9', '{}', '[]', 1, now(), 0, 0)",
            (bob,),
        ),
        (
            "INSERT INTO mock_item "
            "(session_id, position, question_id, content_hash, flagged, time_ms) "
            "VALUES (%s, 99, 'q9', 'h', false, 0)",
            (histories["bob"]["mock"],),
        ),
        (  # a mock exam hung on bob's practice session
            "INSERT INTO mock_exam (session_id, exam_id, seed, length, time_limit_s, time_left_s, "
            "current, status, plan, updated_at) VALUES (%s, 'X', 1, 1, 60, 60, 0, 'active', '{}', "
            "now())",
            (bobs_session,),
        ),
    ]
    for sql, params in statements:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ann.execute(sql, params)


def test_a_learner_cannot_become_instructor_or_change_profiles(team, histories, raw):
    ann = raw("ann")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute("SET ROLE quizzer_instructor")
    for login in (team.logins["ann"], team.logins["bob"]):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ann.execute("UPDATE profile SET role = 'instructor' WHERE name = %s", (login,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute(f'GRANT quizzer_instructor TO "{team.logins["ann"]}"')
    changed = ann.execute(
        "UPDATE profile SET settings = '{}' WHERE name = %s", (team.logins["bob"],)
    )
    assert changed.rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute(
            "INSERT INTO profile (name, role, created_at, settings) "
            "VALUES ('eve', 'learner', now(), '{}')"
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute("DELETE FROM profile")
    with team.engine("owner").connect() as connection:
        roles = dict(connection.execute(sa.text("SELECT name, role FROM profile")).all())
    assert roles[team.logins["ann"]] == "learner" and roles[team.logins["bob"]] == "learner"
    # The identity follows the login, not a column: ann stays a learner.
    assert current_profile(team.engine("ann")).role == "learner"
    assert current_profile(team.engine("tom")).role == "instructor"


def test_an_instructor_reads_everyone_and_writes_only_their_own(team, histories, raw):
    tom = raw("tom")
    for table, column in OWNED.items():
        for who in ("ann", "bob"):
            assert _count(tom, table, column, _key(histories, who, column)) > 0, (table, who)
        bob = _key(histories, "bob", column)
        assert tom.execute(f"DELETE FROM {table} WHERE {column} = %s", (bob,)).rowcount == 0, table
    assert len(list(tom.execute("SELECT name FROM profile"))) >= 3
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        tom.execute(
            "INSERT INTO study_session (profile_id, kind, filters, started_at) "
            "VALUES (%s, 'x', '{}', now())",
            (histories["bob"]["profile"],),
        )
    assert (
        tom.execute(
            "UPDATE profile SET settings = '{}' WHERE name = %s", (team.logins["bob"],)
        ).rowcount
        == 0
    )


def test_every_table_with_learner_data_has_a_policy(team, histories):
    """From the catalogue: a new table holding learner data without a policy fails here."""
    with team.engine("owner").connect() as connection:
        tied = set(
            connection.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND column_name IN ('profile_id', 'session_id')"
                )
            ).scalars()
        ) | {"profile"}
        state = {
            name: (secured, policies, readable)
            for name, secured, policies, readable in connection.execute(
                sa.text(
                    "SELECT c.relname, c.relrowsecurity, (SELECT count(*) FROM pg_policy p "
                    "WHERE p.polrelid = c.oid), has_table_privilege('quizzer_learner', c.oid, "
                    "'SELECT') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                )
            )
        }
    assert set(OWNED) | {"profile"} <= tied
    unprotected = sorted(t for t in tied if not (state[t][0] and state[t][1] > 0))
    assert unprotected == []
    # Team logins may read no table that lacks a policy, apart from the schema revision and the
    # shared item parameters (no learner's data: fitted difficulty per question version).
    assert sorted(t for t, (secured, _, readable) in state.items() if readable and not secured) == [
        "alembic_version",
        "item_parameter",
    ]


def test_team_logins_cannot_bypass_the_policies(team):
    with team.engine("owner").connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT rolname FROM pg_roles "
                "WHERE rolname = ANY(:n) AND (rolsuper OR rolbypassrls)"
            ),
            {"n": list(team.logins.values())},
        ).all()
        owners = (
            connection.execute(
                sa.text(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()"
                )
            )
            .scalars()
            .all()
        )
    assert rows == []
    assert not set(owners) & set(team.logins.values())
