"""Resume: a crash or a quit mid-exam loses nothing; the next start offers the exam with the same
answers, flags and time left (time does not pass while the app is closed)."""

from __future__ import annotations

from quizzer.store import sessions

from .answering import answer_keys
from .fakes import FakeClock, screen_text, settle, start_mock


async def _ready(app, pilot):
    await settle(app, pilot)


async def test_resume_after_a_crash(make_app, clock):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _ready(first, pilot)
        await start_mock(pilot.app, pilot)
        exam = first.screen
        session = exam.session
        question = session.questions[0]
        await pilot.press(*answer_keys(question, session.items[0].order))
        await pilot.press("right", "ctrl+f")  # flag question 2
        await pilot.pause()
        clock.advance(100)
        exam.tick()  # the periodic save (every 5 s) has happened
        clock.advance(3)  # ...and 3 more seconds pass before the crash
        answers, flags = list(session.responses), list(session.flags)
        session_id = session.session_id
        # A crash: nothing gets the chance to save on the way out.
        first.exam_guard = None
        exam.session = None
    assert answers[0] is not None and flags[1]

    second = make_app(clock=FakeClock(start=50_000.0))  # a new process: a different clock
    async with second.run_test(size=(80, 24)) as pilot:
        await _ready(second, pilot)
        assert type(second.screen).__name__ == "ResumeDialog"
        text = screen_text(second)
        assert "Unfinished mock exam" in text and "1 answered · 1 flagged · 08:20 left" in text
        await pilot.press("enter")
        await pilot.pause()
        resumed = second.screen
        assert type(resumed).__name__ == "MockExamScreen"
        assert resumed.session.session_id == session_id
        assert resumed.session.responses == answers
        assert resumed.session.flags == flags
        assert resumed.session.current == 1
        assert resumed.session.time_left() == 500  # 600 s - 100 s; time did not run while closed
        assert "⏱ 08:20" in screen_text(second)


async def test_quitting_saves_the_exact_time_left(make_app, clock):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _ready(first, pilot)
        await start_mock(pilot.app, pilot)
        session_id = first.screen.session.session_id
        clock.advance(42)
        await pilot.press("ctrl+q")
        await pilot.pause()
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await _ready(second, pilot)
        record = sessions.load_mock(second.ctx.engine, session_id=session_id)
        assert record.status == "active"
        assert record.time_left_s == 558
        await pilot.press("escape")  # later: the dashboard offers it too
        await pilot.pause()
        assert "Unfinished mock TEST-EXAM (09:18 left)" in screen_text(second)
        await pilot.press("r")
        await pilot.pause()
        assert second.screen.session.time_left() == 558


async def test_leaving_an_exam_keeps_it_for_later(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await start_mock(pilot.app, pilot)
        session_id = app.screen.session.session_id
        clock.advance(60)
        await pilot.press("escape")
        await pilot.pause()
        assert "Leave the exam?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.current_mode == "dashboard"
        clock.advance(1000)  # time away from the exam does not count
        record = sessions.load_mock(app.ctx.engine, session_id=session_id)
        assert record.status == "active" and record.time_left_s == 540


async def test_clock_stops_while_away_from_the_mock_area(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await start_mock(pilot.app, pilot)
        exam = app.screen
        clock.advance(30)
        await pilot.press("f10")  # straight to the dashboard, without leaving the exam
        await pilot.pause()
        assert app.current_mode == "dashboard"
        clock.advance(500)
        assert exam.session.time_left() == 570
        await pilot.press("r")  # resume from the dashboard
        await pilot.pause()
        assert app.screen.session.time_left() == 570


async def test_abandoning_from_the_start_dialog(make_app):
    """The dialog only asks: the app abandons the chosen mock, which is not offered again."""
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _ready(first, pilot)
        await start_mock(pilot.app, pilot)
        session_id = first.screen.session.session_id
        await pilot.press("ctrl+q")
        await pilot.pause()
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await _ready(second, pilot)
        assert type(second.screen).__name__ == "ResumeDialog"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert "Abandon this mock exam?" in screen_text(second)
        await pilot.press("y")
        await pilot.pause()
        assert type(second.screen).__name__ == "DashboardScreen"  # none left to offer
        assert second.active_mocks == []
        assert sessions.load_mock(second.ctx.engine, session_id=session_id).status != "active"
    third = make_app()
    async with third.run_test(size=(80, 24)) as pilot:
        await _ready(third, pilot)
        assert type(third.screen).__name__ == "DashboardScreen"
