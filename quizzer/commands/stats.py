"""``quizzer stats items``: per-question statistics over submitted mocks; dubious items flagged."""

from __future__ import annotations

import argparse
import json

from quizzer.argtypes import positive_int
from quizzer.figures import percent


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = subparsers.add_parser("stats", help="statistics over recorded attempts")
    sub = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    items = sub.add_parser(
        "items",
        help="facility, discrimination and efficiency of each question over submitted mocks",
        description="Item statistics (Moodle's definitions) over submitted mocks: a learner "
        "(the global --profile, default 'default') sees their own mocks; an instructor sees "
        "every learner's.",
    )
    items.add_argument("--exam", metavar="EXAM", help="only mocks of this exam (e.g. AIF-C01)")
    items.add_argument("--json", action="store_true", help="print JSON")
    items.add_argument(
        "--min-attempts",
        type=positive_int,
        default=None,
        metavar="N",
        help="attempts needed before an item is judged (default 10)",
    )
    items.set_defaults(func=run_items)


def _percent(value: float | None) -> str:
    return percent(value, missing="-")


def _bank():
    """The question bank for the random guess scores; None when it cannot be loaded."""
    from quizzer.bank.loader import BankError, load_bank
    from quizzer.context import bank_root

    try:
        return load_bank(bank_root())
    except BankError:
        return None


def run_items(args: argparse.Namespace) -> int:
    from quizzer.store.opening import opened_store

    with opened_store(args.db) as engine:
        return _items(engine, args)


def _items(engine, args: argparse.Namespace) -> int:
    from quizzer.commands.profile import scope
    from quizzer.learning.item_stats import MIN_ATTEMPTS, item_report

    acting, profile_id = scope(engine, args)
    if acting is None:
        print("No submitted mocks yet.")
        return 0
    minimum = args.min_attempts if args.min_attempts is not None else MIN_ATTEMPTS
    report = item_report(
        engine, exam_id=args.exam, profile_id=profile_id, min_attempts=minimum, bank=_bank()
    )
    items, quiz, versions = report.items, report.quiz, report.versions

    if args.json:
        print(
            json.dumps(
                {
                    "exam": args.exam,
                    "profile": acting.name,
                    "scope": "all learners" if profile_id is None else "own",
                    "attempts": report.attempts,
                    "min_attempts": minimum,
                    "quiz": {
                        "attempts": quiz.attempts,
                        "items": quiz.items,
                        "by": quiz.by,
                        "mean": quiz.mean,
                        "sd": quiz.sd,
                        "cic": quiz.cic,
                        "error_ratio": quiz.error_ratio,
                        "standard_error": quiz.standard_error,
                    },
                    "items": [
                        {
                            "question_id": s.question_id,
                            "attempts": s.attempts,
                            "facility": s.facility,
                            "sd": s.sd,
                            "discrimination": s.discrimination,
                            "efficiency": s.efficiency,
                            "random_guess": s.random_guess,
                            "intended_weight": s.intended_weight,
                            "effective_weight": s.effective_weight,
                            "flags": list(s.flags),
                            "dubious": s.dubious,
                            "versions": versions.get(s.question_id, 0),
                        }
                        for s in items
                    ],
                },
                indent=2,
            )
        )
        return 0

    for_exam = f" for {args.exam}" if args.exam else ""
    print(f"{report.attempts} submitted mock(s){for_exam}; items judged from {minimum} attempts.")
    if quiz.cic is not None:
        basis = f"by {quiz.by}, {quiz.attempts} mocks of {quiz.items}"
        print(f"Internal consistency (Cronbach's alpha, {basis}): {_percent(quiz.cic)}")
    if not items:
        print("No submitted mocks yet: take a mock exam first.")
        return 0
    print()
    print(
        f"{'question':<40} {'n':>4} {'facility':>8} {'guess':>6} {'discr.':>7} {'effic.':>7}"
        f" {'weight':>6} {'eff.w':>6}  flags"
    )
    for s in items:
        flags = list(s.flags)
        if versions.get(s.question_id, 0) > 1:
            flags.append(f"{versions[s.question_id]} versions")
        figures = (
            f"{_percent(s.facility):>8} {_percent(s.random_guess):>6}"
            f" {_percent(s.discrimination):>7} {_percent(s.efficiency):>7}"
            f" {_percent(s.intended_weight):>6} {_percent(s.effective_weight):>6}"
        )
        print(f"{s.question_id:<40} {s.attempts:>4} {figures}  {', '.join(flags)}")
    dubious = sum(s.dubious for s in items)
    if dubious:
        print(f"\n{dubious} dubious item(s): discrimination below 20% or negative;", end=" ")
        print("review their key and wording.")
    return 0
