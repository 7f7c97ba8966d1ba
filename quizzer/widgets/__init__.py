"""Reusable widgets, one per file; imported lazily so that the first paint stays fast."""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "AnswerInput": "answer_base",
    "CalibrationPlot": "calibration_plot",
    "CertaintyPrompt": "certainty",
    "ChoiceInput": "choice_input",
    "CurvePlot": "curves",
    "DomainBars": "domain_bars",
    "ExamTimer": "timer",
    "Feedback": "feedback",
    "MatchingInput": "matching_input",
    "Navigator": "navigator",
    "NumericInput": "numeric_input",
    "OrderingInput": "ordering_input",
    "QuestionView": "question_view",
    "ReadinessPanel": "readiness_bars",
    "RecallInput": "recall_input",
    "ShortAnswerInput": "short_answer_input",
    "StatementInput": "statement_input",
    "TrendPlot": "trend_plot",
    "TrueFalseInput": "choice_input",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(f"quizzer.widgets.{_MODULES[name]}"), name)
    raise AttributeError(name)
