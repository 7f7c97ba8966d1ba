"""A worker process for the reliability tests: answers questions as fast as it can.

Usage: python writer.py DB_URL MODE NAME COUNT
  MODE mock:     create a mock exam and answer its positions in a loop
  MODE practice: record COUNT practice answers
After each write has returned (committed), it prints "ack <n>" and flushes, so the parent
knows exactly which writes were acknowledged before it kills the process.
"""

from __future__ import annotations

import sys

from quizzer.mock_data import MockTerms
from quizzer.store import answers as answer_store
from quizzer.store import profiles, sessions
from quizzer.store.opening import open_store


def main(url: str, mode: str, name: str, count: int) -> None:
    engine = open_store(url)
    profile = profiles.get_or_create_profile(engine, name=name)
    if mode == "mock":
        items = [
            {"question_id": f"q{i}", "domain_id": "1", "content_hash": "h", "display_order": None}
            for i in range(count)
        ]
        session = sessions.create_mock(
            engine,
            profile_id=profile.id,
            exam_id="X",
            seed=1,
            terms=MockTerms(),
            items=items,
            time_limit_s=3600,
        )
        print(f"mock {session}", flush=True)
        for n in range(10**9):
            position = n % count
            sessions.save_mock_answer(
                engine,
                session_id=session,
                position=position,
                response=n,
                time_ms=1,
                time_left_s=3600 - n * 0.01,
            )
            print(f"ack {n}", flush=True)
    else:
        session = sessions.start_session(engine, profile_id=profile.id, kind="practice")
        for n in range(count):
            answer_store.record_answer(
                engine,
                session_id=session,
                profile_id=profile.id,
                question_id=f"{name}-{n}",
                content_hash="h",
                response=n,
                correct=True,
                score=1,
                time_ms=1,
            )
            print(f"ack {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
