"""``quizzer profile add|list|role``: learner and instructor profiles on a personal database.

A learner sees only their own history. An instructor's ``stats items`` and
``export --all-profiles`` aggregate every learner, which is where item statistics mean most.
On a team (PostgreSQL) database the login is the profile and roles come from ``quizzer team``.
"""

from __future__ import annotations

import argparse
import sys

from quizzer.argtypes import profile_name
from quizzer.errors import USAGE

ROLES = ("learner", "instructor")


def register(subparsers: argparse._SubParsersAction) -> None:
    profile = subparsers.add_parser("profile", help="manage learner and instructor profiles")
    sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="create a profile")
    add.add_argument("name", type=profile_name)
    add.add_argument("--role", choices=ROLES, default="learner")
    add.set_defaults(func=run_add)
    sub.add_parser("list", help="list profiles and their roles").set_defaults(func=run_list)
    role = sub.add_parser("role", help="change a profile's role")
    role.add_argument("name", type=profile_name)
    role.add_argument("role", choices=ROLES)
    role.set_defaults(func=run_role)


def _personal_only(engine, action: str) -> None:
    """Refuse ``action`` on a team database, where only the owner's ``quizzer team`` may do it."""
    from quizzer.errors import InputError
    from quizzer.store.team import is_team

    if is_team(engine):
        raise InputError(
            f"On a team database profiles and roles come from logins: the database owner runs "
            f"'quizzer team add NAME --role ROLE' instead of 'quizzer profile {action}'."
        )


def run_add(args: argparse.Namespace) -> int:
    from quizzer.store import profiles as profile_store
    from quizzer.store.opening import opened_store
    from quizzer.store.profiles import find_profile

    with opened_store(args.db) as engine:
        _personal_only(engine, "add")
        if find_profile(engine, name=args.name) is not None:
            print(
                f"profile {args.name!r} exists already; use 'quizzer profile role' to change its "
                "role",
                file=sys.stderr,
            )
            return USAGE
        created = profile_store.get_or_create_profile(engine, name=args.name, role=args.role)
        print(f"created {created.name} ({created.role})")
        return 0


def run_list(args: argparse.Namespace) -> int:
    from quizzer.store.opening import opened_store
    from quizzer.store.profiles import all_profiles

    with opened_store(args.db) as engine:
        for p in all_profiles(engine):  # on a team database: the rows this login may read
            print(f"{p.name:<24} {p.role}")
        return 0


def run_role(args: argparse.Namespace) -> int:
    from quizzer.store import profiles as profile_store
    from quizzer.store.opening import opened_store
    from quizzer.store.profiles import find_profile

    with opened_store(args.db) as engine:
        _personal_only(engine, "role")
        found = find_profile(engine, name=args.name)
        if found is None:
            print(f"no profile named {args.name!r}", file=sys.stderr)
            return USAGE
        profile_store.set_profile_role(engine, profile_id=found.id, role=args.role)
        print(f"{args.name} is now {args.role}")
        return 0


def scope(engine, args: argparse.Namespace):
    """(acting profile, profile id to filter by): None for an instructor, who sees everyone.

    The acting profile is ``--profile`` or ``default`` on a personal database, the login's on a
    team database (where ``--profile`` raises :class:`~quizzer.store.identity.ProfileRefused`).
    A missing one yields (None, None) and an error message on stderr.
    """
    from quizzer.store.identity import current_profile, visible_profile_id

    acting = current_profile(engine, args.profile, create=False)
    if acting is None:
        name = args.profile or "default"
        print(f"no profile named {name!r}: nothing recorded yet", file=sys.stderr)
        return None, None
    return acting, visible_profile_id(acting)
