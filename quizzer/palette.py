"""The command palette's entries: tables of title, help and the app action each one runs."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.app import SystemCommand

if TYPE_CHECKING:
    from quizzer.app import QuizzerApp


class Entry(NamedTuple):
    """One palette command: ``action`` is an app action string, as a key binding would run it."""

    title: str
    help: str
    action: str


ALWAYS = (
    Entry("Help", "Every key and what it does", "help"),
    Entry("Toggle light/dark", "Switch between the dark and light theme", "toggle_theme"),
)
"""Entries that work while the bank is still loading."""

LOADED = (
    Entry("Dashboard", "Exams, coverage, scores and recent sessions", "go('dashboard')"),
    Entry("Practice", "Practise by exam, domain, objective or topic", "go('practice')"),
    Entry("Mock exam", "A timed exam weighted like the blueprint", "go('mock')"),
    Entry("Lab drills", "Predict, then run a JAX experiment", "go('labs')"),
    Entry("History", "Scores over time and per-domain trends", "go('history')"),
    Entry("Resume mock exam", "Continue an unfinished mock exam", "resume"),
    Entry("Review due questions", "A session of every question due for review", "reviews"),
    Entry(
        "Calibration",
        "How sure you were against how often you were right, per domain",
        "calibration",
    ),
    Entry(
        "Item statistics",
        "For authors: facility, discrimination and flags per question",
        "item_stats",
    ),
)
"""Entries that need the bank and the database."""

SWITCHES = (
    Entry(
        "Turn certainty-based marking {turn}",
        "Say how sure you are (1, 2, 3) before the feedback; marks +3 to −6",
        "toggle_certainty",
    ),
    Entry(
        "Turn objective gating {turn}",
        "Practice offers objectives one after another as you pass them",
        "toggle_gating",
    ),
)
"""Profile settings; ``{turn}`` is "on" or "off", the opposite of the setting now."""

PER_EXAM = (
    Entry("Practice {exam}", "Practise {name}", "go('practice', {exam!r})"),
    Entry("Mock exam {exam}", "Set up a mock exam of {name}", "go('mock', {exam!r})"),
    Entry(
        "Weak-area drill {exam}",
        "Questions from the weakest objectives of {name}",
        "drill({exam!r})",
    ),
    Entry(
        "Adaptive readiness check {exam}",
        "A precise P(pass) from few questions, chosen as you answer",
        "adaptive_check({exam!r})",
    ),
    Entry(
        "Set exam date {exam}",
        "Reviews aim higher (cram mode) in the week before it",
        "exam_date({exam!r})",
    ),
)
"""Entries repeated for every exam in the bank: ``{exam}`` is its id, ``{name}`` its name."""


def commands(app: QuizzerApp) -> Iterator[SystemCommand]:
    """The palette's commands for the app as it is now (fewer while the bank loads)."""

    def command(title: str, help: str, action: str) -> SystemCommand:
        return SystemCommand(title, help, partial(app.run_action, action))

    for entry in ALWAYS:
        yield command(*entry)
    ctx = app.ctx
    if ctx is None:
        return
    for entry in LOADED:
        yield command(*entry)
    settings = ctx.profile.settings
    for entry, on in zip(
        SWITCHES, (settings.certainty_marking, settings.objective_gating), strict=True
    ):
        turn = "off" if on else "on"
        yield command(entry.title.format(turn=turn), entry.help, entry.action)
    for blueprint in ctx.exams():
        for entry in PER_EXAM:
            yield command(*(part.format(exam=blueprint.id, name=blueprint.name) for part in entry))
