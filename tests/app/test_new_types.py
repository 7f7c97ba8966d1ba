"""Short answers and recall cards in a practice session, driven by keys as a learner would."""

from __future__ import annotations

from quizzer.assembly import Item
from quizzer.store import answers as answer_store
from quizzer.store.cards import get_card

from .fakes import screen_text, settle


async def _practice(app, pilot, question_ids):
    from quizzer.screens.practice import PracticeScreen

    await settle(app, pilot)
    items = [Item(q, None, None) for q in question_ids]
    await app.push_screen(PracticeScreen(items, exam_id="TEST-EXAM", filters={}, title="test"))
    await pilot.pause()
    return app.screen


async def test_a_typed_short_answer_is_graded_with_its_own_feedback(make_app, types_bank_root):
    app = make_app(bank_root=types_bank_root)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _practice(app, pilot, ["t-short", "t-short-pattern"])
        assert "Short answer" in screen_text(app)
        await pilot.press("enter")  # nothing typed yet: not submitted
        await pilot.pause()
        assert screen.graded is None
        await pilot.press(*"  adam ", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text and "Adam tracks both moments" in text
        assert "← your answer" in text
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Rectified linear units", "enter")
        await pilot.pause()
        assert "Correct" in screen_text(app)
        answers = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert [(a.question_id, a.correct) for a in answers] == [
            ("t-short", True),
            ("t-short-pattern", True),
        ]


async def test_a_wrong_short_answer_shows_what_was_accepted(make_app, types_bank_root):
    app = make_app(bank_root=types_bank_root)
    async with app.run_test(size=(100, 40)) as pilot:
        await _practice(app, pilot, ["t-short"])
        await pilot.press(*"SGD", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Incorrect" in text and "You typed: SGD" in text
        assert "AdamW" in text and "← your answer" not in text


async def test_a_recall_card_reveals_then_its_rating_goes_to_the_review_card(
    make_app, types_bank_root
):
    app = make_app(bank_root=types_bank_root)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _practice(app, pilot, ["t-recall"])
        back = "It zeroes a random share"
        assert back not in screen_text(app)
        await pilot.press("2")  # rating before the back is shown does nothing
        await pilot.pause()
        assert screen.graded is None
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert back in text and "Again" in text and "Easy" in text
        await pilot.press("2")  # Hard
        await pilot.pause()
        assert "You rated your recall Hard" in screen_text(app)
        record = get_card(app.ctx.engine, profile_id=app.ctx.profile.id, question_id="t-recall")
        assert record is not None and [rating for rating, _ in record.log] == [2]
        answers = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert [(a.question_id, a.score) for a in answers] == [("t-recall", 0.5)]


async def test_the_answering_helpers_answer_the_new_types_right(make_app, types_bank_root):
    from .answering import answer_keys, correct_response

    app = make_app(bank_root=types_bank_root)
    async with app.run_test(size=(100, 40)) as pilot:
        ids = ["t-short", "t-short-pattern", "t-recall"]
        screen = await _practice(app, pilot, ids)
        for question_id in ids:
            question = app.ctx.bank.questions[question_id]
            await pilot.press(*answer_keys(question, None), "enter")
            await pilot.pause()
            assert screen.response == correct_response(question)
            await pilot.press("enter")
            await pilot.pause()
        assert [g.correct for g in screen.results] == [True, True, True]
