"""Lists the labs by reading each module's literal ``META`` with ``ast``: imports no lab, no JAX.

Only :func:`load` imports a lab module, when it is about to run.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TypeGuard

#: Modules in ``labs/`` that are helpers, not labs.
NOT_LABS = {"__init__", "framework", "jaxkit", "xla_flags"}
REQUIRED = {"id": str, "title": str, "claim": str, "questions": list, "topic": str}
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class LabError(Exception):
    """A lab module whose ``META`` is missing or malformed; the message names the file."""


class UnknownLab(KeyError):
    """No lab has this id; the message lists the ids that exist."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class LabInfo:
    """What the app shows about a lab before running it."""

    id: str
    title: str
    claim: str
    questions: tuple[str, ...]
    topic: str
    module: str
    """Importable module name, e.g. ``labs.learning_rate``."""
    deterministic: bool = True
    """False for labs whose evidence holds wall-clock timings (optional META key)."""


def labs_dir() -> Path:
    """The folder of the installed ``labs`` package (found without importing it)."""
    spec = importlib.util.find_spec("labs")
    if spec is None or not spec.submodule_search_locations:
        raise LabError("the 'labs' package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def read_meta(path: Path) -> dict:
    """The module-level ``META = {...}`` of a lab file, as a validated dict.

    Only the ``META`` statement is parsed when it can be found on its own (a lab run reads every
    lab's META, and parsing 36 whole modules cost about 0.1 s of each run); anything unusual
    falls back to parsing the whole file, which also reports syntax errors.
    """
    text = path.read_text(encoding="utf-8")
    found = _meta_statement(text)
    if found is None:
        try:
            tree = ast.parse(text, filename=str(path))
        except SyntaxError as exc:
            raise LabError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
        found = next((node for node in tree.body if _is_meta(node)), None)
    if found is None:
        raise LabError(f"{path}: no module-level 'META = {{...}}' found")
    try:
        meta = ast.literal_eval(found.value or "")  # _is_meta made sure there is a value
    except ValueError:
        raise LabError(
            f"{path}:{found.lineno}: META must be a literal dict (no names or calls)"
        ) from None
    return _validated(meta, f"{path}:{found.lineno}")


_META_LINE = re.compile(r"^META\b", re.MULTILINE)


def _is_meta(node: ast.stmt) -> TypeGuard[ast.Assign | ast.AnnAssign]:
    """``META = {...}`` or, typed, ``META: LabMeta = {...}``."""
    targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
    return (
        isinstance(node, ast.Assign | ast.AnnAssign)
        and node.value is not None
        and any(isinstance(t, ast.Name) and t.id == "META" for t in targets)
    )


def _meta_statement(text: str) -> ast.Assign | ast.AnnAssign | None:
    """The ``META`` statement parsed on its own: from its line at column 0 to the first line
    where it parses as a whole (its own line, or a closing bracket at column 0); None if not."""
    start = _META_LINE.search(text)
    if start is None:
        return None
    first = text.count("\n", 0, start.start())
    lines = text[start.start() :].splitlines(keepends=True)
    for end, line in enumerate(lines):
        if end and not line.startswith(("}", ")")):
            continue
        try:
            tree = ast.parse("".join(lines[: end + 1]))
        except SyntaxError:
            continue
        node = tree.body[0] if len(tree.body) == 1 else None
        if node is not None and _is_meta(node):
            ast.increment_lineno(node, first)
            return node
        return None
    return None


def _validated(meta: object, where: str) -> dict:
    if not isinstance(meta, dict):
        raise LabError(f"{where}: META must be a dict, not {type(meta).__name__}")
    missing = sorted(set(REQUIRED) - set(meta))
    if missing:
        raise LabError(f"{where}: META lacks {', '.join(missing)}")
    for key, kind in REQUIRED.items():
        if not isinstance(meta[key], kind) or (kind is str and not meta[key].strip()):
            raise LabError(f"{where}: META[{key!r}] must be a non-empty {kind.__name__}")
    if not _KEBAB.match(meta["id"]):
        raise LabError(
            f"{where}: META['id'] {meta['id']!r} must be kebab-case, e.g. 'learning-rate'"
        )
    questions = meta["questions"]
    if not questions or not all(isinstance(q, str) and _KEBAB.match(q) for q in questions):
        raise LabError(f"{where}: META['questions'] must list kebab-case question ids")
    if not isinstance(meta.get("deterministic", True), bool):
        raise LabError(f"{where}: META['deterministic'] must be True or False")
    return meta


def scan(folder: Path, package: str = "labs") -> dict[str, LabInfo]:
    """Lab id -> LabInfo for every lab module in ``folder``; ids must be unique."""
    labs: dict[str, LabInfo] = {}
    for path in sorted(folder.glob("*.py")):
        if path.stem in NOT_LABS or path.stem.startswith("_"):
            continue
        meta = read_meta(path)
        if meta["id"] in labs:
            other = labs[meta["id"]].module.rpartition(".")[2]
            raise LabError(f"{path}: lab id {meta['id']!r} is already used by {other}.py")
        labs[meta["id"]] = LabInfo(
            id=meta["id"],
            title=meta["title"],
            claim=meta["claim"],
            questions=tuple(meta["questions"]),
            topic=meta["topic"],
            module=f"{package}.{path.stem}",
            deterministic=meta.get("deterministic", True),
        )
    return labs


@cache
def _labs() -> dict[str, LabInfo]:
    return scan(labs_dir())


def list_labs() -> list[LabInfo]:
    """Every lab, sorted by id."""
    return sorted(_labs().values(), key=lambda lab: lab.id)


def get(lab_id: str) -> LabInfo:
    """The lab with this id; :class:`UnknownLab` (a KeyError) lists the valid ids otherwise."""
    try:
        return _labs()[lab_id]
    except KeyError:
        raise UnknownLab(f"no lab {lab_id!r}; labs: {', '.join(sorted(_labs()))}") from None


def load(lab_id: str) -> ModuleType:
    """Import the lab's module (and with it JAX) so that its ``run`` can be called.

    A syntax error in the module (listing read only its META) is a :class:`LabError` naming
    the file and line.
    """
    try:
        return importlib.import_module(get(lab_id).module)
    except SyntaxError as exc:
        raise LabError(f"{exc.filename}:{exc.lineno}: syntax error: {exc.msg}") from None
