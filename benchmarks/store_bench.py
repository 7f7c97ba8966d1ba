"""Progress-store figures: answer-write latency (p50/p99) and dashboard queries at 100,000 answers.

Budgets: writing an answer p99 <= 5 ms on SQLite; dashboard and readiness queries at 100,000
recorded answers <= 50 ms. Uses a temporary SQLite file in WAL mode, as the app does.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert

from quizzer.learning.mastery import question_scores
from quizzer.store import answers as answer_store
from quizzer.store import profiles
from quizzer.store import sessions as session_store
from quizzer.store.models import Answer, QuestionScore, StudySession
from quizzer.store.opening import open_store
from quizzer.store.question_scores import HALF_LIFE_DAYS

WRITES = 2_000
ANSWERS = 100_000
QUERY_RUNS = 7


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bulk_history(engine, profile_id: int, question_ids: list[str]) -> None:
    """100,000 answers over 2,000 sessions in the last year, inserted in bulk."""
    rng = random.Random(0)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    with engine.begin() as connection:
        sessions = [
            {
                "profile_id": profile_id,
                "kind": rng.choice(["practice", "mock", "review"]),
                "exam_id": "MLA-C01",
                "filters": {},
                "started_at": start + dt.timedelta(hours=4 * i),
            }
            for i in range(2_000)
        ]
        connection.execute(insert(StudySession), sessions)
        first = connection.exec_driver_sql("SELECT min(id) FROM study_session").scalar()
        rows = []
        for n in range(ANSWERS):
            correct = rng.random() < 0.7
            rows.append(
                {
                    "session_id": first + n // 50,
                    "profile_id": profile_id,
                    "question_id": rng.choice(question_ids),
                    "content_hash": "0" * 16,
                    "response": 0,
                    "correct": correct,
                    "score": float(correct),
                    "time_ms": rng.randint(2_000, 60_000),
                    "answered_at": start + dt.timedelta(minutes=5 * n),
                }
            )
        connection.execute(insert(Answer), rows)
        # the running per-question totals that record_answer keeps, computed here in one pass
        now = dt.datetime.now(dt.UTC)
        totals = question_scores(
            [SimpleNamespace(**r) for r in rows], at=now, half_life_days=HALF_LIFE_DAYS
        )
        connection.execute(
            insert(QuestionScore),
            [
                {
                    "profile_id": profile_id,
                    "question_id": q,
                    "score_sum": mean * weight,
                    "weight_sum": weight,
                    "answers": n,
                    "last_at": now,
                }
                for q, (mean, weight, n) in totals.items()
            ],
        )


def timed(fn) -> float:
    samples = []
    for _ in range(QUERY_RUNS):
        begin = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        profile = profiles.get_or_create_profile(engine, name="bench")
        session = session_store.start_session(engine, profile_id=profile.id, kind="practice")
        latencies = []
        for n in range(WRITES):
            begin = time.perf_counter()
            answer_store.record_answer(
                engine,
                session_id=session,
                profile_id=profile.id,
                question_id=f"q{n % 500}",
                content_hash="0" * 16,
                response=[1, 2],
                correct=True,
                score=1.0,
                time_ms=1000,
            )
            latencies.append((time.perf_counter() - begin) * 1000)
        print(
            f"answer write (SQLite, WAL, committed): p50 {statistics.median(latencies):.2f} ms, "
            f"p99 {percentile(latencies, 0.99):.2f} ms over {WRITES:,} writes"
        )

        from quizzer.bank.loader import load_bank

        bank = load_bank()
        question_ids = sorted(bank.questions)
        bulk_history(engine, profile.id, question_ids)
        print(f"queries at {ANSWERS + WRITES:,} recorded answers (median of {QUERY_RUNS}):")
        queries = {
            "recent sessions (dashboard)": lambda: session_store.recent_sessions(
                engine, profile_id=profile.id, limit=8
            ),
            "mock history (dashboard)": lambda: session_store.mock_history(
                engine, profile_id=profile.id
            ),
            "active mocks (resume offer)": lambda: session_store.active_mocks(
                engine, profile_id=profile.id
            ),
        }
        queries.update(extra_queries(engine, bank, profile.id))
        for name, fn in queries.items():
            print(f"  {name:<40} {timed(fn):7.1f} ms")
        engine.dispose()


def extra_queries(engine, bank, profile_id: int) -> dict:
    """Queries of the learning engine that the dashboard runs."""
    from quizzer.learning import due_count
    from quizzer.learning.readiness import readiness

    return {
        "due reviews count (dashboard)": lambda: due_count(engine, profile_id=profile_id),
        "readiness forecast MLA-C01 (dashboard)": lambda: readiness(
            engine, bank, profile_id=profile_id, exam_id="MLA-C01"
        ),
    }


if __name__ == "__main__":
    main()
