"""The Textual app: modes for each area, global bindings, palette commands, start-up and errors.

The first screen paints before anything slow happens. Its exam table, with the bank's coverage,
comes from the bank's summary in the compiled cache, read before that paint (no pydantic, no
YAML, no database: about the cost of hashing the bank's files). Once those rows are drawn, a
thread worker loads the bank, the database (checked, and backed up and migrated when due) and
the profile, and the scores, reviews and forecast follow. JAX, SQLAlchemy and Alembic are never
imported before the exam table shows; JAX never on this path at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import App, InvalidModeError, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal

from quizzer.logs import LogFile, log_error

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from quizzer.assembly import Item
    from quizzer.bank.cache import Summary
    from quizzer.context import Context, LabRegistry
    from quizzer.learner import DamagedDatabase, MockSummary
    from quizzer.mock_data import MockItemGrade

DARK, LIGHT = "textual-dark", "textual-light"


def _dashboard() -> Screen:
    from quizzer.screens.dashboard import DashboardScreen

    return DashboardScreen()


def _practice() -> Screen:
    from quizzer.screens.practice_setup import PracticeSetupScreen

    return PracticeSetupScreen()


def _mock() -> Screen:
    from quizzer.screens.mock_setup import MockSetupScreen

    return MockSetupScreen()


def _history() -> Screen:
    from quizzer.screens.history import HistoryScreen

    return HistoryScreen()


def _labs() -> Screen:
    from quizzer.screens.labs import LabsScreen

    return LabsScreen()


def _styled(factory: Callable[[], Screen]) -> Callable[[], Screen]:
    """``factory`` for a mode, its new screen marked as styled with the app's current CSS.

    The screen is styled as it mounts. Unmarked, Textual's first switch to the mode re-parses
    every rule and restyles every widget of the app, twice, before the screen shows.
    """

    def make() -> Screen:
        screen = factory()
        _mark_styled(screen, screen.app)
        return screen

    return make


def _mark_styled(screen: object, app: object) -> None:
    """Give ``screen`` the CSS update count of ``app``, when both have one.

    Written for Textual 8.2, where ``App._css_update_count`` counts CSS updates and a screen
    whose ``_css_update_count`` differs is restyled in full when shown. Both are private: should
    a Textual release rename them, the screen is left alone and restyled (slower, still right).
    """
    count = getattr(app, "_css_update_count", None)
    if isinstance(count, int) and isinstance(getattr(screen, "_css_update_count", None), int):
        setattr(screen, "_css_update_count", count)  # noqa: B010 (private: mypy cannot see it)


class QuizzerApp(App[int]):
    """Practice questions, timed mock exams with resume, lab drills and history."""

    TITLE = "quizzer"
    BINDING_GROUP_TITLE = "Everywhere"
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        "practice": _styled(_practice),
        "mock": _styled(_mock),
        "history": _styled(_history),
        "labs": _styled(_labs),
    }
    DEFAULT_MODE = "dashboard"
    """The first mode. Its screen comes from :meth:`get_default_screen` and the mode is added
    on mount: a MODES entry would make Textual re-parse all CSS before the first paint."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit; an exam in progress is saved",
        ),
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="List every key"),
        Binding(
            "f2", "toggle_theme", "Theme", id="app.theme", tooltip="Switch between dark and light"
        ),
        Binding("f10", "go('dashboard')", "Dashboard", id="app.dashboard", show=False),
    ]
    """Keys that work everywhere (remappable by id in keymap.toml)."""

    @dataclass
    class ContextLoaded(Message):
        """The start-up worker loaded the bank, the database and the profile."""

        ctx: Context

    @dataclass
    class ContextFailed(Message):
        """The start-up worker could not load the context: the app shows why instead."""

        error: Exception

    def __init__(
        self,
        *,
        db_url: str | None = None,
        profile: str = "default",
        bank_root: Path | str | None = None,
        labs: LabRegistry | None | bool = True,
        clock: Callable[[], float] | None = None,
        seed: int | None = None,
        today: dt.date | None = None,
        keymap_file: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ):
        super().__init__()
        self.db_url = db_url
        self.profile_name = profile
        self.bank_root = bank_root
        self.lab_source = labs
        self.clock: Callable[[], float] = clock or time.monotonic
        """Seconds, monotonic; tests inject a fake to run exam timers out."""
        self.fixed_seed = seed
        """A seed for every practice order, mock and lab run (tests and demos); None: random."""
        self.today = today
        self.keymap_file = keymap_file
        self.wall_clock: Callable[[], dt.datetime] = now or (lambda: dt.datetime.now(dt.UTC))
        """Timezone-aware UTC now, for answers, review cards and forecasts; tests inject a fixed
        one."""
        self.ctx: Context | None = None
        self.active_mocks: list[tuple[MockSummary, int, int]] = []
        """Unfinished mocks found at start: (summary, answered, flagged)."""
        self.user_keymap: dict[str, str] = {}
        self.theme = DARK
        self._log_file = LogFile()
        self.context_ready: Signal[Context] = Signal(self, "context-ready")
        """Published once the bank, database and profile are loaded."""
        self.summary: Summary | None = None
        """The bank's summary from the compiled cache (None: no usable cache), read before the
        first paint."""
        self._context_started = False
        self.exam_guard: Callable[[], None] | None = None
        """Set by a running exam: saves its clock before the app quits."""

    # --- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        self.summary = self._read_summary()
        return _dashboard()

    def on_mount(self) -> None:
        # Its stack exists already: switch_mode needs the name. InvalidModeError: mounted twice
        # (a subclass's on_mount calling this one).
        with contextlib.suppress(InvalidModeError):
            self.add_mode("dashboard", _dashboard)
        # Everything slow starts after the first paint, in a worker: even imports in a thread
        # compete with the painting for the interpreter. The dashboard starts the context once
        # its exam rows are drawn; without rows to draw, the context is what the screen awaits.
        self.call_after_refresh(self.load_keymap)
        if self.summary is None:
            self.call_after_refresh(self.start_context)
        else:  # in case no screen draws the rows
            self.set_timer(2.0, self.start_context)
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))

    def on_unmount(self) -> None:
        self._save_exam()
        self._log_file.close()
        if self.ctx is not None:
            self.ctx.engine.dispose()

    def _read_keymap(self) -> None:
        """Read keymap.toml (in the start-up worker) and apply it on the UI thread."""
        from quizzer.keymap import KeymapError, keymap_path, read_keymap
        from quizzer.paths import data_dir

        path = self.keymap_file or keymap_path(data_dir())
        try:
            keymap = read_keymap(path)
        except KeymapError as exc:
            log_error(f"keymap not loaded: {exc}")
            self.call_from_thread(
                self.notify, f"Keymap ignored: {exc}", severity="warning", timeout=8
            )
            return
        if keymap:
            self.call_from_thread(self._apply_keymap, keymap)

    def _apply_keymap(self, keymap: dict[str, str]) -> None:
        self.user_keymap = keymap
        self.set_keymap(keymap)

    def new_seed(self, *, after: int | None = None) -> int:
        """A seed for a new session: random, or the fixed one the app was started with.

        ``after``: the seed of the exam this one retakes; under a fixed seed the retake takes
        the next one, so that it is still a different exam.
        """
        if self.fixed_seed is None:
            return random.randrange(1, 1_000_000)
        return after + 1 if after is not None else self.fixed_seed

    def utcnow(self) -> dt.datetime:
        return self.wall_clock()

    def _read_summary(self) -> Summary | None:
        """The bank's summary from the compiled cache; None on a miss or any failure (the
        context loads without it)."""
        from quizzer.bank.cache import read_summary
        from quizzer.context import bank_root
        from quizzer.paths import shipped_bank

        try:
            return read_summary(bank_root(self.bank_root) or shipped_bank())
        except Exception as exc:  # noqa: BLE001 (the cache saves time; it is no reason to stop)
            log_error("reading the bank cache failed", exc)
            return None

    @work(thread=True, exclusive=True, exit_on_error=False, group="startup-keymap")
    def load_keymap(self) -> None:
        """The log and the keymap: light work, after the first paint."""
        try:
            self._log_file.open()
            self._read_keymap()
        except Exception as exc:  # noqa: BLE001 (the app runs on with its default keys)
            log_error("reading the keymap failed", exc)

    def start_context(self) -> None:
        """Load the context once; the dashboard calls this when its exam rows are drawn."""
        if not self._context_started:
            self._context_started = True
            self.load_context()

    @work(thread=True, exclusive=True, exit_on_error=False, group="startup")
    def load_context(self) -> None:
        """The bank, the database and the profile, then the unfinished mocks to offer."""
        try:
            ctx = self._load_context()
        except Exception as exc:  # noqa: BLE001 (each failure gets its own screen)
            self.post_message(self.ContextFailed(exc))
        else:
            self.post_message(self.ContextLoaded(ctx))

    def _load_context(self) -> Context:
        from quizzer import learner
        from quizzer.context import bank_root, load_context

        ctx = load_context(
            bank_root=bank_root(self.bank_root),
            db_url=self.db_url,
            profile_name=self.profile_name,
            registry=self.lab_source,
        )
        found = []
        for summary in learner.active_mocks(ctx):
            record = learner.load_mock(ctx, session_id=summary.session_id)
            answered = sum(i.response is not None for i in record.items) if record else 0
            flagged = sum(i.flagged for i in record.items) if record else 0
            found.append((summary, answered, flagged))
        self.active_mocks = found
        return ctx

    @on(ContextLoaded)
    def _context_loaded(self, message: ContextLoaded) -> None:
        self.ctx = ctx = message.ctx
        from quizzer.saving import Unsaved

        ctx.unsaved = Unsaved(self._tell_unsaved)
        for notice in ctx.notices:  # a new database, an upgrade, read-only
            severity: SeverityLevel = "warning" if ctx.read_only else "information"
            self.notify(notice, severity=severity, timeout=10)
        theme = ctx.profile.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        if ctx.lab_problem:
            self.notify(ctx.lab_problem, severity="warning", timeout=8)
        self.context_ready.publish(ctx)
        self.refresh_bindings()
        if self.active_mocks:
            self.offer_resume()

    def _tell_unsaved(self, text: str, severity: str) -> None:
        """A notice of the kept writes; they name their severity as Textual does."""
        level: SeverityLevel = (
            "error"
            if severity == "error"
            else "warning"
            if severity == "warning"
            else "information"
        )
        self.notify(text, severity=level, timeout=12)

    @on(ContextFailed)
    def _context_failed(self, message: ContextFailed) -> None:
        error = message.error
        from quizzer import learner
        from quizzer.bank.problems import BankError
        from quizzer.context import bank_root

        if isinstance(error, BankError):
            from quizzer.screens.bank_error import BankErrorScreen

            log_error(f"question bank has errors: {error}")
            self.push_screen(BankErrorScreen(error.problems, bank_root(self.bank_root)))
        elif learner.damaged_database(error):
            from quizzer.screens.db_error import DatabaseErrorScreen

            self._log_file.open()
            log_error(f"database refused: {error}")
            # learner.damaged_database has just checked it (its screen imports no store class).
            self.push_screen(DatabaseErrorScreen(cast("DamagedDatabase", error)))
        else:
            self.show_error("quizzer could not start", error)

    def offer_resume(self) -> None:
        """Offer the unfinished mocks; abandoning one offers the others again."""
        from quizzer.dialogs.resume import ResumeChoice, ResumeDialog

        def chosen(choice: ResumeChoice | None) -> None:
            if choice is None:
                return
            if not choice.abandon:
                self.resume_mock(choice.session_id)
                return
            from quizzer import learner

            assert self.ctx is not None
            learner.abandon_mock(self.ctx, session_id=choice.session_id, now=self.utcnow())
            self.active_mocks = [
                m for m in self.active_mocks if m[0].session_id != choice.session_id
            ]
            if self.active_mocks:
                self.offer_resume()

        self.push_screen(ResumeDialog(self.active_mocks), chosen)

    # --- navigation ----------------------------------------------------------------------

    def reset_to_base(self) -> None:
        """Pop the current mode's stack down to its first screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_go(self, mode: str, exam_id: str | None = None) -> None:
        """Switch to an area (optionally preselecting an exam there)."""
        if self.ctx is None:
            self.notify("Still loading the question bank…", timeout=2)
            return
        if self.current_mode != mode:
            self.switch_mode(mode)
        if exam_id is not None and hasattr(self.screen, "preselect"):
            self.screen.preselect(exam_id)

    def start_mock(self, session_id: int) -> None:
        """Open a stored mock exam on the mock mode's stack."""
        from quizzer.screens.mock_exam import MockExamScreen

        if self.current_mode != "mock":
            self.switch_mode("mock")
        self.reset_to_base()
        self.push_screen(MockExamScreen(session_id))

    def resume_mock(self, session_id: int) -> None:
        self.active_mocks = [m for m in self.active_mocks if m[0].session_id != session_id]
        self.start_mock(session_id)

    def action_resume(self) -> None:
        if self.ctx is None:
            return
        from quizzer import learner

        found = learner.active_mocks(self.ctx)
        if not found:
            self.notify("No unfinished mock exam.", timeout=3)
            return
        self.start_mock(found[0].session_id)

    # --- learning: reviews, drills, exam dates and profile switches -----------------------

    def open_screen(self, screen: Screen) -> None:
        """Push a screen for the learner; from a mock exam, go to the dashboard first (the exam
        clock stops when its area is left)."""
        if self.current_mode == "mock":
            self.switch_mode("dashboard")
        self.push_screen(screen)

    def start_session(
        self,
        items: list[Item],
        *,
        kind: str,
        exam_id: str | None,
        title: str,
        filters: dict[str, Any],
    ) -> None:
        from quizzer.screens.practice import PracticeScreen

        self.open_screen(
            PracticeScreen(items, exam_id=exam_id, filters=filters, title=title, kind=kind)
        )

    @work(thread=True, exit_on_error=False, group="mock-reviews")
    def review_mock(self, session_id: int, graded: list[MockItemGrade]) -> None:
        """Rate every graded item of a submitted mock on its review card (65 items: ~0.3 s)."""
        from quizzer import learner

        assert self.ctx is not None
        try:
            learner.review_mock(self.ctx, session_id=session_id, graded=graded, now=self.utcnow())
        except Exception as exc:  # noqa: BLE001 (the mock is saved; only review cards lag)
            log_error("rating a submitted mock's items on their review cards failed", exc)

    def action_reviews(self) -> None:
        """A practice session of kind "review" over every question due now."""
        from quizzer import learner

        if self.ctx is None:
            return
        plan = learner.review_plan(self.ctx, now=self.utcnow())
        if not plan.due:
            self.notify(
                "Nothing is due for review. Answered questions come back here when they are due.",
                timeout=4,
            )
            return
        if not plan.question_ids:
            self.notify(
                f"Today's review limit ({plan.limits.per_day}) is reached; "
                f"{plan.due} more are due tomorrow.",
                timeout=5,
            )
            return
        items = learner.items_for(self.ctx, plan.question_ids, seed=self.new_seed())
        title = (
            f"review · {len(items)} of {plan.due} due"
            if plan.held_back
            else f"review · {len(items)} due"
        )
        self.start_session(
            items,
            kind="review",
            exam_id=None,
            title=title,
            filters={"due": plan.due, "held_back": plan.held_back},
        )

    def action_adaptive_check(self, exam_id: str) -> None:
        """The adaptive readiness check of one exam (its own mode of questioning)."""
        from quizzer.screens.adaptive_check import AdaptiveCheckScreen

        if self.ctx is None or exam_id not in self.ctx.bank.blueprints:
            return
        self.open_screen(AdaptiveCheckScreen(exam_id, seed=self.new_seed()))

    def action_drill(self, exam_id: str) -> None:
        """A practice session of kind "drill" from the exam's weakest objectives."""
        from quizzer import learner

        if self.ctx is None or exam_id not in self.ctx.bank.blueprints:
            return
        seed = self.new_seed()
        items = learner.drill_items(self.ctx, exam_id=exam_id, seed=seed, now=self.utcnow())
        if not items:
            locked = " unlocked" if self.ctx.profile.settings.objective_gating else ""
            self.notify(f"No{locked} questions of {exam_id} to drill yet.", severity="warning")
            return
        self.start_session(
            items,
            kind="drill",
            exam_id=exam_id,
            title=f"{exam_id} · weak-area drill",
            filters={"drill": seed},
        )

    def action_exam_date(self, exam_id: str) -> None:
        """Ask for the date the learner sits ``exam_id`` (reviews cram in the days before it)."""
        from quizzer.dialogs.exam_date import ExamDateDialog

        if self.ctx is None or exam_id not in self.ctx.bank.blueprints:
            return
        from quizzer import learner

        current = learner.exam_date(self.ctx, exam_id)

        def chosen(choice: Any) -> None:
            if choice is None or self.ctx is None:
                return
            learner.set_exam_date(self.ctx, exam_id=exam_id, date=choice.date)
            if choice.date is None:
                self.notify(f"Exam date of {exam_id} cleared.", timeout=3)
            else:
                days = learner.days_left(choice.date, self.utcnow())
                cramming = learner.in_cram(self.ctx, exam_id=exam_id, now=self.utcnow())
                note = " — cram mode is on" if cramming else ""
                self.notify(
                    f"{exam_id} on {choice.date.isoformat()}, in {days} day(s){note}.", timeout=4
                )

        self.push_screen(ExamDateDialog(exam_id, current, today=self.utcnow().date()), chosen)

    def action_toggle_certainty(self) -> None:
        if self.ctx is None:
            return
        on = not self.ctx.profile.settings.certainty_marking
        self.ctx.update_settings(certainty_marking=on)
        self.notify(
            "Certainty-based marking on: say how sure you are (1, 2, 3) before the feedback."
            if on
            else "Certainty-based marking off.",
            timeout=4,
        )

    def action_toggle_gating(self) -> None:
        if self.ctx is None:
            return
        on = not self.ctx.profile.settings.objective_gating
        self.ctx.update_settings(objective_gating=on)
        self.notify(
            "Objective gating on: practice offers unlocked objectives only."
            if on
            else "Objective gating off: every objective is open.",
            timeout=4,
        )

    def action_item_stats(self) -> None:
        from quizzer.screens.item_stats import ItemStatsScreen

        if self.ctx is not None:
            self.open_screen(ItemStatsScreen())

    def action_calibration(self) -> None:
        from quizzer.screens.calibration import CalibrationScreen

        if self.ctx is not None:
            self.open_screen(CalibrationScreen())

    # --- help and themes -------------------------------------------------------------------

    def action_help(self) -> None:
        from quizzer.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            focused = self.screen.focused  # an answer input taking answers: its typed keys
            hint = "" if getattr(focused, "locked", True) else getattr(focused, "HINT", "")
            self.push_screen(HelpScreen(self.screen.active_bindings.values(), hint=hint))

    def action_toggle_theme(self) -> None:
        self.theme = DARK if "light" in self.theme else LIGHT

    def _save_theme(self, name: str) -> None:
        """Remember the theme (F2 or any theme from the palette) in the profile."""
        if self.ctx is None or self.ctx.profile.settings.theme == name:
            return
        try:
            self.ctx.update_settings(theme=name)
        except Exception as exc:  # noqa: BLE001 (a theme that is not saved is no reason to stop)
            log_error("saving the theme failed", exc)

    NEEDS_CONTEXT: ClassVar[frozenset[str]] = frozenset(
        {
            "go",
            "resume",
            "reviews",
            "drill",
            "exam_date",
            "toggle_certainty",
            "toggle_gating",
            "item_stats",
            "calibration",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.NEEDS_CONTEXT and self.ctx is None:
            return None
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from quizzer.palette import commands

        yield from super().get_system_commands(screen)
        yield from commands(self)

    # --- quitting and errors -------------------------------------------------------------

    def _save_exam(self) -> None:
        guard, self.exam_guard = self.exam_guard, None
        if guard is not None:
            try:
                guard()
            except Exception as exc:  # noqa: BLE001 (quitting goes on; the log says why)
                log_error("saving the exam clock on exit failed", exc)

    async def action_quit(self) -> None:
        self._save_exam()
        self.exit()

    def show_error(self, title: str, error: BaseException | None) -> None:
        """Log ``error`` and tell the learner where the log is, without a traceback."""
        from quizzer.failures import explain
        from quizzer.screens.error import ErrorScreen

        self._log_file.open()
        log_error(title, error)
        # A known failure (full disk, read-only, locked) in its sentence; never raw SQL.
        known = explain(error) if error is not None else None
        if known is not None:
            message = str(known)
        else:
            message = (str(error).splitlines() or [""])[0][:300] if error is not None else ""
        self.push_screen(ErrorScreen(title, message, self._log_file.path))

    def _handle_exception(self, error: Exception) -> None:
        try:
            self._log_file.open()
            log_error("unexpected error; quizzer stopped", error)
            self._save_exam()
        except Exception:  # noqa: BLE001 (Textual's own handler must still run)
            pass
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual would print a traceback here; a learner gets the log's path instead."""
        self.bell()
        message = Text.assemble(
            ("quizzer stopped after an unexpected error.\n", "bold red"),
            "Answers and exam time given so far are saved; run quizzer again to resume.\n",
            f"Details were written to {self._log_file.path}\n",
        )
        self._exit_renderables.append(message)
        self._close_messages_no_wait()

    # --- helpers for screens ---------------------------------------------------------------

    def key_for(self, binding_id: str, default: str) -> str:
        """The key a binding is on after the user's keymap, for hints in text."""
        keys = self.user_keymap.get(binding_id, default)
        return keys.split(",")[0]
