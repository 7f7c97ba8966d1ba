"""``quizzer db info|upgrade``: where the progress store is and which schema it has."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="inspect or upgrade the progress database")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    sub.add_parser("info", help="print the database URL and its schema revision").set_defaults(
        func=run_info
    )
    sub.add_parser(
        "upgrade", help="check the database and migrate it to the newest schema (keeps a backup)"
    ).set_defaults(func=run_upgrade)


def run_info(args: argparse.Namespace) -> int:
    """Look, never create or change: a mistyped path is reported as missing, not made."""
    from quizzer.store import migrate
    from quizzer.store.engine import connected_engine
    from quizzer.store.opening import check_sqlite_file, normalise_url, sqlite_path

    url = normalise_url(args.db)
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        if not path.exists():
            from quizzer.errors import InputError

            if args.db:  # most likely a mistyped path: say so rather than report an empty one
                raise InputError(f"There is no database at {path}: check the --db path.")
            nearest = next(p for p in path.parents if p.exists())
            if not nearest.is_dir():
                raise InputError(
                    f"{nearest} is a file, so the database cannot be at {path}: "
                    "point QUIZZER_HOME (or --db) somewhere else."
                )
            print(f"database: {url}")
            print(f"schema:   none (the file does not exist yet; newest {migrate.head_revision()})")
            return 0
    engine = connected_engine(url)
    try:
        current = migrate.current_revision(engine)
        print(f"database: {engine.url.render_as_string(hide_password=True)}")
        print(f"schema:   {current or 'empty'} (newest {migrate.head_revision()})")
    finally:
        engine.dispose()
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from quizzer.store import migrate
    from quizzer.store.opening import opened_store

    with opened_store(args.db) as engine:
        print(f"schema at {migrate.current_revision(engine)}")
    return 0
