"""``quizzer readiness EXAM [--json]``: a learner's forecast for one exam, or why it is unknown."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    readiness = subparsers.add_parser(
        "readiness",
        help="forecast your score and pass chance for an exam",
        description="The readiness forecast of the dashboard: expected scaled score with an 80%% "
        "interval, P(pass), and mastery per domain. P(pass) is 'unknown' until every domain has "
        "enough answers, and is never given for a whole exam the bank covers only in part. "
        "Method: docs/readiness.md.",
    )
    readiness.add_argument("exam", metavar="EXAM", help="exam id, e.g. AIF-C01")
    readiness.add_argument("--json", action="store_true", help="print JSON")
    readiness.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from quizzer.bank.loader import load_bank
    from quizzer.context import bank_root

    bank = load_bank(bank_root())
    if args.exam not in bank.blueprints:
        known = ", ".join(sorted(bank.blueprints))
        print(f"no exam {args.exam!r} in the bank; choose one of: {known}", file=sys.stderr)
        return 2

    from quizzer.learning.readiness import forecast, readiness
    from quizzer.store.opening import opened_store
    from quizzer.store.profiles import find_profile

    with opened_store(args.db) as engine:
        profile = find_profile(engine, name=args.profile or "default")
        if profile is None:
            import datetime as dt

            result = forecast(bank, args.exam, [], at=dt.datetime.now(dt.UTC))
        else:
            result = readiness(engine, bank, profile_id=profile.id, exam_id=args.exam)
    if args.json:
        print(json.dumps(as_dict(result), indent=2))
    else:
        names = {d.id: f"{d.id}. {d.name}" for d in bank.blueprints[args.exam].domains}
        print(as_text(result, [names[d] for d in result.uncovered]))
    return 0


def as_dict(r) -> dict:
    return {
        "exam": r.exam_id,
        "status": r.status,
        "reason": r.reason,
        "answers": r.answers,
        "covered_share": r.covered_share,
        "expected_fraction": r.expected,
        "interval_level": r.level,
        "fraction_low": r.low,
        "fraction_high": r.high,
        "scaled": r.scaled,
        "scaled_low": r.scaled_low,
        "scaled_high": r.scaled_high,
        "passing_score": r.passing_score,
        "pass_probability": r.pass_probability,
        "needed": dict(r.needed),
        "uncovered": list(r.uncovered),
        "domains": [
            {
                "id": d.domain_id,
                "name": d.name,
                "weight": d.weight,
                "mastery": d.mastery,
                "low": d.low,
                "high": d.high,
                "questions_seen": d.questions_seen,
                "questions_total": d.questions_total,
            }
            for d in r.domains
        ],
    }


def as_text(r, uncovered: list[str]) -> str:
    from quizzer.readiness_text import note_line, summary_line

    lines = [summary_line(r)]
    for d in r.domains:
        lines.append(
            f"  {d.domain_id}. {d.name}: {round(100 * d.mastery)}% "
            f"({round(100 * d.low)}–{round(100 * d.high)}%), "
            f"{d.questions_seen} of {d.questions_total} questions answered"
        )
    note = note_line(r, uncovered)
    return "\n".join(lines + ([note] if note else []))
