"""``quizzer export``: a learner's answers, mock results and review cards as CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from quizzer.errors import USAGE

TABLES = ("answers", "mocks", "cards")


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="export progress and results (CSV or JSON)",
        description="Export the profile's answers (question id, content hash, correctness, "
        "score, time, UTC time stamp, session kind and exam), mock results and review cards. "
        "JSON holds every table; CSV holds one, chosen with --table.",
    )
    export.add_argument(
        "--format", choices=("csv", "json"), default="json", help="output format (default json)"
    )
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument(
        "--table",
        choices=TABLES,
        default="answers",
        help="the table a CSV export holds (default answers)",
    )
    export.add_argument(
        "--all-profiles", action="store_true", help="every profile (instructors only)"
    )
    export.set_defaults(func=run_export)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _answers(engine, profile_id: int | None) -> list[dict[str, Any]]:
    from quizzer.learning.cbm import cbm_mark
    from quizzer.store.reports import answer_rows

    return [
        {
            "answer_id": a.answer_id,
            "profile": a.profile,
            "session_id": a.session_id,
            "session_kind": a.session_kind,
            "exam_id": a.exam_id,
            "question_id": a.question_id,
            "content_hash": a.content_hash,
            "correct": a.correct,
            "score": a.score,
            "time_ms": a.time_ms,
            "certainty": a.certainty,
            "cbm_mark": cbm_mark(a.score, a.certainty) if a.certainty in (1, 2, 3) else None,
            "answered_at": _iso(a.answered_at),
        }
        for a in answer_rows(engine, profile_id=profile_id)
    ]


def _mocks(engine, profile_id: int | None) -> list[dict[str, Any]]:
    from quizzer.store.reports import mock_rows

    rows = []
    for m in mock_rows(engine, profile_id=profile_id):
        result = m.result
        rows.append(
            {
                "session_id": m.session_id,
                "profile": m.profile,
                "exam_id": m.exam_id,
                "status": m.status,
                "seed": m.seed,
                "length": m.length,
                "started_at": _iso(m.started_at),
                "ended_at": _iso(m.ended_at),
                "scaled": result.scaled if result else None,
                "passed": result.passed if result else None,
                "earned": result.earned if result else None,
                "possible": result.possible if result else None,
                "result": result.to_json() if result else None,
            }
        )
    return rows


def _cards(engine, profiles) -> list[dict[str, Any]]:
    from fsrs import State

    from quizzer.store.cards import cards

    return [
        {
            "profile": p.name,
            "question_id": c.question_id,
            "state": State(c.state).name,
            "due": _iso(c.due),
            "last_review": _iso(c.last_review),
            "reps": c.reps,
            "lapses": c.lapses,
            "stability": c.card.get("stability"),
            "difficulty": c.card.get("difficulty"),
        }
        for p in profiles
        for c in cards(engine, profile_id=p.id)
    ]


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


_COLUMNS = {
    "answers": [
        "answer_id",
        "profile",
        "session_id",
        "session_kind",
        "exam_id",
        "question_id",
        "content_hash",
        "correct",
        "score",
        "time_ms",
        "certainty",
        "cbm_mark",
        "answered_at",
    ],
    "mocks": [
        "session_id",
        "profile",
        "exam_id",
        "status",
        "seed",
        "length",
        "started_at",
        "ended_at",
        "scaled",
        "passed",
        "earned",
        "possible",
        "result",
    ],
    "cards": [
        "profile",
        "question_id",
        "state",
        "due",
        "last_review",
        "reps",
        "lapses",
        "stability",
        "difficulty",
    ],
}


def check_out(out: str) -> Path:
    """The export file, refused before any work when it cannot be written there."""
    from quizzer.errors import InputError

    path = Path(out).expanduser()
    if path.is_dir():
        raise InputError(f"--out {out} is a folder: give a file name, e.g. {path / 'export.json'}")
    if not path.parent.is_dir():
        raise InputError(f"--out {out}: the folder {path.parent} does not exist; create it first")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        from quizzer.failures import ReadOnly

        raise ReadOnly(f"--out {out}: you may not write there; choose a folder you can write to")
    return path


def run_export(args: argparse.Namespace) -> int:
    from quizzer.store.opening import opened_store

    if args.out:
        check_out(args.out)
    with opened_store(args.db) as engine:
        return _export(engine, args)


def _export(engine, args: argparse.Namespace) -> int:
    from quizzer.commands.profile import scope
    from quizzer.store.profiles import all_profiles

    acting, visible = scope(engine, args)
    if acting is None:
        return USAGE
    name = acting.name
    if args.all_profiles:
        if visible is not None:
            print(
                f"{name!r} is a learner: only an instructor exports every profile", file=sys.stderr
            )
            return USAGE
        chosen, profile_id, name = all_profiles(engine), None, None
    else:
        chosen, profile_id = [acting], acting.id

    tables = {
        "answers": lambda: _answers(engine, profile_id),
        "mocks": lambda: _mocks(engine, profile_id),
        "cards": lambda: _cards(engine, chosen),
    }
    if args.format == "json":
        payload: dict[str, Any] = {
            "format": "quizzer-export",
            "version": 1,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(),
            "profile": name,
            **{table: load() for table, load in tables.items()},
        }
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    else:
        text = _csv(tables[args.table](), _COLUMNS[args.table])

    if args.out:
        from quizzer import atomic

        # The previous export stays whole until the new one is complete (a full disk included).
        try:
            atomic.write_text(check_out(args.out), text, newline="")
        except OSError as exc:
            from quizzer.failures import from_os_error

            raise from_os_error(exc, args.out) from None
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
