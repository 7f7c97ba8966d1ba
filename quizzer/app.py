"""The Textual app: modes for each area, global bindings, palette commands, start-up and errors.

The first screen paints before anything slow happens: the bank, the database migrations and
the profile load in a thread worker after mount (JAX is never imported on this path).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from quizzer.context import Context, LabRegistry, bank_root
from quizzer.logs import LogFile, log_error

if TYPE_CHECKING:
    import datetime as dt

    from quizzer.store.records import MockSummary

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


class QuizzerApp(App[int]):
    """Practice questions, timed mock exams with resume, lab drills and history."""

    TITLE = "quizzer"
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        "dashboard": _dashboard,
        "practice": _practice,
        "mock": _mock,
        "history": _history,
        "labs": _labs,
    }
    DEFAULT_MODE = "dashboard"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit; an exam in progress is saved"),
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="List every key"),
        Binding("f2", "toggle_theme", "Theme", id="app.theme", tooltip="Switch between dark and light"),
        Binding("f10", "go('dashboard')", "Dashboard", id="app.dashboard", show=False),
    ]
    """Keys that work everywhere (remappable by id in keymap.toml)."""

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
        self.ctx: Context | None = None
        self.active_mocks: list[tuple[MockSummary, int, int]] = []
        """Unfinished mocks found at start: (summary, answered, flagged)."""
        self.user_keymap: dict[str, str] = {}
        self.theme = DARK
        self._log = LogFile()
        self.context_ready: Signal[Context] = Signal(self, "context-ready")
        """Published once the bank, database and profile are loaded."""
        self.exam_guard: Callable[[], None] | None = None
        """Set by a running exam: saves its clock before the app quits."""

    # --- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Everything slow starts after the first paint, in a worker: even imports in a thread
        # compete with the painting for the interpreter.
        self.call_after_refresh(self.load_context)
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))

    def on_unmount(self) -> None:
        self._save_exam()
        self._log.close()
        if self.ctx is not None:
            self.ctx.engine.dispose()

    def _read_keymap(self) -> None:
        """Read keymap.toml (in the start-up worker) and apply it on the UI thread."""
        from quizzer.keymap import KeymapError, keymap_path, read_keymap
        from quizzer.store.engine import data_dir

        path = self.keymap_file or keymap_path(data_dir())
        try:
            keymap = read_keymap(path)
        except KeymapError as exc:
            log_error(f"keymap not loaded: {exc}")
            self.call_from_thread(self.notify, f"Keymap ignored: {exc}", severity="warning", timeout=8)
            return
        if keymap:
            self.call_from_thread(self._apply_keymap, keymap)

    def _apply_keymap(self, keymap: dict[str, str]) -> None:
        self.user_keymap = keymap
        self.set_keymap(keymap)

    def new_seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.randrange(1, 1_000_000)

    @work(thread=True, exclusive=True, exit_on_error=False, group="startup")
    def load_context(self) -> Context:
        from quizzer.context import load_context
        from quizzer.store import repo

        self._log.open()
        self._read_keymap()
        ctx = load_context(
            bank_root=bank_root(self.bank_root), db_url=self.db_url,
            profile_name=self.profile_name, registry=self.lab_source,
        )
        found = []
        for summary in repo.active_mocks(ctx.engine, profile_id=ctx.profile.id):
            record = repo.load_mock(ctx.engine, session_id=summary.session_id)
            answered = sum(i.response is not None for i in record.items) if record else 0
            flagged = sum(i.flagged for i in record.items) if record else 0
            found.append((summary, answered, flagged))
        self.active_mocks = found
        return ctx

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "startup":
            return
        if event.state == WorkerState.SUCCESS:
            self.ctx = event.worker.result
            theme = self.ctx.profile.settings.get("theme")
            if theme in self.available_themes:
                self.theme = theme
            if self.ctx.lab_problem:
                self.notify(self.ctx.lab_problem, severity="warning", timeout=8)
            self.context_ready.publish(self.ctx)
            self.refresh_bindings()
            if self.active_mocks:
                self.offer_resume()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            from quizzer.bank.problems import BankError

            if isinstance(error, BankError):
                from quizzer.screens.bank_error import BankErrorScreen

                log_error(f"question bank has errors: {error}")
                self.push_screen(BankErrorScreen(error.problems, bank_root(self.bank_root)))
            else:
                self.show_error("quizzer could not start", error)

    def offer_resume(self) -> None:
        from quizzer.dialogs.resume import ResumeDialog

        def chosen(session_id: int | None) -> None:
            if session_id is not None:
                self.resume_mock(session_id)

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
        from quizzer.store import repo

        found = repo.active_mocks(self.ctx.engine, profile_id=self.ctx.profile.id)
        if not found:
            self.notify("No unfinished mock exam.", timeout=3)
            return
        self.start_mock(found[0].session_id)

    def action_help(self) -> None:
        from quizzer.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = DARK if "light" in self.theme else LIGHT

    def _save_theme(self, name: str) -> None:
        """Remember the theme (F2 or any theme from the palette) in the profile."""
        if self.ctx is None or self.ctx.profile.settings.get("theme") == name:
            return
        from quizzer.store import repo

        try:
            self.ctx.profile = repo.update_profile_settings(self.ctx.engine, profile_id=self.ctx.profile.id, theme=name)
        except Exception as exc:  # a theme that is not saved is no reason to stop
            log_error("saving the theme failed", exc)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("go", "resume") and self.ctx is None:
            return None
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key and what it does", self.action_help)
        yield SystemCommand("Toggle light/dark", "Switch between the dark and light theme", self.action_toggle_theme)
        if self.ctx is None:
            return
        yield SystemCommand("Dashboard", "Exams, coverage, scores and recent sessions", lambda: self.action_go("dashboard"))
        yield SystemCommand("Practice", "Practise by exam, domain, objective or topic", lambda: self.action_go("practice"))
        yield SystemCommand("Mock exam", "A timed exam weighted like the blueprint", lambda: self.action_go("mock"))
        yield SystemCommand("Lab drills", "Predict, then run a JAX experiment", lambda: self.action_go("labs"))
        yield SystemCommand("History", "Scores over time and per-domain trends", lambda: self.action_go("history"))
        yield SystemCommand("Resume mock exam", "Continue an unfinished mock exam", self.action_resume)
        for blueprint in self.ctx.exams():
            exam_id = blueprint.id
            yield SystemCommand(
                f"Practice {exam_id}", f"Practise {blueprint.name}", lambda e=exam_id: self.action_go("practice", e)
            )
            yield SystemCommand(
                f"Mock exam {exam_id}", f"Set up a mock exam of {blueprint.name}", lambda e=exam_id: self.action_go("mock", e)
            )

    # --- quitting and errors -------------------------------------------------------------

    def _save_exam(self) -> None:
        guard, self.exam_guard = self.exam_guard, None
        if guard is not None:
            try:
                guard()
            except Exception as exc:
                log_error("saving the exam clock on exit failed", exc)

    async def action_quit(self) -> None:
        self._save_exam()
        self.exit()

    def show_error(self, title: str, error: BaseException | None) -> None:
        """Log ``error`` and tell the learner where the log is, without a traceback."""
        from quizzer.screens.error import ErrorScreen

        self._log.open()
        log_error(title, error)
        self.push_screen(ErrorScreen(title, str(error) if error else "", self._log.path))

    def _handle_exception(self, error: Exception) -> None:
        try:
            self._log.open()
            log_error("unexpected error; quizzer stopped", error)
            self._save_exam()
        except Exception:
            pass
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual would print a traceback here; a learner gets the log's path instead."""
        self.bell()
        message = Text.assemble(
            ("quizzer stopped after an unexpected error.\n", "bold red"),
            "Answers and exam time given so far are saved; run quizzer again to resume.\n",
            f"Details were written to {self._log.path}\n",
        )
        self._exit_renderables.append(message)
        self._close_messages_no_wait()

    # --- helpers for screens ---------------------------------------------------------------

    def key_for(self, binding_id: str, default: str) -> str:
        """The key a binding is on after the user's keymap, for hints in text."""
        keys = self.user_keymap.get(binding_id, default)
        return keys.split(",")[0]
