"""``quizzer db info|upgrade``: where the progress store is and which schema it has."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="inspect or upgrade the progress database")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    sub.add_parser("info", help="print the database URL and its schema revision").set_defaults(func=run_info)
    sub.add_parser("upgrade", help="check the database and migrate it to the newest schema (keeps a backup)").set_defaults(func=run_upgrade)


def run_info(args: argparse.Namespace) -> int:
    from quizzer.store import migrate
    from quizzer.store.engine import connected_engine, default_url
    from quizzer.store.opening import DamagedDatabase, check_sqlite_file

    url = args.db or default_url()
    try:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            check_sqlite_file(Path(url.removeprefix("sqlite:///")))
        engine = connected_engine(url)
        current = migrate.current_revision(engine)
    except DamagedDatabase as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    print(f"schema:   {current or 'empty'} (newest {migrate.head_revision()})")
    engine.dispose()
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from quizzer.store import migrate
    from quizzer.store.opening import opened_store

    with opened_store(args.db) as engine:
        print(f"schema at {migrate.current_revision(engine)}")
    return 0
