"""MockSession's clock without the UI: start, pause, time left and the time spent per answer."""

from __future__ import annotations

import pytest

from quizzer.context import Context
from quizzer.mock_session import MockSession, MockSettings, create_mock
from quizzer.store import profiles, sessions


class FakeClock:
    """A monotonic clock that moves only when the test moves it."""

    def __init__(self, start: float = 500.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def ctx(engine, bank) -> Context:
    return Context(bank, engine, profiles.get_or_create_profile(engine, name="ada"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _session(ctx: Context, clock: FakeClock, minutes: int = 10) -> MockSession:
    session_id = create_mock(ctx, MockSettings("TEST-EXAM", 6, minutes, seed=1))
    assert session_id is not None
    return MockSession.open(ctx, session_id, clock)


def test_time_counts_only_once_started(ctx, clock):
    session = _session(ctx, clock)
    clock.advance(30)
    assert not session.running and session.time_left() == 600
    session.start()
    clock.advance(45.5)
    assert session.running and session.time_left() == 554.5


def test_a_pause_keeps_the_time_left(ctx, clock):
    session = _session(ctx, clock)
    session.start()
    clock.advance(100)
    session.pause()
    clock.advance(1000)  # a dialog, or the dashboard: the exam waits
    assert not session.running and session.time_left() == 500
    session.pause()  # pausing twice changes nothing
    session.start()
    clock.advance(20)
    assert session.time_left() == 480


def test_starting_again_does_not_restart_the_count(ctx, clock):
    session = _session(ctx, clock)
    session.start()
    clock.advance(60)
    session.start()
    clock.advance(60)
    assert session.time_left() == 480


def test_time_left_stops_at_zero(ctx, clock):
    session = _session(ctx, clock, minutes=1)
    session.start()
    clock.advance(59)
    assert not session.expired
    clock.advance(5)
    assert session.time_left() == 0.0 and session.expired


def test_each_answer_stores_the_time_spent_on_its_question(ctx, clock):
    session = _session(ctx, clock)
    session.start()
    clock.advance(12.5)
    session.answer(0, 0)
    session.go(1)
    clock.advance(4)
    session.pause()
    clock.advance(300)  # paused time is not time spent on the question
    session.start()  # the lap starts again here: the 4 s before the pause are not counted
    clock.advance(3)
    session.answer(1, 0)
    session.go(0)
    clock.advance(2)
    session.answer(0, 1)  # back to the first: the time adds up
    items = sessions.load_mock(ctx.engine, session_id=session.session_id).items
    assert [items[0].time_ms, items[1].time_ms] == [14_500, 3_000]


def test_a_reopened_session_continues_with_the_time_it_saved(ctx, clock):
    session = _session(ctx, clock)
    session.start()
    clock.advance(90)
    assert session.save_clock()
    clock.advance(3600)  # the app was closed for an hour
    again = MockSession.open(ctx, session.session_id, clock)
    assert again.time_left() == 510
    again.start()
    clock.advance(10)
    assert again.time_left() == 500


def test_time_used_in_the_result(ctx, clock):
    session = _session(ctx, clock)
    session.start()
    clock.advance(61)
    assert session.finish().time_used_s == 61
    other = _session(ctx, clock)
    other.start()
    clock.advance(5)
    result = other.finish(timed_out=True)  # running out counts the whole limit as used
    assert result.timed_out and result.time_used_s == 600 and not other.running
