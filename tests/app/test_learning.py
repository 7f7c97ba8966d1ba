"""The learning engine in the app: due reviews, drills, exam dates, readiness, certainty, gating."""

from __future__ import annotations

import datetime as dt

from quizzer.learning import srs
from quizzer.learning.drill import drill_session
from quizzer.store import answers as answer_store
from quizzer.store import cards, profiles, sessions
from quizzer.store.opening import open_store

from .answering import answer_keys
from .conftest import FIXTURE_BANK, NOW
from .fakes import screen_text, settle, until


def _history(db_url: str, answers: list[tuple[str, bool]], *, at: dt.datetime) -> None:
    """Answers given (and reviewed) before the app starts, all at ``at``."""
    from quizzer.bank.loader import load_bank

    bank = load_bank(FIXTURE_BANK)
    engine = open_store(db_url)
    profile = profiles.get_or_create_profile(engine, name="default")
    session = sessions.start_session(
        engine, profile_id=profile.id, kind="practice", exam_id="TEST-EXAM"
    )
    for question_id, correct in answers:
        answer_store.record_answer(
            engine,
            session_id=session,
            profile_id=profile.id,
            question_id=question_id,
            content_hash=bank.content_hash(question_id),
            response=None,
            correct=correct,
            score=float(correct),
            time_ms=20_000,
            answered_at=at,
        )
        srs.review(
            engine,
            profile_id=profile.id,
            question_id=question_id,
            correct=correct,
            time_ms=20_000,
            now=at,
            question_type=bank.questions[question_id].type,
            exam_id="TEST-EXAM",
        )
    engine.dispose()


async def _answer(app, pilot, screen, *, certainty: str | None = None) -> None:
    item = screen.items[screen.position]
    await pilot.press(*answer_keys(app.ctx.bank.questions[item.question_id], item.order), "enter")
    if certainty is not None:
        await until(pilot, lambda: screen.pending is not None)
        await pilot.press(certainty)
    await until(pilot, lambda: screen.graded is not None)


async def test_due_reviews_start_a_review_session(make_app, db_url):
    _history(db_url, [("t-single", True), ("t-true-false", False)], at=NOW - dt.timedelta(days=20))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Due reviews: 2 (d starts them)" in screen_text(app)
        await pilot.press("d")
        await until(pilot, lambda: type(app.screen).__name__ == "PracticeScreen")
        screen = app.screen
        assert screen.kind == "review" and screen.exam_id is None
        assert {i.question_id for i in screen.items} == {"t-single", "t-true-false"}
        assert "review · 2 due" in screen_text(app)
        first = screen.items[0].question_id
        await _answer(app, pilot, screen)
        card = cards.get_card(app.ctx.engine, profile_id=app.ctx.profile.id, question_id=first)
        assert card.reps == 2 and card.due > NOW  # rated again, and no longer due
        await pilot.press("escape")  # end the session after one answer
        await settle(app, pilot)
        assert "Due reviews: 1 (d starts them)" in screen_text(app)
        kinds = [
            s.kind for s in sessions.recent_sessions(app.ctx.engine, profile_id=app.ctx.profile.id)
        ]
        assert kinds[0] == "review"


async def test_exam_date_cram_mode_weakest_objectives_and_drill(make_app, db_url):
    _history(
        db_url,
        [("t-single", False), ("t-true-false", False), ("t-yes-no", True)],
        at=NOW - dt.timedelta(days=1),
    )
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await until(pilot, lambda: getattr(app.screen, "weakest", None) is not None)
        detail = screen_text(app)
        assert "Exam date  not set" in detail
        assert "Weakest objectives" in detail and "1.2 Activations — " in detail
        weakest = app.screen.weakest
        assert weakest[0].ref == "1.2"  # two wrong answers there
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "ExamDateDialog")
        await pilot.press(*"2026-01-01", "enter")  # in the past: refused
        await pilot.pause()
        assert "has passed" in screen_text(app)
        await pilot.press(*["backspace"] * 10, *"2026-01-20", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ExamDetailScreen")
        assert "2026-01-20 (in 5 days) — cram mode" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert "cram mode: TEST-EXAM in 5 days" in screen_text(app)
        await pilot.press("w")
        await until(pilot, lambda: type(app.screen).__name__ == "PracticeScreen")
        screen = app.screen
        assert screen.kind == "drill" and screen.exam_id == "TEST-EXAM"
        expected = drill_session(
            app.ctx.engine,
            app.ctx.bank,
            profile_id=app.ctx.profile.id,
            exam_id="TEST-EXAM",
            seed=1,
            now=NOW,
        )
        assert screen.items == expected
        await _answer(app, pilot, screen)
        answers = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert answers[-1].kind == "drill" and answers[-1].answered_at == NOW


async def test_readiness_for_a_new_learner_is_wide_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: "Readiness: expected" in screen_text(app))  # a worker fills it
        text = screen_text(app)
        assert (
            "Readiness: expected" in text and "P(pass) unknown" in text and "pass mark 700" in text
        )
        assert "1. Fundamentals (50%)" in text and "2. Training (30%)" in text
        assert "P(pass) unknown: answer 10 more questions first" in text
        assert "Not in the forecast: 3. Services (outside this bank)" in text
        forecast = app.screen.forecasts["TEST-EXAM"]
        assert all(d.low < 0.2 and d.high > 0.8 for d in forecast.domains)
        assert forecast.scaled_high - forecast.scaled_low > 400
        assert "▒" * 10 in text  # the wide band of an unknown mastery


async def test_certainty_is_asked_before_feedback_and_marked(make_app):
    from quizzer.assembly import Item
    from quizzer.screens.practice import PracticeScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: type(app.screen).__name__ == "PracticeSetupScreen")
        assert "certainty-based marking off" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "certainty-based marking on" in screen_text(app)
        assert app.ctx.profile.settings["certainty_marking"] is True
        items = [Item("t-true-false", None, None), Item("t-single", None, (0, 1, 2))]
        await app.push_screen(PracticeScreen(items, exam_id="TEST-EXAM", filters={}, title="cbm"))
        await pilot.pause()
        screen = app.screen
        await pilot.press("t", "enter")  # right
        await until(pilot, lambda: screen.pending is not None)
        text = screen_text(app)
        assert "How sure are you?" in text and "Correct" not in text  # no feedback before certainty
        assert screen.graded is None
        await pilot.press("3")
        await until(pilot, lambda: screen.graded is not None)
        text = screen_text(app)
        assert "Correct" in text and "Certainty 3 (very sure) · CBM mark +3" in text
        await pilot.press("enter")
        await until(pilot, lambda: screen.position == 1)
        await pilot.press("b", "enter")  # wrong
        await until(pilot, lambda: screen.pending is not None)
        await pilot.press("2")
        await until(pilot, lambda: screen.graded is not None)
        assert "Certainty 2 (fairly sure) · CBM mark −2" in screen_text(app)
        assert "CBM +1" in screen_text(app)  # the session's total so far
        recorded = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert [(a.question_id, a.certainty) for a in recorded] == [
            ("t-true-false", 3),
            ("t-single", 2),
        ]
        assert (
            cards.get_card(app.ctx.engine, profile_id=app.ctx.profile.id, question_id="t-single")
            is not None
        )
        await app.run_action("calibration")  # the calibration view from these answers
        await until(
            pilot,
            lambda: (
                type(app.screen).__name__ == "CalibrationScreen" and app.screen.answers is not None
            ),
        )
        text = screen_text(app)
        assert "2 answers with a certainty · 50% right · CBM +1 in all" in text
        assert "too few answers" in text


async def test_gating_offers_unlocked_objectives_and_says_what_unlocks_next(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: getattr(app.screen, "exam_id", None) == "TEST-EXAM")
        setup = app.screen
        await pilot.press("g")
        await pilot.pause()
        text = " ".join(screen_text(app).split())  # the unlock line wraps
        assert "objective gating on" in text
        assert (
            "Next to unlock: 2.1 Optimizers — needs 3 of 1.2 answered at 60%+ (now 0 answered)"
            in text
        )
        assert "🔒 2.1 Optimizers (locked, 2)" in text
        assert setup.allowed == {"t-single", "t-true-false", "t-matching"}
        scopes = setup.query_one("#scopes")
        assert scopes.get_option("domain:2").disabled
        scopes.highlighted = 0
        await pilot.press("enter")  # Mixed: the unlocked questions only
        await until(pilot, lambda: type(app.screen).__name__ == "PracticeScreen")
        screen = app.screen
        assert {i.question_id for i in screen.items} == {"t-single", "t-true-false", "t-matching"}
        for _ in range(3):
            await _answer(app, pilot, screen)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.done
        await pilot.press("enter")  # back to the setup: 2.1 is open now
        await until(pilot, lambda: app.screen is setup)
        await pilot.pause()
        assert "Last objective open: 2.1 Optimizers" in " ".join(screen_text(app).split())
        assert not scopes.get_option("domain:2").disabled
        assert setup.allowed is not None and "t-ordering" in setup.allowed


async def test_item_statistics_screen(make_app, db_url):
    from .seed import seed

    seed(db_url, FIXTURE_BANK)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Item statistics" in titles
        await app.run_action("item_stats")
        await until(pilot, lambda: getattr(app.screen, "data", None) is not None)
        text = screen_text(app)
        assert "2 submitted mock(s), yours" in text
        assert "Internal consistency (Cronbach's alpha" in text
        assert "insufficient data" in text  # two attempts are too few to judge an item
        assert "t-single" in text or "t-true-false" in text


async def test_adaptive_check_asks_until_done_and_shows_the_forecast(make_app):
    from quizzer.screens.adaptive_check import AdaptiveCheckScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await app.run_action("adaptive_check('TEST-EXAM')")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, AdaptiveCheckScreen) and app.screen.question_id is not None
            ),
        )
        screen = app.screen
        assert "precision ±1.00" in screen_text(app)
        for _ in range(4):
            question = app.ctx.bank.questions[screen.question_id]
            asked = len(screen.check.asked)
            await pilot.press(*answer_keys(question, screen.order), "enter")
            await until(pilot, lambda asked=asked: len(screen.check.asked) == asked + 1)
        await pilot.press("escape")  # stop early: the result so far
        await until(pilot, lambda: screen.finished)
        text = " ".join(screen_text(app).split())
        assert "Adaptive check: 4 questions" in text and "P(pass)" in text
        answers = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert len(answers) == 4 and all(a.kind == "check" and a.correct for a in answers)
