"""``quizzer lab list|run|audit``: list the labs, run one, or audit labs over a range of seeds.

None of these opens the database or imports SQLAlchemy: a lab needs neither.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from typing import Any

from quizzer import errors
from quizzer.argtypes import non_negative_int

seed = non_negative_int
"""A seed argument: a whole number, 0 or more."""


def seed_range(text: str) -> range:
    """``A-B`` (both included, ``A <= B``) or a single seed ``A``."""
    found = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
    if not found:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed range such as 1000-1199")
    first = int(found[1])
    last = int(found[2]) if found[2] is not None else first
    if last < first:
        raise argparse.ArgumentTypeError(f"{text!r} ends before it starts; write it as A-B, A <= B")
    return range(first, last + 1)


def register(subparsers: argparse._SubParsersAction) -> None:
    lab = subparsers.add_parser("lab", help="list, run or audit the hands-on lab experiments")
    sub = lab.add_subparsers(dest="lab_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="list the labs (without importing JAX)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    run = sub.add_parser(
        "run", help="run one lab; exit 0 if its evidence supports the keyed answer, 1 if not"
    )
    run.add_argument("lab_id", metavar="ID", help="lab id, as listed by 'quizzer lab list'")
    run.add_argument(
        "--seed", type=seed, default=0, help="random seed for data and initialisation (default 0)"
    )
    run.add_argument(
        "--json", action="store_true", help="print the full result (evidence, curves) as JSON"
    )
    run.set_defaults(func=run_lab)

    audit = sub.add_parser(
        "audit",
        help="run labs over a range of seeds in one process; count the seeds that support the key",
    )
    audit.add_argument("lab_ids", metavar="ID", nargs="*", help="lab ids (default: every lab)")
    audit.add_argument(
        "--seeds", type=seed_range, required=True, metavar="A-B", help="seeds A to B, both included"
    )
    audit.add_argument("--json", action="store_true", help="print the audit as JSON")
    audit.add_argument(
        "--record",
        action="store_true",
        help="store each lab's rate in labs/audit.json (quoted by NOT SUPPORTED verdicts)",
    )
    audit.set_defaults(func=run_audit)


def run_list(args: argparse.Namespace) -> int:
    from quizzer import lab_registry

    labs = lab_registry.list_labs()
    if args.json:
        print(
            json.dumps([{**vars(lab), "questions": list(lab.questions)} for lab in labs], indent=2)
        )
        return errors.OK
    width = max((len(lab.id) for lab in labs), default=0)
    for lab in labs:
        print(f"{lab.id:<{width}}  {lab.title}")
    return errors.OK


def _lab_info(lab_id: str) -> Any:
    from quizzer import lab_registry

    try:
        return lab_registry.get(lab_id)
    except lab_registry.UnknownLab as exc:
        raise UnknownLabId(str(exc)) from None


class UnknownLabId(errors.InputError):
    """No lab has the id given on the command line; the message lists those that exist."""


def _guarded(work: Any, args: argparse.Namespace) -> int:
    """Run ``work(args)``: Ctrl-C and known failures end in one line on stderr, no traceback."""
    try:
        return work(args)
    except KeyboardInterrupt:
        print("\nlab stopped (Ctrl-C); nothing was recorded.", file=sys.stderr)
        return errors.INTERRUPTED
    except errors.QuizzerError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code


def run_lab(args: argparse.Namespace) -> int:
    return _guarded(_run_lab, args)


def run_audit(args: argparse.Namespace) -> int:
    return _guarded(_run_audit, args)


def _progress_line(text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)


def _run_lab(args: argparse.Namespace) -> int:
    from quizzer import lab_registry

    info = _lab_info(args.lab_id)

    from labs.framework import Progress, Reporter

    def show(progress: Progress) -> None:
        _progress_line(f"{info.id}: step {progress.step}/{progress.total}")

    started = time.perf_counter()
    reporter = Reporter(on_progress=show)
    result = lab_registry.load(info.id).run(seed=args.seed, reporter=reporter)
    result.seconds = result.seconds or time.perf_counter() - started
    _progress_line("")

    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(f"{info.title}\nClaim: {info.claim}\n")
        width = max((len(row.label) for row in result.evidence), default=0)
        for row in result.evidence:
            print(f"  {row.label:<{width}}  {row.formatted()}")
        print(f"\n{'SUPPORTED' if result.supports else 'NOT SUPPORTED'}: {result.verdict}")
        if result.margin:
            print(f"Margin: {result.margin}")
        runs = f"{result.members} runs, " if result.members > 1 else ""
        print(f"device {result.device}, seed {result.seed}, {runs}{result.seconds:.1f} s")
    return errors.OK if result.supports else errors.NOT_SUPPORTED


def audit_lab(lab_id: str, seeds: range, on_seed: Any = None) -> dict:
    """Run one lab on every seed in ``seeds`` (one process: compiled once) and summarise."""
    from quizzer import lab_registry

    module = lab_registry.load(lab_id)
    failing, effects, seconds = [], [], []
    label, threshold, members = "", None, 1
    for number in seeds:
        if on_seed is not None:
            on_seed(number)
        started = time.perf_counter()
        result = module.run(seed=number)
        seconds.append(time.perf_counter() - started)
        if not result.supports:
            failing.append(number)
        if result.effect is not None:
            effects.append(float(result.effect))
        label, threshold, members = result.effect_label, result.threshold, result.members
    effect = None
    if effects:
        effect = {
            "label": label,
            "median": statistics.median(effects),
            "low": min(effects),
            "high": max(effects),
            "threshold": threshold,
        }
    return {
        "id": lab_id,
        "seeds": f"{seeds.start}-{seeds.stop - 1}",
        "total": len(seeds),
        "supported": len(seeds) - len(failing),
        "failing": failing,
        "members": members,
        "effect": effect,
        "first_seconds": seconds[0] if seconds else None,
        "median_seconds": statistics.median(seconds[1:] or seconds) if seconds else None,
    }


def _run_audit(args: argparse.Namespace) -> int:
    from quizzer import lab_registry

    ids = args.lab_ids or [lab.id for lab in lab_registry.list_labs()]
    for lab_id in ids:
        _lab_info(lab_id)  # every id checked before the first lab runs
    rows = []
    for lab_id in ids:
        rows.append(
            audit_lab(
                lab_id, args.seeds, lambda n, lab_id=lab_id: _progress_line(f"{lab_id}: seed {n}")
            )
        )
        _progress_line("")
        if not args.json:
            print(_audit_line(rows[-1]), flush=True)
    if args.record:
        _record(rows)
    if args.json:
        print(json.dumps(rows, indent=2))
    every = all(row["supported"] == row["total"] for row in rows)
    return errors.OK if every else errors.NOT_SUPPORTED


def _audit_line(row: dict) -> str:
    failing = ", ".join(map(str, row["failing"])) or "none"
    text = f"{row['id']}: {row['supported']}/{row['total']} seeds supported; failing: {failing}"
    effect = row["effect"]
    if effect:
        text += (
            f"; {effect['label']}: median {effect['median']:.3g}, range {effect['low']:.3g} to "
            f"{effect['high']:.3g} (threshold {effect['threshold']:.3g})"
        )
    return text + f"; {row['median_seconds']:.2f} s a run"


def _record(rows: list[dict]) -> None:
    from labs.framework import AUDIT_FILE

    try:
        recorded = json.loads(AUDIT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    for row in rows:
        recorded[row["id"]] = {k: row[k] for k in ("supported", "total", "seeds")}
    AUDIT_FILE.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
