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

#: Modules in ``labs/`` that are helpers, not labs.
NOT_LABS = {"__init__", "framework", "jaxkit"}
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
    """The module-level ``META = {...}`` of a lab file, as a validated dict."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        raise LabError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    for node in tree.body:
        # ``META = {...}`` or, typed, ``META: LabMeta = {...}``
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and node.value is not None
            and any(isinstance(t, ast.Name) and t.id == "META" for t in targets)
        ):
            try:
                meta = ast.literal_eval(node.value)
            except ValueError:
                raise LabError(
                    f"{path}:{node.lineno}: META must be a literal dict (no names or calls)"
                ) from None
            return _validated(meta, f"{path}:{node.lineno}")
    raise LabError(f"{path}: no module-level 'META = {{...}}' found")


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
    """Import the lab's module (and with it JAX) so that its ``run`` can be called."""
    return importlib.import_module(get(lab_id).module)
