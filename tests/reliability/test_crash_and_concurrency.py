"""Real processes: kill -9 mid-exam loses no acknowledged answer; two writers lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizzer.store import answers, profiles, sessions
from quizzer.store.opening import open_store

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]


def spawn(url: str, mode: str, name: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, mode, name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("kill_after", [0.3, 0.9, 1.7])
def test_kill_9_mid_exam_loses_no_acknowledged_answer(tmp_path, kill_after):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    open_store(url).dispose()  # schema in place before the race starts
    proc = spawn(url, "mock", "ada", 7)
    session_line = proc.stdout.readline()
    assert session_line.startswith("mock "), proc.communicate()[1]
    session_id = int(session_line.split()[1])
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    acked = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
    assert acked, "the writer acknowledged nothing before the kill"

    engine = open_store(url)
    state = sessions.load_mock(engine, session_id=session_id)
    assert state.status == "active"
    last = acked[-1]
    for position, item in enumerate(state.items):
        written = [n for n in range(last + 1) if n % 7 == position]
        if written:
            # the last acknowledged write to this position is there (or a later, unacknowledged one)
            assert item.response is not None and item.response >= written[-1]
    assert [m.session_id for m in sessions.active_mocks(engine, profile_id=1)] == [session_id]
    engine.dispose()


def test_two_processes_on_one_sqlite_file_lose_no_writes(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    open_store(url).dispose()
    count = 300
    procs = [spawn(url, "practice", name, count) for name in ("ada", "bo")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        assert out.count("ack ") == count
    engine = open_store(url)
    for name in ("ada", "bo"):
        profile = profiles.get_or_create_profile(engine, name=name)
        ids = {a.question_id for a in answers.all_answers(engine, profile_id=profile.id)}
        assert ids == {f"{name}-{n}" for n in range(count)}
    engine.dispose()
