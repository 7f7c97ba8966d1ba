"""Team mode under load: learners, each with their own PostgreSQL login, answering at once.

Every learner is a separate process that records answers through the app's own store API for
the whole run. Afterwards the answers are counted from the owner's side: none may be lost, and
no learner may have met an error. Reports the answer write's p50/p99 under load beside the
same figures for one learner alone and for the owner alone (no row security), both measured
first in the same run (the baselines).

Needs a PostgreSQL server: the owner's URL in QUIZZER_TEST_PG_URL, else one is started with
.ci/postgres.sh (port 55451) and stopped afterwards. ``--learners`` and ``--seconds`` size it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [f"load-q{i:03d}" for i in range(60)]


@dataclass
class LearnerRun:
    login: str
    written: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    learners: int
    seconds: float
    runs: list[LearnerRun]
    stored: dict[str, int]
    """Login -> answers counted by the owner afterwards."""
    own_view: dict[str, int]
    """Login -> answers that login itself can see afterwards."""

    @property
    def written(self) -> int:
        return sum(r.written for r in self.runs)

    @property
    def lost(self) -> int:
        return sum(max(0, r.written - self.stored.get(r.login, 0)) for r in self.runs)

    @property
    def errors(self) -> list[str]:
        idle = [
            f"{r.login}: recorded no answer" for r in self.runs if not r.written and not r.errors
        ]
        return [f"{r.login}: {e}" for r in self.runs for e in r.errors] + idle

    def percentile(self, q: float) -> float:
        return percentile([ms for r in self.runs for ms in r.latencies_ms], q)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def learner(url: str, barrier, seconds: float) -> LearnerRun:
    """One learner's process: once all are connected, answer for ``seconds``; never raises."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy.engine import make_url

    from quizzer.store import answers as answer_store
    from quizzer.store import sessions
    from quizzer.store.identity import current_profile
    from quizzer.store.opening import open_store

    run = LearnerRun(make_url(url).username or "?")
    try:
        engine = open_store(url)
        me = current_profile(engine)
        session = sessions.start_session(engine, profile_id=me.id, kind="practice", exam_id="LOAD")
    # A learner thread's error boundary: whatever stops a start is counted in the report.
    except Exception as error:  # noqa: BLE001
        run.errors.append(f"start: {error}")
        barrier.abort()
        return run
    try:
        barrier.wait(timeout=300)
    except threading.BrokenBarrierError:
        run.errors.append("start: another learner could not start")
        return run
    deadline, n = time.time() + seconds, 0
    while time.time() < deadline:
        question = QUESTIONS[n % len(QUESTIONS)]
        n += 1
        began = time.perf_counter()
        try:
            answer_store.record_answer(
                engine,
                session_id=session,
                profile_id=me.id,
                question_id=question,
                content_hash="0" * 16,
                response=n % 4,
                correct=n % 3 != 0,
                score=float(n % 3 != 0),
                time_ms=1_000,
            )
        # The learner's error boundary: every failed write is counted, and the load goes on.
        except Exception as error:  # noqa: BLE001
            run.errors.append(str(error).splitlines()[0])
            continue
        run.latencies_ms.append((time.perf_counter() - began) * 1000)
        run.written += 1
    engine.dispose()
    return run


def _counts(engine, sql: str) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as connection:
        return {name: count for name, count in connection.execute(text(sql))}


def run_load(
    owner_url: str, *, learners: int, seconds: float, as_owner: bool = False
) -> LoadReport:
    """A fresh team database with ``learners`` logins, all answering at once; then the count.

    ``as_owner``: one writer with the owner's login instead, whom row security does not apply to.
    """
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from quizzer.store import team
    from quizzer.store.opening import opened_store

    suffix = secrets.token_hex(3)
    database = f"quizzer_load_{suffix}"
    maintenance = sa.create_engine(
        make_url(owner_url).set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.NullPool,
    )
    with maintenance.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {database}"))
    owner = make_url(owner_url).set(database=database)
    logins = [] if as_owner else [f"load{i:02d}_{suffix}" for i in range(learners)]
    try:
        with opened_store(owner.render_as_string(hide_password=False)) as engine:
            team.init(engine)
            urls = [
                owner.set(
                    username=login, password=team.add(engine, login, "learner")
                ).render_as_string(hide_password=False)
                for login in logins
            ] or [owner.render_as_string(hide_password=False)]
            learners = len(urls)
        context = get_context("spawn")
        with (
            context.Manager() as manager,
            ProcessPoolExecutor(learners, mp_context=context) as pool,
        ):
            barrier = manager.Barrier(learners)  # all start together, after imports and logins
            runs = list(pool.map(learner, urls, [barrier] * learners, [seconds] * learners))
        with opened_store(owner.render_as_string(hide_password=False)) as engine:
            stored = _counts(
                engine,
                "SELECT p.name, count(a.id) FROM profile p "
                "LEFT JOIN answer a ON a.profile_id = p.id "
                "GROUP BY p.name",
            )
        own_view = {}
        for url, login in zip(urls, [r.login for r in runs], strict=True):
            with opened_store(url) as engine:
                own_view[login] = sum(
                    _counts(engine, "SELECT 'all', count(*) FROM answer").values()
                )
        return LoadReport(learners, seconds, runs, stored, own_view)
    finally:
        with maintenance.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            for login in logins:
                connection.execute(sa.text(f'DROP ROLE IF EXISTS "{login}"'))
        maintenance.dispose()


def _server() -> tuple[str, str | None]:
    """The owner's URL, and the data folder of a server started here (None: given by the caller)."""
    url = os.environ.get("QUIZZER_TEST_PG_URL") or os.environ.get("QUIZZER_BENCH_PG_URL")
    if url:
        return url, None
    folder = "/tmp/quizzer-bench-pg"
    env = {**os.environ, "QUIZZER_PG_PORT": "55451", "QUIZZER_PG_DIR": folder}
    started = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return started.stdout.strip().splitlines()[-1], folder


def _stop(folder: str) -> None:
    for pg_ctl in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        command = [str(pg_ctl), "-D", folder, "-m", "fast", "stop"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    try:
        url, folder = _server()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        print(
            f"team load: no PostgreSQL server could be started ({error}); set QUIZZER_TEST_PG_URL"
        )
        return 1
    short = max(3.0, args.seconds / 6)
    try:
        owner = run_load(url, learners=1, seconds=short, as_owner=True)
        alone = run_load(url, learners=1, seconds=short)
        loaded = run_load(url, learners=args.learners, seconds=args.seconds)
    finally:
        if folder:
            _stop(folder)
    print(
        f"the owner alone, no row security ({owner.seconds:.0f} s): {owner.written} answers, "
        f"write p50 {owner.percentile(0.5):.2f} ms, p99 {owner.percentile(0.99):.2f} ms"
    )
    base50, base99 = alone.percentile(0.5), alone.percentile(0.99)
    p50, p99 = loaded.percentile(0.5), loaded.percentile(0.99)
    print(
        f"one learner alone ({alone.seconds:.0f} s): {alone.written} answers, "
        f"write p50 {base50:.2f} ms, p99 {base99:.2f} ms"
    )
    print(
        f"{loaded.learners} learners at once ({loaded.seconds:.0f} s): {loaded.written} answers "
        f"({loaded.written / loaded.seconds:.0f}/s), write p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    print(f"row security, one learner / owner: p50 x{base50 / owner.percentile(0.5):.2f}")
    print(f"under load / alone: p50 x{p50 / base50:.1f}, p99 x{p99 / base99:.1f}")
    lost = loaded.lost + alone.lost + owner.lost
    errors = loaded.errors + alone.errors + owner.errors
    mismatched = [r.login for r in loaded.runs if loaded.own_view.get(r.login) != r.written]
    print(
        f"answers lost: {lost}; errors met by learners: {len(errors)}; "
        f"learners whose own count differs: {len(mismatched)}"
    )
    for line in errors[:5]:
        print(f"  {line}")
    return 0 if not (lost or errors or mismatched) else 1


if __name__ == "__main__":
    sys.exit(main())
