"""Team administration on PostgreSQL: group roles, table privileges, and one login per person.

The database owner runs these (``quizzer team init|add|remove``). Row-level security policies
come from migration 0004; :func:`grant` gives the groups the table privileges the policies
then narrow, and runs again after every upgrade so a new protected table is usable at once.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection, Engine

from quizzer.errors import EnvironmentFailure, InputError
from quizzer.store.records import Member

LEARNER = "quizzer_learner"
INSTRUCTOR = "quizzer_instructor"
GROUPS = (LEARNER, INSTRUCTOR)
ROLES = ("learner", "instructor")
# A PostgreSQL role name that needs no care in a URL or a shell: 1 to 63 plain characters.
LOGIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,62}$")


class NotTeamDatabase(InputError):
    """Team administration was asked of a database that is not PostgreSQL."""


class NotAdministrator(EnvironmentFailure):
    """The connected login may not administer the team (it is not the database owner)."""


class NotInTeam(EnvironmentFailure):
    """The login connected but is not a member of the team."""


def not_in_team(login: str) -> NotInTeam:
    return NotInTeam(
        f"The login {login!r} is not a member of this team; ask the administrator to run "
        f"'quizzer team add {login}'."
    )


def is_team(engine: Engine) -> bool:
    """Team mode is any PostgreSQL database: the login is the person."""
    return engine.dialect.name == "postgresql"


def _require_team(engine: Engine) -> None:
    if not is_team(engine):
        raise NotTeamDatabase(
            "Team mode needs a PostgreSQL database; pass --db postgresql+psycopg://OWNER@HOST/DB "
            "or set QUIZZER_DB (a SQLite file belongs to one person)."
        )


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def groups_exist(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname IN (:a, :b)"),
        {"a": LEARNER, "b": INSTRUCTOR},
    ).scalar_one()
    return found == len(GROUPS)


def grant(connection: Connection) -> None:
    """Give the groups the privileges the policies narrow; a table without RLS stays closed.

    A no-op on SQLite and before migration 0004 has created the groups.
    """
    if connection.dialect.name != "postgresql" or not groups_exist(connection):
        return
    connection.execute(text(f"GRANT {LEARNER} TO {INSTRUCTOR}"))
    schema = _quote(connection, connection.execute(text("SELECT current_schema()")).scalar_one())
    connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {LEARNER}"))
    tables = connection.execute(
        text(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
    ).all()
    for name, protected in tables:
        table = f"{schema}.{_quote(connection, name)}"
        if name == "alembic_version":  # a learner's quizzer checks the schema revision
            connection.execute(text(f"GRANT SELECT ON {table} TO {LEARNER}"))
        elif name == "item_parameter":  # shared, not a learner's: all read, instructors calibrate
            connection.execute(text(f"GRANT SELECT ON {table} TO {LEARNER}"))
            connection.execute(text(f"GRANT INSERT, DELETE ON {table} TO {INSTRUCTOR}"))
        elif name == "profile":  # the role column is never granted: membership decides roles
            connection.execute(text(f"GRANT SELECT, INSERT ON {table} TO {LEARNER}"))
            connection.execute(text(f"GRANT UPDATE (settings) ON {table} TO {LEARNER}"))
        elif protected:
            connection.execute(
                text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {LEARNER}")
            )
    connection.execute(
        text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {LEARNER}")
    )


@contextmanager
def _administering(engine: Engine, action: str) -> Iterator[Connection]:
    """A transaction that turns "permission denied" into one sentence about who may do this."""
    _require_team(engine)
    try:
        with engine.begin() as connection:
            yield connection
    except exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) not in ("42501", "0LP01"):
            raise
        login = engine.url.username or "this login"
        raise NotAdministrator(
            f"{login!r} may not {action}: run it as the database owner, with CREATEROLE."
        ) from None


def init(engine: Engine) -> list[str]:
    """After the upgrade (done by opening the store): groups and grants; the protected tables."""
    with _administering(engine, "set up the team") as connection:
        if not groups_exist(connection):
            raise NotAdministrator(
                f"The group roles {LEARNER} and {INSTRUCTOR} are missing; run 'quizzer team init' "
                "as the database owner, with CREATEROLE."
            )
        grant(connection)
        return list(
            connection.execute(
                text(
                    "SELECT c.relname FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relrowsecurity ORDER BY 1"
                )
            ).scalars()
        )


def _check_name(name: str) -> None:
    if not LOGIN_NAME.match(name) or name.startswith("pg_") or name in GROUPS:
        raise InputError(
            f"{name!r} cannot be a login: use 1 to 63 letters, digits, '_', '.' or '-', starting "
            "with a letter or '_' (not 'pg_' and not a quizzer group)."
        )


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The SCRAM verifier of ``password``: the password never reaches the server or its log."""
    raw = connection.connection.driver_connection
    assert raw is not None  # an open connection has its driver's connection
    secret = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    return secret.decode()


def add(engine: Engine, name: str, role: str) -> str:
    """Create (or re-enable) ``name``'s login, role and profile; returns the new password.

    Running it again for an existing member changes their role and gives a new password.
    """
    _check_name(name)
    if role not in ROLES:
        raise InputError(f"{role!r} is not a team role; use learner or instructor.")
    password = secrets.token_urlsafe(18)
    with _administering(engine, "add team members") as connection:
        if not groups_exist(connection):
            raise NotAdministrator("The team is not set up yet; run 'quizzer team init' first.")
        found = connection.execute(
            text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :n"), {"n": name}
        ).first()
        owner = connection.execute(
            text("SELECT relowner::regrole::text FROM pg_class WHERE oid = 'profile'::regclass")
        ).scalar_one()
        if name == owner.strip('"'):
            raise InputError(
                f"{name!r} owns quizzer's tables and so sees every row: it cannot be a team "
                "member; add each person under their own login."
            )
        if found is not None and found[0]:
            raise InputError(
                f"{name!r} is a superuser or bypasses row-level security: it sees every row, "
                "so it cannot be a team member; choose another name."
            )
        login = _quote(connection, name)
        verifier = _verifier(connection, name, password)
        verb = "ALTER" if found is not None else "CREATE"
        # Utility statements take no bound parameters; the verifier holds only base64 and '$:'.
        connection.exec_driver_sql(
            f"{verb} ROLE {login} LOGIN NOSUPERUSER NOBYPASSRLS INHERIT PASSWORD '{verifier}'"
        )
        connection.execute(text(f"GRANT {LEARNER} TO {login}"))
        if role == "instructor":
            connection.execute(text(f"GRANT {INSTRUCTOR} TO {login}"))
        elif found is not None:
            connection.execute(text(f"REVOKE {INSTRUCTOR} FROM {login}"))
        connection.execute(
            text(
                "INSERT INTO profile (name, role, created_at, settings) "
                "VALUES (:n, :r, now(), '{}') ON CONFLICT (name) DO UPDATE SET role = :r"
            ),
            {"n": name, "r": role},
        )
    return password


def remove(engine: Engine, name: str) -> bool:
    """Disable ``name``'s login (its history stays); False when there is no such team member."""
    _check_name(name)
    with _administering(engine, "remove team members") as connection:
        member = connection.execute(
            text("SELECT pg_has_role(:n, :g, 'MEMBER') FROM pg_roles WHERE rolname = :n"),
            {"n": name, "g": LEARNER},
        ).first()
        if member is None or not member[0]:
            return False
        connection.execute(text(f"ALTER ROLE {_quote(connection, name)} NOLOGIN PASSWORD NULL"))
    return True


def members(engine: Engine) -> list[Member]:
    """Every login in the learner group (instructors included), by name."""
    with _administering(engine, "list team members") as connection:
        if not groups_exist(connection):
            return []
        rows = connection.execute(
            text(
                "SELECT r.rolname, pg_has_role(r.oid, :i, 'MEMBER'), r.rolcanlogin FROM pg_roles r "
                "WHERE r.rolname NOT IN (:l, :i) AND pg_has_role(r.oid, :l, 'MEMBER') "
                "AND NOT r.rolsuper ORDER BY 1"
            ),
            {"l": LEARNER, "i": INSTRUCTOR},
        ).all()
    return [Member(n, "instructor" if i else "learner", bool(c)) for n, i, c in rows]
