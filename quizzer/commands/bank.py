"""``quizzer bank check|stats|schema``: validate the question bank, count it, export its schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizzer.errors import USAGE


def register(subparsers: argparse._SubParsersAction) -> None:
    bank = subparsers.add_parser("bank", help="check, count and describe the question bank")
    sub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    check = sub.add_parser("check", help="validate a bank directory (default: the shipped bank)")
    check.add_argument("path", nargs="?", type=Path, help="bank root folder")
    check.add_argument("--strict", action="store_true", help="treat quality warnings as errors")
    check.set_defaults(func=run_check)

    stats = sub.add_parser(
        "stats", help="counts per exam, domain, objective, type, topic, difficulty, lab"
    )
    stats.add_argument("path", nargs="?", type=Path, help="bank root folder")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=run_stats)

    schema = sub.add_parser("schema", help="print the JSON Schema of a question file")
    schema.set_defaults(func=run_schema)

    from quizzer.commands import bank_io

    bank_io.register(sub)


def _lab_links() -> dict[str, list[str]] | None:
    """Lab id -> the question ids it backs, read without importing any lab."""
    from quizzer.banks import lab_links

    return lab_links()


def run_check(args: argparse.Namespace) -> int:
    from quizzer import banks
    from quizzer.bank.cues import cue_report, format_report
    from quizzer.bank.lint import lint_bank
    from quizzer.bank.schema import SingleQuestion

    bank, problems = banks.check(args.path, _lab_links())
    if bank is not None:
        problems = sorted(problems + lint_bank(bank))
    errors = [p for p in problems if p.severity == "error" or args.strict]
    singles = [q for q in bank.questions.values() if isinstance(q, SingleQuestion)] if bank else []
    cues = format_report(cue_report(singles))
    for problem in problems:
        print(problem, file=sys.stderr if problem in errors else sys.stdout)
    if errors:
        if bank is not None:
            print(cues, file=sys.stderr)
        print(f"{len(errors)} error(s); the bank was not loaded.", file=sys.stderr)
        return USAGE
    assert bank is not None  # a bank that did not load has an error, reported above
    print(cues)
    warnings = len(problems)
    print(
        f"ok: {len(bank.questions)} questions, {len(bank.blueprints)} exams"
        + (f", {warnings} warning(s)" if warnings else "")
    )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from quizzer import banks
    from quizzer.bank.loader import BankError
    from quizzer.bank.stats import bank_stats, format_stats

    try:
        bank = banks.load(args.path, _lab_links())
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return USAGE
    stats = bank_stats(bank)
    print(json.dumps(stats, indent=2) if args.json else format_stats(stats))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from quizzer.bank.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0
