"""The app's screens, one per file; imported lazily so that the first paint stays fast."""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "AnswerReviewScreen": "answer_review",
    "BankErrorScreen": "bank_error",
    "CalibrationScreen": "calibration",
    "DashboardScreen": "dashboard",
    "DatabaseErrorScreen": "db_error",
    "ErrorScreen": "error",
    "ExamDetailScreen": "exam_detail",
    "HelpScreen": "help",
    "HistoryScreen": "history",
    "ItemStatsScreen": "item_stats",
    "LabRunScreen": "lab_run",
    "LabsScreen": "labs",
    "MockExamScreen": "mock_exam",
    "MockReviewScreen": "mock_review",
    "MockSetupScreen": "mock_setup",
    "PracticeScreen": "practice",
    "PracticeSetupScreen": "practice_setup",
    "ResultsScreen": "results",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(f"quizzer.screens.{_MODULES[name]}"), name)
    raise AttributeError(name)
