"""``quizzer lab list|run``: list the hands-on labs, or run one and print evidence and verdict."""

from __future__ import annotations

import argparse
import json
import sys
import time

#: Exit status of ``lab run``: the evidence supports the keyed answer, does not, or no such lab.
SUPPORTED, NOT_SUPPORTED, UNKNOWN_LAB = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    lab = subparsers.add_parser("lab", help="list or run the hands-on lab experiments")
    sub = lab.add_subparsers(dest="lab_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="list the labs (without importing JAX)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    run = sub.add_parser(
        "run", help="run one lab; exit 0 if its evidence supports the keyed answer, 1 if not"
    )
    run.add_argument("lab_id", metavar="ID", help="lab id, as listed by 'quizzer lab list'")
    run.add_argument(
        "--seed", type=int, default=0, help="random seed for data and initialisation (default 0)"
    )
    run.add_argument(
        "--json", action="store_true", help="print the full result (evidence, curves) as JSON"
    )
    run.set_defaults(func=run_lab)


def run_list(args: argparse.Namespace) -> int:
    from quizzer import lab_registry

    labs = lab_registry.list_labs()
    if args.json:
        print(
            json.dumps([{**vars(lab), "questions": list(lab.questions)} for lab in labs], indent=2)
        )
        return 0
    width = max((len(lab.id) for lab in labs), default=0)
    for lab in labs:
        print(f"{lab.id:<{width}}  {lab.title}")
    return 0


def run_lab(args: argparse.Namespace) -> int:
    from quizzer import lab_registry

    try:
        info = lab_registry.get(args.lab_id)
    except lab_registry.UnknownLab as exc:
        print(exc, file=sys.stderr)
        return UNKNOWN_LAB

    from labs.framework import Progress, Reporter

    def show(progress: Progress) -> None:
        if sys.stderr.isatty():
            print(
                f"\r{info.id}: step {progress.step}/{progress.total}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    started = time.perf_counter()
    reporter = Reporter(on_progress=show)
    result = lab_registry.load(info.id).run(seed=args.seed, reporter=reporter)
    result.seconds = result.seconds or time.perf_counter() - started
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)

    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(f"{info.title}\nClaim: {info.claim}\n")
        width = max((len(row.label) for row in result.evidence), default=0)
        for row in result.evidence:
            print(f"  {row.label:<{width}}  {row.formatted()}")
        print(f"\n{'SUPPORTED' if result.supports else 'NOT SUPPORTED'}: {result.verdict}")
        print(f"device {result.device}, seed {result.seed}, {result.seconds:.1f} s")
    return SUPPORTED if result.supports else NOT_SUPPORTED
