"""``quizzer team`` and the reporting commands under team logins, through the command line."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from quizzer.cli import main
from quizzer.mock_data import MockResult
from quizzer.store import migrate
from quizzer.store.identity import NotInTeam, current_profile
from quizzer.store.opening import SchemaBehind, open_store

from .conftest import drop_team, make_team, needs_postgres
from .mocks import submit_mock

pytestmark = [pytest.mark.postgres, needs_postgres]


def _mock(engine, scores: list[float]) -> None:
    submit_mock(engine, current_profile(engine).id, scores, result=MockResult(scaled=700))


@pytest.fixture(scope="module")
def mocks(team):
    _mock(team.engine("ann"), [1.0, 0.0])
    _mock(team.engine("bob"), [1.0, 1.0])
    _mock(team.engine("bob"), [0.0, 1.0])
    return team


def _stats(url: str, capsys) -> dict:
    assert main(["--db", url, "stats", "items", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_stats_and_export_see_what_the_login_may_see(mocks, capsys, tmp_path):
    team = mocks
    ann = _stats(team.urls["ann"], capsys)
    assert (ann["attempts"], ann["scope"], ann["profile"]) == (1, "own", team.logins["ann"])
    tom = _stats(team.urls["tom"], capsys)
    assert (tom["attempts"], tom["scope"]) == (3, "all learners")

    out = tmp_path / "all.json"
    assert main(["--db", team.urls["tom"], "export", "--all-profiles", "--out", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert {m["profile"] for m in exported["mocks"]} == {team.logins["ann"], team.logins["bob"]}
    assert len(exported["answers"]) == 6
    capsys.readouterr()
    assert main(["--db", team.urls["ann"], "export", "--all-profiles"]) == 2  # a usage error
    assert "learner" in capsys.readouterr().err
    assert main(["--db", team.urls["ann"], "export"]) == 0
    own = json.loads(capsys.readouterr().out)
    assert {a["profile"] for a in own["answers"]} == {team.logins["ann"]} and len(
        own["answers"]
    ) == 2


def test_profile_flag_and_profile_roles_are_refused(team, capsys):
    assert main(["--db", team.urls["ann"], "--profile", team.logins["tom"], "stats", "items"]) == 2
    err = capsys.readouterr().err
    assert "--profile" in err and team.logins["ann"] in err and "Traceback" not in err
    assert (
        main(["--db", team.urls["ann"], "profile", "role", team.logins["ann"], "instructor"]) == 2
    )
    assert "quizzer team add" in capsys.readouterr().err
    assert main(["--db", team.owner, "profile", "add", "someone"]) == 2
    assert current_profile(team.engine("ann")).role == "learner"


def test_team_commands_manage_logins_and_keep_history(capsys):
    made = make_team({"kim": "learner"})
    try:
        kim = made.engine("kim")
        _mock(kim, [1.0])
        kim.dispose()
        owner, login = made.owner, made.logins["kim"]
        assert main(["--db", owner, "team", "init"]) == 0  # again: nothing changes, nothing fails
        assert "answer" in capsys.readouterr().out
        assert main(["--db", owner, "team", "list"]) == 0
        assert f"{login}" in capsys.readouterr().out

        # Adding again changes the role and the password: the old one stops working.
        assert main(["--db", owner, "team", "add", login, "--role", "instructor"]) == 0
        printed = capsys.readouterr().out
        password = printed.split("privately): ")[1].split()[0]
        assert main(["--db", made.urls["kim"], "db", "info"]) == 3
        assert "refused login" in capsys.readouterr().err
        made.urls["kim"] = made.url_for(login, password)
        assert current_profile(made.engine("kim")).role == "instructor"
        assert main(["--db", owner, "team", "add", login, "--role", "learner"]) == 0
        password = capsys.readouterr().out.split("privately): ")[1].split()[0]
        made.urls["kim"] = made.url_for(login, password)
        assert current_profile(made.engine("kim")).role == "learner"
        for engine in made.engines:
            engine.dispose()

        assert main(["--db", owner, "team", "remove", login]) == 0
        assert "history is kept" in capsys.readouterr().out
        assert main(["--db", made.urls["kim"], "stats", "items"]) == 3
        err = capsys.readouterr().err
        assert "refused login" in err and password not in err
        with made.engine("owner").connect() as connection:
            kept = connection.execute(sa.text("SELECT count(*) FROM answer")).scalar_one()
        assert kept == 1
        assert main(["--db", owner, "team", "list"]) == 0
        assert "(removed)" in capsys.readouterr().out
        assert main(["--db", owner, "team", "remove", "nobody_here"]) == 2

        # Only the owner administers: a learner's login may not add anyone.
        assert main(["--db", owner, "team", "add", login]) == 0
        password = capsys.readouterr().out.split("privately): ")[1].split()[0]
        assert main(["--db", made.url_for(login, password), "team", "add", "eve_x"]) == 3
        assert "database owner" in capsys.readouterr().err
        assert main(["--db", owner, "team", "add", "pg_bad"]) == 2
        assert main(["--db", owner, "team", "add", make_url(owner).username]) == 2
        assert "owns quizzer's tables" in capsys.readouterr().err
        assert main(["--db", owner, "team", "add", made.logins["kim"] + "; DROP"]) == 2
    finally:
        drop_team(made)


def test_team_on_sqlite_is_refused(tmp_path, capsys):
    assert main(["--db", f"sqlite:///{tmp_path / 'one.db'}", "team", "init"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


def test_a_login_outside_the_team_is_told_so(team):
    outsider = f"{team.logins['ann']}_out"
    with team.engine("owner").connect() as connection:
        connection.execute(sa.text(f"CREATE ROLE \"{outsider}\" LOGIN PASSWORD 'pw-outsider'"))
        connection.commit()
    try:
        with pytest.raises(NotInTeam, match="quizzer team add"):
            open_store(team.url_for(outsider, "pw-outsider"))
    finally:
        with team.engine("owner").connect() as connection:
            connection.execute(sa.text(f'DROP ROLE "{outsider}"'))
            connection.commit()


def test_a_learner_cannot_upgrade_an_old_schema_and_the_owner_keeps_the_policies(team):
    from alembic import command

    owner = team.engine("owner")
    config = migrate._config()
    with owner.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    try:
        with pytest.raises(SchemaBehind, match="quizzer team init"):
            open_store(team.urls["ann"])
    finally:
        migrate.upgrade(owner)
    with owner.connect() as connection:
        secured = connection.execute(
            sa.text("SELECT count(*) FROM pg_class WHERE relrowsecurity AND relname = 'answer'")
        ).scalar_one()
    assert secured == 1
    assert current_profile(team.engine("ann")).name == team.logins["ann"]
    assert make_url(team.urls["ann"]).username == team.logins["ann"]
