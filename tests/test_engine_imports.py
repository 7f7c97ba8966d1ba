"""The engine imports no user interface, and the store imports no learning engine.

docs/architecture.md draws these layers; these tests keep the picture true.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_layers import PACKAGE, imported

#: The front ends (the Textual app and the command line): they may import the engine.
FRONT_END_MODULES = ("app", "palette", "messages", "launch", "cli", "__main__")
FRONT_END_PACKAGES = ("screens", "widgets", "dialogs", "commands")
UI = ("textual", *(f"quizzer.{name}" for name in FRONT_END_MODULES + FRONT_END_PACKAGES))
LEARNING = ("quizzer.learning", "quizzer.learner", "quizzer.mock_session")


def _is_front_end(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] in FRONT_END_PACKAGES or relative.as_posix() in {
        f"{name}.py" for name in FRONT_END_MODULES
    }


ENGINE_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if not _is_front_end(p))
STORE_MODULES = sorted((PACKAGE / "store").rglob("*.py"))


def violations(source: str, path: Path, forbidden: tuple[str, ...]) -> list[str]:
    """'line name' of every import of a forbidden module (``textual`` covers textual_plotext)."""
    return [
        f"{line} {name}"
        for line, name in imported(source, path)
        if any(name == f or name.startswith((f + ".", f + "_")) for f in forbidden)
    ]


def _label(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=_label)
def test_engine_modules_import_no_ui(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8"), path, UI) == []


@pytest.mark.parametrize("path", STORE_MODULES, ids=_label)
def test_the_store_imports_no_learning_engine(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8"), path, LEARNING) == []


def test_every_way_of_importing_the_ui_is_caught() -> None:
    source = "import textual_plotext\nfrom quizzer.widgets import feedback\nfrom . import app\n"
    assert violations(source, PACKAGE / "scoring.py", UI) == [
        "1 textual_plotext",
        "2 quizzer.widgets",
        "2 quizzer.widgets.feedback",
        "3 quizzer.app",
    ]
    assert violations("from ..learning import srs\n", PACKAGE / "store" / "cards.py", LEARNING)


def test_the_layers_are_found() -> None:
    engine = {p.relative_to(PACKAGE).as_posix() for p in ENGINE_MODULES}
    assert {"scoring.py", "learner.py", "store/sessions.py", "qtypes/single.py"} <= engine
    assert not engine & {"app.py", "screens/practice.py", "commands/bank.py", "cli.py"}
