"""Command-line parsing only: each sub-command lives in ``quizzer.commands`` and is imported lazily.

With no sub-command, ``quizzer`` opens the terminal app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: sub-command -> module in ``quizzer.commands`` that defines ``register(subparsers)``.
COMMANDS = {
    "bank": "bank",
    "lab": "lab",
    "stats": "stats",
    "export": "export",
    "db": "db",
    "profile": "profile",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizzer",
        description="Practice exams, timed mocks and hands-on lab drills for AI certifications.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: SQLite in the user data directory; env QUIZZER_DB)",
    )
    parser.add_argument("--profile", metavar="NAME", help="learner profile to use (default: 'default')")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        try:
            mod = importlib.import_module(f"quizzer.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"quizzer.commands.{module}":
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from quizzer.launch import launch_app

        return launch_app(db_url=args.db, profile=args.profile)
    if not hasattr(args, "func"):
        parser.parse_args([args.command, "--help"])
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. `quizzer lab list | head`: the reader left; that is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # Only a command that opened the store can raise DamagedDatabase: looking the class up
        # here, instead of importing it, keeps SQLAlchemy out of commands without a database.
        opening = sys.modules.get("quizzer.store.opening")
        if opening is None or not isinstance(exc, opening.DamagedDatabase):
            raise
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
