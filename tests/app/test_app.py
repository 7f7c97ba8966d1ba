"""The app as a whole: fast start without JAX, the dashboard, errors, themes, keymaps, palette."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from quizzer.store import answers as answer_store
from quizzer.store import profiles

from .conftest import FIXTURE_BANK
from .fakes import screen_text, settle, start_mock, until

ROOT = Path(__file__).parents[2]


async def _ready(app, pilot):
    await settle(app, pilot)


def _run_python(code: str, env_home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "QUIZZER_HOME": str(env_home)}
    env.pop("QUIZZER_DB", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_start_never_imports_jax(tmp_path):
    """The real app on the shipped bank and lab registry: the first screen comes without JAX."""
    result = _run_python(
        """
        import asyncio, json, sys
        from quizzer.app import QuizzerApp

        async def main():
            app = QuizzerApp()
            async with app.run_test(size=(80, 24)) as pilot:
                painted = "jax" in sys.modules
                await app.workers.wait_for_complete()
                await pilot.pause()
                print(json.dumps({"at_paint": painted, "loaded": "jax" in sys.modules,
                                  "screen": type(app.screen).__name__, "ctx": app.ctx is not None}))

        asyncio.run(main())
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["at_paint"] is False
    assert report["loaded"] is False


def test_first_paint_is_light(tmp_path):
    """The first screen paints before SQLAlchemy, the bank or any heavy widget is imported."""
    result = _run_python(
        """
        import json, sys
        from quizzer.app import QuizzerApp

        class Probe(QuizzerApp):
            def on_mount(self):  # runs before QuizzerApp.on_mount schedules the start-up worker
                self.call_after_refresh(self.painted)

            def painted(self):
                heavy = ("sqlalchemy", "sqlmodel", "yaml", "jax")
                widgets = ("textual.widgets._data_table", "textual_plotext")
                self.found = sorted(
                    m for m in sys.modules if m.split(".")[0] in heavy or m in widgets
                )
                self.exit()

        app = Probe()
        app.run(headless=True, size=(80, 24))
        print(json.dumps(app.found))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_textual_keeps_the_css_counters_that_mode_screens_copy():
    """Mode screens skip a full restyle by copying these (Textual 8); a rename loses only speed."""
    from textual.app import App
    from textual.screen import Screen

    assert isinstance(App()._css_update_count, int)
    assert isinstance(Screen()._css_update_count, int)


def test_a_mode_screen_is_marked_styled_only_where_both_counters_exist():
    from types import SimpleNamespace

    from quizzer.app import _mark_styled

    screen = SimpleNamespace(_css_update_count=-1)
    _mark_styled(screen, SimpleNamespace(_css_update_count=7))
    assert screen._css_update_count == 7
    _mark_styled(screen, SimpleNamespace())  # an app without the counter: screen left alone
    assert screen._css_update_count == 7
    bare = SimpleNamespace()
    _mark_styled(bare, SimpleNamespace(_css_update_count=7))  # a screen without one
    assert vars(bare) == {}


def test_unexpected_error_goes_to_the_log_not_the_screen(tmp_path):
    result = _run_python(
        f"""
        from quizzer.app import QuizzerApp

        class Broken(QuizzerApp):
            def on_ready(self):
                raise RuntimeError("boom from a test")

        app = Broken(db_url="sqlite:///{tmp_path / "q.db"}", bank_root="{FIXTURE_BANK}", labs=None)
        app.run(headless=True)
        raise SystemExit(app.return_code or 0)
        """,
        tmp_path,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "quizzer stopped after an unexpected error" in result.stderr
    log = tmp_path / "quizzer.log"
    assert str(log) in result.stderr.replace("\n", "")
    assert "RuntimeError: boom from a test" in log.read_text()


async def test_dashboard_lists_exams_coverage_and_creates_the_profile(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert app.ctx.profile.name == "default"
        assert (
            profiles.get_or_create_profile(app.ctx.engine, name="default").id == app.ctx.profile.id
        )
        text = screen_text(app)
        assert "TEST-EXAM" in text
        assert "8 q, 2/3 domains" in text
        assert "pass mark 700 of 100–1000" in text
        assert "Bank: 8 questions; 2/3 domains covered (not: 3)" in text
        assert "Due reviews:" in text
        await pilot.press("i")
        await pilot.pause()
        detail = screen_text(app)
        assert "The test bank covers domains 1 and 2; domain 3 has no questions." in detail
        assert "3. Services — 20% — outside this bank" in detail


async def test_bank_with_errors_shows_the_problems(make_app, tmp_path):
    broken = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, broken)
    path = broken / "questions" / "all_types.yaml"
    path.write_text(path.read_text().replace("type: single", "type: singel", 1))
    app = make_app(bank_root=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        assert type(app.screen).__name__ == "BankErrorScreen"
        text = screen_text(app)
        assert "error(s); nothing was loaded" in text
        assert "all_types.yaml" in text
        assert "quizzer bank check" in text


async def test_damaged_database_shows_what_to_do_not_a_traceback(make_app, tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\x13 definitely not SQLite " * 200)
    app = make_app(db_url=f"sqlite:///{garbage}")
    async with app.run_test(
        size=(160, 30)
    ) as pilot:  # wide: the long temporary paths stay on one line
        await _ready(app, pilot)
        assert type(app.screen).__name__ == "DatabaseErrorScreen"
        assert app.ctx is None
        text = screen_text(app)
        assert "Your progress database cannot be used; quizzer changed nothing." in text
        assert str(garbage) in text and "it is not a SQLite database" in text
        backups = list(tmp_path.glob("garbage.db.damaged-*"))
        assert len(backups) == 1 and str(backups[0]) in text
        assert "--db" in text and "Traceback" not in text
        assert garbage.read_bytes().startswith(b"\x00\x13 definitely")  # left as it was
        await pilot.press("q")
    log = Path(os.environ["QUIZZER_HOME"]) / "quizzer.log"
    assert "database refused" in log.read_text() and "not a SQLite database" in log.read_text()


async def test_theme_toggles_and_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert app.theme == "textual-dark"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == "textual-light"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await _ready(again, pilot)
        assert again.theme == "textual-light"


async def test_keymap_file_remaps_bindings(make_app, tmp_path):
    (tmp_path / "keymap.toml").write_text(
        '"dashboard.history" = "y"\n[keymap]\n"app.help" = "f9"\n'
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert "dashboard.history" in screen_text(app)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.current_mode == "history"


async def test_bad_keymap_is_reported_not_fatal(make_app, tmp_path):
    (tmp_path / "keymap.toml").write_text('"exam.flag" = [1, 2]\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert app.ctx is not None
        assert app.user_keymap == {}


async def test_palette_has_an_entry_for_every_action(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in (
            "Dashboard",
            "Practice",
            "Mock exam",
            "Lab drills",
            "History",
            "Resume mock exam",
            "Help",
            "Toggle light/dark",
            "Practice TEST-EXAM",
            "Mock exam TEST-EXAM",
            "Review due questions",
            "Calibration",
            "Item statistics",
            "Weak-area drill TEST-EXAM",
            "Set exam date TEST-EXAM",
            "Turn certainty-based marking on",
            "Turn objective gating on",
        ):
            assert title in titles
        await pilot.press("f1")
        await pilot.pause()
        help_text = screen_text(app)
        assert "exam.flag" in help_text or "app.help" in help_text


def test_every_palette_entry_names_an_app_action():
    from quizzer.app import QuizzerApp
    from quizzer.palette import ALWAYS, LOADED, PER_EXAM, SWITCHES

    for entry in (*ALWAYS, *LOADED, *SWITCHES, *PER_EXAM):
        name = entry.action.split("(")[0]
        assert callable(getattr(QuizzerApp, f"action_{name}", None)), entry.title


async def test_palette_commands_run_their_actions(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        await commands["Practice TEST-EXAM"].callback()
        await until(pilot, lambda: getattr(app.screen, "exam_id", None) == "TEST-EXAM")
        assert app.current_mode == "practice"
        await commands["Turn certainty-based marking on"].callback()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Turn certainty-based marking off" in titles


async def test_help_lists_the_keys_that_work_where_you_are(make_app):
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "dashboard.history" in text and "app.help" in text
        assert "exam.flag" not in text and "Answering:" not in text  # no exam, no question here
        await pilot.press("escape")
        await pilot.pause()
        await start_mock(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "exam.flag" in text and "app.help" in text
        assert "dashboard.history" not in text
        assert "Answering: " in text  # the typed keys of the question in focus
        help_rows = [line for line in text.splitlines() if "app.help" in line]
        assert len(help_rows) == 1 and "?" in help_rows[0]  # F1 and ? share one row


async def test_due_reviews_slot_when_the_count_fails(make_app, monkeypatch):
    from quizzer import learner

    def broken(ctx, *, now):
        raise RuntimeError("the review cards could not be read")

    monkeypatch.setattr(learner, "due_ids", broken)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert "Due reviews: ?" in screen_text(app)


async def test_a_new_database_and_a_read_only_one_are_said(make_app, tmp_path, monkeypatch):
    from quizzer.store import opening

    new = tmp_path / "fresh" / "q.db"
    app = make_app(db_url=f"sqlite:///{new}")
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        assert any(f"Created a new database at {new}" in n.message for n in app._notifications)
        assert not app.ctx.read_only
    real = opening.os.access  # tests run as root, who may write anything
    monkeypatch.setattr(
        opening.os, "access", lambda p, m: False if str(p) == str(new) else real(p, m)
    )
    app = make_app(db_url=f"sqlite:///{new}")
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        assert app.ctx.read_only
        assert "READ-ONLY database: new answers are not saved" in screen_text(app)


async def test_an_answer_the_full_disk_refuses_is_told_and_saved_later(make_app, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from .answering import answer_keys

    full = {"on": True}
    real = answer_store.record_answer

    def record_answer(*args, **kwargs):
        if full["on"]:
            raise OperationalError(
                "INSERT", {}, sqlite3.OperationalError("database or disk is full")
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(answer_store, "record_answer", record_answer)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("p", "enter")
        await pilot.pause()
        for n in range(2):
            screen = app.screen
            item = screen.items[n]
            await pilot.press(
                *answer_keys(app.ctx.bank.questions[item.question_id], item.order), "enter"
            )
            await pilot.pause()
            if n == 0:
                assert any(
                    "Not saved" in m.message and "full" in m.message for m in app._notifications
                )
                assert answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id) == []
                full["on"] = False
                await pilot.press("enter")  # next question
                await pilot.pause()
        assert len(answer_store.all_answers(app.ctx.engine, profile_id=app.ctx.profile.id)) == 2


async def test_work_that_fails_in_a_worker_is_shown_without_a_traceback(make_app, monkeypatch):
    from quizzer.screens.history import HistoryScreen

    def broken(self):
        raise RuntimeError("the history table is unreadable")

    monkeypatch.setattr(HistoryScreen, "gather", broken)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen).__name__ == "ErrorScreen")
        assert app.screen.title_text == "History could not be loaded"
        assert app.screen.message == "the history table is unreadable"
        assert "Traceback" not in screen_text(app)


async def test_help_from_the_palette_lists_the_keys_of_the_screen_below(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
        await pilot.press(*"Help")
        await until(pilot, lambda: "Every key and what it does" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await pilot.pause()
        text = screen_text(app)
        assert "dashboard.history" in text and "app.help" in text
