"""Command-line parsing only: each sub-command lives in ``quizzer.commands`` and is imported lazily.

With no sub-command, ``quizzer`` opens the terminal app. Every failure ends in :func:`main`'s one
handler: a known one prints one sentence naming what to change; an unexpected one prints where
the log is. Either way a log entry is written and no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from quizzer import errors
from quizzer.argtypes import profile_name

#: sub-command -> module in ``quizzer.commands`` that defines ``register(subparsers)``.
COMMANDS = {
    "bank": "bank",
    "lab": "lab",
    "stats": "stats",
    "export": "export",
    "db": "db",
    "profile": "profile",
    "team": "team",
    "readiness": "readiness",
    "irt": "irt",
    "check": "check",
    "mock": "mock",
}


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before any sub-command (and are all the app takes)."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: SQLite in the user data directory; env QUIZZER_DB)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        type=profile_name,
        help="learner profile to use (default: 'default'); a team database uses the login instead",
    )


def app_args(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain ``quizzer`` (the app), read without importing every sub-command's
    module; None when ``argv`` holds anything else (a sub-command, --help, a bad value): the
    full parser then answers."""
    parser = argparse.ArgumentParser(prog="quizzer", add_help=False, exit_on_error=False)
    _add_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None
    if rest:
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizzer",
        description="Practice exams, timed mocks and hands-on lab drills for AI certifications.",
        epilog="Exit status: 0 success, 1 a lab did not support its key, 2 a usage or input "
        "error, 3 an environment error (database, disk, device, permissions), 4 a bug.",
    )
    _add_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        try:
            mod = importlib.import_module(f"quizzer.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"quizzer.commands.{module}":
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = app_args(argv)  # the app starts without building every sub-command's parser
    parser = None
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)  # a usage error exits 2 with argparse's one-line message
    try:
        return _run(parser, args)
    except KeyboardInterrupt:
        print("\nInterrupted; nothing half-done was kept.", file=sys.stderr)
        return errors.INTERRUPTED
    except BrokenPipeError:  # e.g. `quizzer lab list | head`: the reader left; that is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return errors.OK
    except Exception as exc:  # noqa: BLE001 (the one place every failure ends)
        return report(exc)


def _run(parser: argparse.ArgumentParser | None, args: argparse.Namespace) -> int:
    if args.command is None:
        from quizzer.launch import launch_app

        return launch_app(db_url=args.db, profile=args.profile)
    assert parser is not None  # a sub-command was parsed by the full parser
    if not hasattr(args, "func"):
        parser.parse_args([args.command, "--help"])
        return errors.USAGE
    return int(args.func(args) or 0)


def report(exc: BaseException) -> int:
    """Print one sentence for ``exc``, log it with its traceback, and return the exit code."""
    from quizzer.failures import explain
    from quizzer.logs import log_error, log_path, logging_to_file
    from quizzer.redaction import redact

    known = explain(exc)
    path = None
    try:
        with logging_to_file() as log:
            path = log.path
            log_error(f"command failed: {redact(' '.join(sys.argv[1:]))}", exc)
    except Exception:  # noqa: BLE001 (no log is no reason to fail louder)
        pass
    if known is not None:
        print(known, file=sys.stderr)
        return known.exit_code
    where = path or _safe_log_path(log_path)
    print(
        f"quizzer failed unexpectedly ({type(exc).__name__}); the details are in {where}. "
        "Please report it with that file.",
        file=sys.stderr,
    )
    return errors.INTERNAL


def _safe_log_path(log_path) -> str:
    try:
        return str(log_path())
    except Exception:  # noqa: BLE001
        return "the log file (quizzer.log in the data directory)"


if __name__ == "__main__":
    sys.exit(main())
