"""Messages shared between screens and widgets: small dataclasses, posted and handled by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class LabProgress(Message):
    """A lab's progress and every metric series so far; a newer one replaces an unhandled one."""

    step: int
    total: int
    series: dict[str, list[tuple[int, float]]] = field(default_factory=dict)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LabProgress)


@dataclass
class WorkFailed(Message):
    """Work in a thread worker failed; the screen that asked for it shows ``title`` and the log."""

    title: str
    error: Exception
