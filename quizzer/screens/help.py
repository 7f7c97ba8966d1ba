"""Every key, where it works, and its binding id (for remapping in keymap.toml)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

ANSWER_KEYS = [
    ("Choices", "A–J 1–9", "choose or toggle an option; Space selects the highlighted one"),
    ("True/false", "T F", "answer (A B and 1 2 work too)"),
    ("Yes/no", "Y N", "answer the highlighted statement; 1–9 pick a statement"),
    (
        "Ordering",
        "Space ↑↓",
        "pick up the highlighted item and carry it; Shift+↑↓ or - + move it directly",
    ),
    ("Matching", "A–J", "pair the highlighted prompt with a choice; 1–9 pick a prompt"),
    ("Numeric", "0–9 . -", "type the number; the unit is shown beside it"),
]


def binding_sources() -> list[tuple[str, Any]]:
    """(area, class) for every class whose bindings the help lists."""
    from quizzer.app import QuizzerApp
    from quizzer.dialogs.confirm import ConfirmDialog
    from quizzer.dialogs.exam_date import ExamDateDialog
    from quizzer.dialogs.resume import ResumeDialog
    from quizzer.screens.adaptive_check import AdaptiveCheckScreen
    from quizzer.screens.answer_review import AnswerReviewScreen
    from quizzer.screens.calibration import CalibrationScreen
    from quizzer.screens.dashboard import DashboardScreen
    from quizzer.screens.exam_detail import ExamDetailScreen
    from quizzer.screens.history import HistoryScreen
    from quizzer.screens.item_stats import ItemStatsScreen
    from quizzer.screens.lab_run import LabRunScreen
    from quizzer.screens.mock_exam import MockExamScreen
    from quizzer.screens.mock_review import MockReviewScreen
    from quizzer.screens.mock_setup import MockSetupScreen
    from quizzer.screens.practice import PracticeScreen
    from quizzer.screens.practice_setup import PracticeSetupScreen
    from quizzer.screens.results import ResultsScreen
    from quizzer.widgets.answer_base import AnswerInput
    from quizzer.widgets.certainty import CertaintyPrompt
    from quizzer.widgets.matching_input import MatchingInput
    from quizzer.widgets.navigator import Navigator
    from quizzer.widgets.ordering_input import OrderingInput
    from quizzer.widgets.statement_input import StatementInput

    return [
        ("Everywhere", QuizzerApp),
        ("Dashboard", DashboardScreen),
        ("Exam details", ExamDetailScreen),
        ("Practice setup", PracticeSetupScreen),
        ("Answering", AnswerInput),
        ("Yes/no", StatementInput),
        ("Ordering", OrderingInput),
        ("Matching", MatchingInput),
        ("Practice", PracticeScreen),
        ("Certainty", CertaintyPrompt),
        ("Lab run", LabRunScreen),
        ("Mock setup", MockSetupScreen),
        ("Mock exam", MockExamScreen),
        ("Navigator", Navigator),
        ("Review", MockReviewScreen),
        ("Results", ResultsScreen),
        ("Answers", AnswerReviewScreen),
        ("History", HistoryScreen),
        ("Calibration", CalibrationScreen),
        ("Item statistics", ItemStatsScreen),
        ("Adaptive check", AdaptiveCheckScreen),
        ("Exam date", ExamDateDialog),
        ("Resume", ResumeDialog),
        ("Confirm", ConfirmDialog),
    ]


class HelpScreen(ModalScreen[None]):
    """A table of keys; the Id column is what keymap.toml uses to remap a key."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 110; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close"),
    ]
    """Esc, F1 or q closes the help."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "[b]Keys[/b] — remap any key by its id in keymap.toml in the data directory "
                "(see docs/app.md). Ctrl+P opens the command palette.",
            )
            table = DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Where", "Key", "Id", "Does")
            yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        keymap = getattr(self.app, "user_keymap", {})
        for area, cls in binding_sources():
            for binding in cls.BINDINGS:
                if not isinstance(binding, Binding) or binding.id is None:
                    continue
                keys = keymap.get(binding.id, binding.key)
                shown = " ".join(
                    self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")
                )
                table.add_row(area, shown, binding.id, binding.description or binding.action)
        for area, keys, does in ANSWER_KEYS:
            table.add_row(area, keys, "", does)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
