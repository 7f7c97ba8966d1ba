"""Practice: answers by key for every type, feedback at once, each answer recorded with its time."""

from __future__ import annotations

from quizzer.assembly import Item
from quizzer.store import answers as answer_store

from .answering import answer_keys, correct_response
from .fakes import screen_text, settle


async def _ready(app, pilot):
    await settle(app, pilot)


async def _practice(app, pilot, question_ids, orders=None):
    """Open a practice session over the given questions (display orders default to the bank's)."""
    from quizzer.screens.practice import PracticeScreen

    items = [Item(q, None, (orders or {}).get(q)) for q in question_ids]
    await app.push_screen(PracticeScreen(items, exam_id="TEST-EXAM", filters={}, title="test"))
    await pilot.pause()
    return app.screen


async def test_practice_answer_shows_feedback_and_records_it(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("p")  # dashboard -> practice setup with the exam preselected
        await pilot.pause()
        await pilot.press("enter")  # "Mixed" is highlighted
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "PracticeScreen"
        item = screen.items[0]
        question = app.ctx.bank.questions[item.question_id]
        clock.advance(7.5)
        await pilot.press(*answer_keys(question, item.order), "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct" in text
        assert "Explanation" in text
        assert "Objectives" in text and question.objectives[0] in text
        answers = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert len(answers) == 1
        assert answers[0].question_id == question.id
        assert answers[0].correct and answers[0].score == 1.0
        assert answers[0].time_ms == 7500
        assert answers[0].content_hash == app.ctx.bank.content_hash(question.id)
        await pilot.press("enter")  # next
        await pilot.pause()
        assert screen.position == 1


async def test_feedback_lists_every_rationale_and_references(make_app):
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await _ready(app, pilot)
        screen = await _practice(app, pilot, ["t-single"], {"t-single": (0, 1, 2)})
        await pilot.press("b", "enter")  # Sigmoid: wrong
        await pilot.pause()
        text = screen_text(app)
        question = app.ctx.bank.questions["t-single"]
        assert "Incorrect" in text
        for option in question.options:
            assert option.rationale[:40] in text
        assert "your choice" in text
        assert "References" in text and question.references[0] in text
        assert "TEST-EXAM:1.2 Activations" in text
        assert "Lab" in text and "ReLU vs sigmoid" in text
        assert screen.results[0].score == 0.0


async def test_every_question_type_answers_with_keys(make_app):
    """All seven types, each answered with its keys, each recorded in original indices."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _ready(app, pilot)
        ids = [
            "t-single",
            "t-multiple",
            "t-true-false",
            "t-yes-no",
            "t-ordering",
            "t-matching",
            "t-numeric",
        ]
        orders = {
            "t-single": (2, 0, 1),
            "t-multiple": (3, 2, 1, 0),
            "t-ordering": (3, 1, 0, 2),
            "t-matching": (3, 2, 1, 0),
        }
        screen = await _practice(app, pilot, ids, orders)
        for position, question_id in enumerate(ids):
            assert screen.position == position
            question = app.ctx.bank.questions[question_id]
            await pilot.press(*answer_keys(question, orders.get(question_id)), "enter")
            await pilot.pause()
            assert screen.graded is not None, question_id
            assert screen.graded.correct, (question_id, screen.response)
            assert screen.response == correct_response(question)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.done
        recorded = answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)
        assert [a.question_id for a in recorded] == ids
        assert all(a.correct for a in recorded)


async def test_choose_n_is_enforced(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = await _practice(app, pilot, ["t-multiple"], {"t-multiple": (0, 1, 2, 3)})
        await pilot.press("a", "enter")  # one of two chosen: not submitted
        await pilot.pause()
        assert screen.graded is None
        await pilot.press("b", "c")  # a third choice is refused
        await pilot.pause()
        assert screen.query_one("#answer").response == [0, 1]
        await pilot.press("space")  # cursor is on C: still refused
        await pilot.press("b", "c", "enter")  # swap B for C: Dropout + training longer
        await pilot.pause()
        assert screen.response == [0, 2]
        assert screen.graded is not None and not screen.graded.correct


async def test_ordering_by_carrying_and_partial_score(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = await _practice(app, pilot, ["t-ordering"], {"t-ordering": (1, 0, 2, 3)})
        # Pick up "Compute the loss" (shown first) and carry it down one place.
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        assert screen.response == [0, 1, 2, 3]
        assert screen.graded.correct


async def test_yes_no_partial_and_numeric_wrong(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = await _practice(app, pilot, ["t-yes-no", "t-numeric"])
        await pilot.press("y", "y", "y", "enter")
        await pilot.pause()
        assert screen.response == [True, True, True]
        assert 0 < screen.graded.score < 1
        assert "Partly correct: 67%" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "0", "0", "0", "0", "enter")
        await pilot.pause()
        assert screen.response == 10000
        assert not screen.graded.correct
        assert "your answer" in screen_text(app)  # the common mistake is pointed out


async def test_practice_setup_filters_by_domain(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        setup = app.screen
        scopes = setup.query_one("#scopes")
        scopes.highlighted = scopes.get_option_index("domain:1")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert {i.domain_id for i in screen.items} == {"1"}
        assert len(screen.items) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup
