"""``quizzer bank import|export``: questions in from other tools and the bank out to them."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from quizzer.errors import OK, USAGE

IMPORT_FORMATS = ("gift", "aiken", "moodle-xml", "qti", "anki")
EXPORT_FORMATS = ("gift", "aiken", "moodle-xml", "qti3", "qti21", "anki")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``import`` and ``export`` to the ``bank`` sub-commands."""
    importer = sub.add_parser(
        "import", help="import GIFT, Aiken, Moodle XML, QTI or Anki files into a bank folder"
    )
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument(
        "--format", choices=IMPORT_FORMATS, help="the files' format (default: detected)"
    )
    importer.add_argument(
        "--into",
        type=Path,
        default=Path("imported-bank"),
        help="bank folder to write (default: ./imported-bank)",
    )
    importer.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="import the rest of a file whose questions do not all fit",
    )
    importer.set_defaults(func=run_import)

    exporter = sub.add_parser(
        "export", help="export questions as GIFT, Aiken, Moodle XML, QTI 3.0/2.1 or Anki text"
    )
    exporter.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporter.add_argument("--exam", help="only this exam's questions")
    exporter.add_argument(
        "--objective",
        action="append",
        default=[],
        metavar="EXAM:ID",
        help="only questions with this objective (repeatable)",
    )
    exporter.add_argument("--bank", type=Path, help="bank root folder (default: the shipped bank)")
    exporter.add_argument(
        "--out", type=Path, help="file to write (default: stdout for text formats)"
    )
    exporter.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    from quizzer.interchange.importer import import_files

    outcome = import_files(
        args.files, args.into, fmt=args.format, skip_unsupported=args.skip_unsupported
    )
    for report in outcome.reports:
        print(report, file=sys.stderr)
    for name in outcome.failed_files:
        print(f"{name}: nothing imported from this file", file=sys.stderr)
    print(
        f"imported {outcome.imported} question(s) into {args.into} ({len(outcome.written)} file(s))"
    )
    if outcome.written:
        print(
            f"practise them with: QUIZZER_BANK={args.into} quizzer   "
            f"(check with: quizzer bank check {args.into})"
        )
    return USAGE if outcome.failed_files else OK


def run_export(args: argparse.Namespace) -> int:
    from quizzer.bank.loader import BankError, load_bank
    from quizzer.interchange.bankdir import write_atomic
    from quizzer.interchange.exporter import FORMATS, export, select

    try:
        bank = load_bank(args.bank, lab_backlinks=False)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return USAGE
    if args.exam and args.exam not in bank.blueprints:
        print(
            f"unknown exam {args.exam!r}; use one of {', '.join(sorted(bank.blueprints))}",
            file=sys.stderr,
        )
        return USAGE
    questions = select(bank, exam=args.exam, objectives=args.objective)
    if not questions:
        print("no questions match; check --exam and --objective", file=sys.stderr)
        return USAGE
    out = args.out
    if out is None and args.format.startswith("qti"):
        out = Path(FORMATS[args.format][1])
    name = str(out) if out else "stdout"
    data, reports = export(questions, args.format, name, bank.root)
    lost = Counter(r.message for r in reports)
    for message, count in sorted(lost.items()):
        ids = [r.question_id for r in reports if r.message == message][:3]
        print(
            f"{args.format}: {message} "
            f"({count} question(s), e.g. {', '.join(i for i in ids if i)})",
            file=sys.stderr,
        )
    if out is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
    else:
        write_atomic(out, data)
        left_out = sum(r.message.endswith("left out") for r in reports)
        print(f"wrote {len(questions) - left_out} question(s) to {out}", file=sys.stderr)
    return 0
