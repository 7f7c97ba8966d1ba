"""Mock exams: the whole flow to the results, flags and navigation, the timer running out."""

from __future__ import annotations

from quizzer.store import answers, cards, sessions

from .answering import answer_keys
from .fakes import screen_text, settle, until


async def _ready(app, pilot):
    await settle(app, pilot)


async def _start_mock(app, pilot):
    await pilot.press("m")  # dashboard -> mock setup, exam preselected
    await until(pilot, lambda: getattr(app.screen, "exam_id", None) == "TEST-EXAM")
    await pilot.press("ctrl+s")  # start with the blueprint's defaults
    await until(pilot, lambda: getattr(app.screen, "session", None) is not None)
    screen = app.screen
    assert type(screen).__name__ == "MockExamScreen"
    return screen


async def test_full_mock_exam_to_results(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        exam = await _start_mock(app, pilot)
        session = exam.session
        assert len(session.items) == 6
        assert "⏱ 10:00" in screen_text(app)
        for position in range(len(session.items)):
            assert session.current == position
            question = session.questions[position]
            await pilot.press(*answer_keys(question, session.items[position].order))
            await pilot.pause()
            # every change is on disk at once
            saved = sessions.load_mock(app.ctx.engine, session_id=session.session_id)
            assert saved.items[position].response == session.responses[position]
            clock.advance(30)
            await pilot.press("enter")  # save and go on (the last one opens the review)
            await pilot.pause()
        review = app.screen
        assert type(review).__name__ == "MockReviewScreen"
        assert "answered 6 of 6" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await pilot.pause()
        results = app.screen
        assert type(results).__name__ == "ResultsScreen"
        text = screen_text(app)
        assert "Score 1000 on 100–1000" in text and "PASS" in text
        assert "time used 03:00 of 10:00" in text
        assert "Fundamentals" in text and "100%" in text
        record = sessions.load_mock(app.ctx.engine, session_id=session.session_id)
        assert record.status == "submitted"
        assert record.result.passed and record.result.scaled == 1000
        # every graded item was rated on its review card (in a worker)
        await app.workers.wait_for_complete()
        rated = cards.cards(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert sorted(c.question_id for c in rated) == sorted(i.question_id for i in record.items)
        assert all(c.reps == 1 for c in rated)
        assert len(answers.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)) == 6

        await pilot.press("a")  # review every answer
        await pilot.pause()
        assert type(app.screen).__name__ == "AnswerReviewScreen"
        assert "Correct" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.position == 1
        await pilot.press("escape", "t")  # back to results, then retake with a new seed
        await pilot.pause()
        retake = app.screen
        assert type(retake).__name__ == "MockExamScreen"
        assert retake.session.session_id != session.session_id
        assert retake.session.seed != session.seed


async def test_flags_and_navigation(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        exam = await _start_mock(app, pilot)
        session = exam.session
        await pilot.press("ctrl+f")  # flag question 1
        await pilot.pause()
        assert session.flags[0]
        assert sessions.load_mock(app.ctx.engine, session_id=session.session_id).items[0].flagged
        await pilot.press("right", "right")
        await pilot.pause()
        assert session.current == 2
        await pilot.press("left")
        await pilot.pause()
        assert session.current == 1
        await pilot.press("ctrl+g")  # the navigator: move to question 6 and jump
        await pilot.pause()
        assert type(app.focused).__name__ == "Navigator"
        await pilot.press("down", "enter")  # one row (four questions) down: question 6
        await pilot.pause()
        assert session.current == 5
        await pilot.press("ctrl+s")  # review shows the flag; Enter on a row goes back there
        await pilot.pause()
        assert "flagged 1" in screen_text(app)
        await pilot.press("ctrl+f")  # first flagged question
        await pilot.pause()
        assert app.screen is exam and session.current == 0
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert not session.flags[0]
        assert (
            not sessions.load_mock(app.ctx.engine, session_id=session.session_id).items[0].flagged
        )


async def test_timer_runs_out_and_submits(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        exam = await _start_mock(app, pilot)
        session = exam.session
        await pilot.press("ctrl+t")  # hidden, but still running
        await pilot.pause()
        assert "⏱ hidden" in screen_text(app)
        clock.advance(6)
        exam.tick()
        saved = sessions.load_mock(app.ctx.engine, session_id=session.session_id)
        assert saved.time_left_s == 594  # the clock is saved every few seconds
        await pilot.press("ctrl+s")  # even with the review open, time runs out
        await pilot.pause()
        clock.advance(600)
        await pilot.pause(0.7)  # the timer ticks twice a second
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        assert "time ran out" in screen_text(app)
        record = sessions.load_mock(app.ctx.engine, session_id=session.session_id)
        assert record.status == "submitted" and record.result.timed_out
        assert record.result.time_used_s == 600


async def test_setup_changes_length_minutes_and_pass_mark(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        setup = app.screen
        text = screen_text(app)
        assert "Not covered by this bank: 3. Services (outside its scope)" in text
        setup.query_one("#length").value = "4"
        setup.query_one("#minutes").value = "2"
        setup.query_one("#pass").value = "800"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        exam = app.screen
        assert len(exam.session.items) == 4
        assert exam.session.time_limit_s == 120
        assert exam.session.terms.pass_mark == 800


async def test_an_area_opens_without_restyling_the_app_in_the_current_theme(make_app):
    """Opening the mock area styles its new screen as it mounts: Textual's full CSS refresh
    (every rule re-parsed, every widget restyled) does not run, and the theme still applies."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f2")  # the light theme, before the area's screen exists
        await until(pilot, lambda: "light" in app.theme)
        await pilot.pause()
        dashboard_background = app.screen.styles.background
        refreshed = []
        app.refresh_css = lambda *args, **kwargs: refreshed.append(args)
        await pilot.press("m")
        await until(pilot, lambda: type(app.screen).__name__ == "MockSetupScreen")
        await pilot.pause()
        assert refreshed == []
        assert app.screen.styles.background == dashboard_background
        assert "weights used" in screen_text(app)
