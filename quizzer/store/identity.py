"""Who is using quizzer: the profile of the PostgreSQL login in team mode, else a named profile.

In team mode the login is the identity: ``session_user`` names the profile and membership of
``quizzer_instructor`` (``pg_has_role``) makes an instructor; the profile's role column is only
a label. On SQLite, ``--profile`` chooses the profile and its column gives the role.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import exc, text
from sqlalchemy.engine import Engine

from quizzer.errors import InputError
from quizzer.store.records import ProfileRecord
from quizzer.store.team import INSTRUCTOR, NotInTeam, is_team, not_in_team

__all__ = [
    "DEFAULT",
    "NotInTeam",
    "ProfileRefused",
    "current_profile",
    "login",
    "sees_everyone",
    "visible_profile_id",
]

DEFAULT = "default"


class ProfileRefused(InputError):
    """``--profile`` was given with a team database, where the login decides who you are."""


def sees_everyone(profile: ProfileRecord) -> bool:
    """An instructor reads every learner's answers and mocks in reports; a learner their own."""
    return profile.role == "instructor"


def visible_profile_id(profile: ProfileRecord) -> int | None:
    """The profile whose rows ``profile`` reads in reports: None (everyone's) for an instructor."""
    return None if sees_everyone(profile) else profile.id


def login(engine: Engine) -> tuple[str, bool]:
    """(the login's name, whether it belongs to the instructor group) on a team database."""
    with engine.connect() as connection:
        name, instructor = connection.execute(
            text(
                "SELECT session_user, coalesce((SELECT pg_has_role(session_user, r.oid, 'MEMBER') "
                "FROM pg_roles r WHERE r.rolname = :g), false)"
            ),
            {"g": INSTRUCTOR},
        ).one()
    return name, bool(instructor)


def refuse_profile(name: str, who: str) -> ProfileRefused:
    return ProfileRefused(
        f"--profile {name} is not used with a team database: you are the PostgreSQL login "
        f"{who!r}; to act as someone else, connect with their login."
    )


def current_profile(
    engine: Engine, requested: str | None = None, *, create: bool = True
) -> ProfileRecord | None:
    """The acting profile (created when ``create`` and missing); None when absent.

    Raises :class:`ProfileRefused` when ``requested`` is given in team mode, and
    :class:`NotInTeam` when the login may not read or create its profile.
    """
    from quizzer.store.profiles import find_profile, get_or_create_profile

    if not is_team(engine):
        name = requested or DEFAULT
        return (
            get_or_create_profile(engine, name=name) if create else find_profile(engine, name=name)
        )
    who, instructor = login(engine)
    if requested is not None:
        raise refuse_profile(requested, who)
    try:
        found = find_profile(engine, name=who)
        if found is None and create:
            found = get_or_create_profile(engine, name=who)
    except exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        raise not_in_team(who) from None
    if found is None:
        return None
    return dataclasses.replace(found, role="instructor" if instructor else "learner")
