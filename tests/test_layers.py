"""Screens, widgets, dialogs and the app reach the store and the learning engine through
``quizzer.learner`` only: no module of theirs imports ``quizzer.store`` or ``quizzer.learning``,
nor the command line's modules (``quizzer.commands``): what both show is built in the engine."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "quizzer"
UI_MODULES = sorted(
    [
        *PACKAGE.glob("screens/**/*.py"),
        *PACKAGE.glob("widgets/**/*.py"),
        *PACKAGE.glob("dialogs/**/*.py"),
        PACKAGE / "app.py",
    ]
)
ENGINE = ("quizzer.store", "quizzer.learning", "quizzer.commands")


def _package_of(path: Path) -> list[str]:
    return ["quizzer", *path.relative_to(PACKAGE).parent.parts]


def imported(source: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module a source imports, relative imports resolved."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _package_of(path)[: len(_package_of(path)) - node.level + 1]
            module = ".".join(
                ([*base] if node.level else []) + ([node.module] if node.module else [])
            )
            yield node.lineno, module
            for alias in node.names:  # `from quizzer import store` names a module too
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def engine_imports(source: str, path: Path) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for line, name in imported(source, path)
        if any(name == e or name.startswith(e + ".") for e in ENGINE)
    ]


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_modules_reach_the_engine_through_the_learner_module(path: Path) -> None:
    assert engine_imports(path.read_text(encoding="utf-8"), path) == []


def test_every_way_of_importing_the_engine_is_caught() -> None:
    screen = PACKAGE / "screens" / "example.py"
    source = "\n".join(
        [
            "import quizzer.store.records",
            "from quizzer.learning.cram import days_left",
            "from quizzer import store",
            "from .. import learning",
            "from ..store import sessions",
            "import importlib; importlib.import_module('quizzer.learning.drill')",
            "from quizzer import learner, exam_facts",
            "from . import base",
        ]
    )
    found = engine_imports(source, screen)
    assert [f.split(" imports ")[0].rsplit(":", 1)[1] for f in found] == [
        "1",
        "2",
        "2",
        "3",
        "4",
        "5",
        "5",
        "6",
    ]


def test_the_ui_modules_are_found() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in UI_MODULES}
    assert {"app.py", "screens/practice.py", "widgets/readiness_bars.py"} <= names
    assert any(n.startswith("dialogs/") for n in names)
