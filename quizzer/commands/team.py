"""``quizzer team init|add|remove|list``: one PostgreSQL login per person (database owner only).

Team mode is a PostgreSQL database whose rows are guarded by row-level security: a learner's
login reads and writes only that learner's rows; an instructor's also reads everyone's.
See docs/team.md.
"""

from __future__ import annotations

import argparse
import sys

ROLES = ("learner", "instructor")


def register(subparsers: argparse._SubParsersAction) -> None:
    team = subparsers.add_parser(
        "team",
        help="set up a team database and its members' logins (database owner only)",
        description="Administer a team database on PostgreSQL. Run as the database owner "
        "(a login with CREATEROLE), with --db or QUIZZER_DB naming the database.",
    )
    sub = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    sub.add_parser(
        "init", help="apply migrations, create the group roles and enable row-level security"
    ).set_defaults(func=run_init)
    add = sub.add_parser(
        "add",
        help="create a person's login and profile; prints a new password once",
        description="Create (or re-enable) NAME's login with a generated password, shown once, "
        "and NAME's profile. For an existing member: sets the role and a new password.",
    )
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="learner")
    add.set_defaults(func=run_add)
    remove = sub.add_parser("remove", help="disable a person's login; their history stays")
    remove.add_argument("name")
    remove.set_defaults(func=run_remove)
    sub.add_parser(
        "list", help="list members, their roles and whether they can log in"
    ).set_defaults(func=run_list)


def _refuse_profile(args: argparse.Namespace) -> None:
    from quizzer.errors import InputError

    if args.profile is not None:
        raise InputError(
            "--profile is not used by 'quizzer team': the database owner's login acts."
        )


def run_init(args: argparse.Namespace) -> int:
    from quizzer.store import migrate, team
    from quizzer.store.opening import opened_store

    _refuse_profile(args)
    with opened_store(args.db) as engine:
        tables = team.init(engine)
        print(
            f"schema at {migrate.current_revision(engine)}; "
            f"groups {team.LEARNER}, {team.INSTRUCTOR}"
        )
        print(f"row-level security on: {', '.join(tables)}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from quizzer.store import team
    from quizzer.store.opening import opened_store

    _refuse_profile(args)
    with opened_store(args.db) as engine:
        password = team.add(engine, args.name, args.role)
    print(f"{args.name} can log in as a{'n' if args.role == 'instructor' else ''} {args.role}.")
    print(f"password (shown once; hand it over privately): {password}")
    print("They keep it in ~/.pgpass (HOST:PORT:DATABASE:LOGIN:PASSWORD, mode 0600), not in a URL.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from quizzer.store import team
    from quizzer.store.opening import opened_store

    _refuse_profile(args)
    with opened_store(args.db) as engine:
        removed = team.remove(engine, args.name)
    if not removed:
        print(f"quizzer: {args.name!r} is not a member of this team.", file=sys.stderr)
        return 2
    print(f"{args.name} can no longer log in; their history is kept.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from quizzer.store import team
    from quizzer.store.opening import opened_store

    _refuse_profile(args)
    with opened_store(args.db) as engine:
        for member in team.members(engine):
            state = "" if member.can_login else "  (removed)"
            print(f"{member.name:<24} {member.role}{state}")
    return 0
