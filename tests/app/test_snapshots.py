"""Snapshots of the main screens at 80x24 and 120x40 (fixed clock, dates, seed and database).

Regenerate after an intended change with ``pytest tests/app/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from .answering import answer_keys
from .conftest import FIXTURE_BANK
from .fakes import settle
from .seed import seed

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _fixed_due_count(monkeypatch):
    """The learning engine's count is its own business; the snapshots show a fixed one."""
    monkeypatch.setattr("quizzer.screens.dashboard.due_reviews", lambda ctx, now: 3)


@pytest.fixture
def seeded(make_app, db_url):
    ids = seed(db_url, FIXTURE_BANK)
    return make_app(), ids


async def _ready(pilot):
    """Wait for the start-up workers and for tables to settle their column widths."""
    await settle(pilot.app, pilot)
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, seeded, size):
    app, _ = seeded
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES)
def test_practice_question(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("p", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_practice_feedback(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("p", "enter")
        await pilot.pause()
        screen = pilot.app.screen
        item = screen.items[0]
        await pilot.press(
            *answer_keys(pilot.app.ctx.bank.questions[item.question_id], item.order), "enter"
        )
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_mock_exam(snap_compare, make_app, clock, size):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
        session = pilot.app.screen.session
        await pilot.press(*answer_keys(session.questions[0], session.items[0].order), "enter")
        await pilot.press("ctrl+f")
        clock.advance(83)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, seeded, size):
    app, ids = seeded

    async def run_before(pilot):
        from quizzer.screens.results import ResultsScreen

        await _ready(pilot)
        await pilot.app.push_screen(ResultsScreen(ids["mock-14"]))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, seeded, size):
    app, _ = seeded

    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("h")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def _practise(pilot, question_id: str) -> None:
    from quizzer.assembly import Item
    from quizzer.screens.practice import PracticeScreen

    await _ready(pilot)
    items = [Item(question_id, None, None)]
    await pilot.app.push_screen(
        PracticeScreen(items, exam_id="TEST-EXAM", filters={}, title="test")
    )
    await pilot.pause()


def test_short_answer_feedback(snap_compare, make_app, types_bank_root):
    async def run_before(pilot):
        await _practise(pilot, "t-short")
        await pilot.press(*"adamw", "enter")
        await pilot.pause()

    app = make_app(bank_root=types_bank_root)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_recall_card_revealed(snap_compare, make_app, types_bank_root):
    async def run_before(pilot):
        await _practise(pilot, "t-recall")
        await pilot.press("space")
        await pilot.pause()

    app = make_app(bank_root=types_bank_root)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
