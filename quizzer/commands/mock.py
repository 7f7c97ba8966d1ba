"""``quizzer mock export``: a seeded mock exam as a printable paper with a separate answer key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizzer.errors import USAGE


def register(subparsers: argparse._SubParsersAction) -> None:
    mock = subparsers.add_parser("mock", help="mock exams outside the app")
    sub = mock.add_subparsers(dest="mock_command", metavar="ACTION", required=True)
    export = sub.add_parser(
        "export", help="write a mock as a printable paper (same seed, same exam as the app)"
    )
    export.add_argument("exam", help="exam id, e.g. NCA-GENL")
    export.add_argument("--seed", type=int, default=0, help="assembly seed (default: 0)")
    export.add_argument("--format", choices=("markdown", "html"), default="markdown")
    export.add_argument("--bank", type=Path, help="bank root folder (default: the shipped bank)")
    export.add_argument(
        "--out",
        type=Path,
        help="file to write; Markdown also writes FILE's '-key' twin (default: stdout)",
    )
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from quizzer.assembly import assemble_mock
    from quizzer.bank.loader import BankError, load_bank
    from quizzer.interchange.bankdir import write_atomic
    from quizzer.interchange.paper import paper_html, paper_markdown

    try:
        bank = load_bank(args.bank, lab_backlinks=False)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return USAGE
    blueprint = bank.blueprints.get(args.exam)
    if blueprint is None:
        print(
            f"unknown exam {args.exam!r}; use one of {', '.join(sorted(bank.blueprints))}",
            file=sys.stderr,
        )
        return USAGE
    plan = assemble_mock(bank, blueprint, seed=args.seed)
    if args.format == "html":
        outputs = {args.out: paper_html(bank, plan)}
    else:
        paper, key = paper_markdown(bank, plan)
        key_path = args.out.with_name(f"{args.out.stem}-key{args.out.suffix}") if args.out else None
        outputs = (
            {args.out: paper, key_path: key} if args.out else {None: f"{paper}\n\n---\n\n{key}"}
        )
    for path, text in outputs.items():
        if path is None:
            sys.stdout.write(text)
        else:
            write_atomic(path, text)
            print(f"wrote {path}", file=sys.stderr)
    return 0
