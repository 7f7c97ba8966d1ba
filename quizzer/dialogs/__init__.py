"""Modal dialogs that return a value: confirmations, resume offer, exam date (imported lazily)."""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {"ConfirmDialog": "confirm", "ExamDateDialog": "exam_date", "ResumeDialog": "resume"}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(f"quizzer.dialogs.{_MODULES[name]}"), name)
    raise AttributeError(name)
