"""Lab questions: predict (answer), then run the lab in a worker with live progress; Esc cancels."""

from __future__ import annotations

from quizzer.assembly import Item

from .fakes import FakeRegistry, screen_text, settle


async def _ready(app, pilot):
    await settle(app, pilot)


async def _answer_lab_question(app, pilot):
    from quizzer.screens.practice import PracticeScreen

    await app.push_screen(
        PracticeScreen(
            [Item("t-single", None, (0, 1, 2))], exam_id="TEST-EXAM", filters={}, title="lab"
        )
    )
    await pilot.pause()
    await pilot.press("a", "enter")  # the prediction: ReLU
    await pilot.pause()
    assert "press r to run it" in screen_text(app)
    await pilot.press("r")
    await pilot.pause()
    assert type(app.screen).__name__ == "LabRunScreen"
    return app.screen


async def test_lab_runs_after_the_prediction(make_app, registry):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _ready(app, pilot)
        lab_screen = await _answer_lab_question(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert lab_screen.state == "done"
        assert registry.loaded == ["test-lab"] and registry.lab.runs == [1]
        text = screen_text(app)
        assert "Your prediction: A. ReLU — ✔ Correct" in text
        assert "device: CPU" in text
        assert "relu: final loss" in text and "0.01" in text
        assert "supports the keyed answer" in text
        assert "ReLU is the standard hidden-layer default." in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "PracticeScreen"


async def test_lab_run_cancels_and_stays_responsive(make_app):
    registry = FakeRegistry(endless=True)
    app = make_app(labs=registry)
    async with app.run_test(size=(100, 40)) as pilot:
        await _ready(app, pilot)
        lab_screen = await _answer_lab_question(app, pilot)
        for _ in range(50):  # wait for live progress to arrive
            await pilot.pause(0.02)
            if lab_screen.query_one("#loss").series:
                break
        assert lab_screen.state == "running"
        assert lab_screen.query_one("#loss").series  # live curves from progress metrics
        await pilot.press("f1")  # the app answers keys while the lab runs
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # cancel
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert lab_screen.state == "cancelled"
        assert registry.lab.stopped
        assert "Cancelled" in screen_text(app)
        await pilot.press("escape")  # now Esc closes
        await pilot.pause()
        assert type(app.screen).__name__ == "PracticeScreen"


async def test_lab_drills_by_topic(make_app, registry):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "activations (all 1)" in text and "ReLU vs sigmoid" in text
        assert "Which activation is the usual default" in text  # the lab's questions are shown
        await pilot.press("enter")  # drill the whole topic
        await pilot.pause()
        drill = app.screen
        assert type(drill).__name__ == "PracticeScreen" and drill.kind == "lab"
        await pilot.press("a", "enter")  # predicting runs the lab at once
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "LabRunScreen"
        assert app.screen.state == "done"
