"""Load a bank directory into validated objects, or report every problem with file:line.

Layout: ``exams/*.yaml`` are blueprints, ``topics.yaml`` lists topic ids, and every other
``*.yaml`` below the root is a question file. A bank with any error loads nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from quizzer import qtypes
from quizzer.bank import yamlsafe
from quizzer.bank.blueprint import Blueprint
from quizzer.bank.content_hash import content_hash
from quizzer.bank.problems import BankError, Problem

__all__ = ["Bank", "BankError", "Location", "Problem", "check_bank", "default_root", "load_bank"]
from quizzer.bank.schema import Question, QuestionFile


def default_root() -> Path:
    """The bank shipped with the package (works from an editable or a plain install)."""
    from quizzer.paths import shipped_bank

    return shipped_bank()


@dataclass(frozen=True)
class Location:
    path: str
    line: int


@dataclass
class Bank:
    """A validated bank: questions by id (in file order), blueprints by exam id, topics.

    ``questions`` holds the questions a learner can be asked; ``retired`` holds those marked
    ``retired: true``, whose ids stay reserved so that history keyed by them stays true.
    """

    root: Path
    questions: dict[str, Question]
    blueprints: dict[str, Blueprint]
    topics: dict[str, str]
    locations: dict[str, Location] = field(default_factory=dict)
    retired: dict[str, Question] = field(default_factory=dict)
    _hashes: dict[str, str] = field(default_factory=dict, repr=False)
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per bank (it never changes once loaded): per-exam indexes that
        screens would otherwise rebuild from every question each time they open."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def content_hash(self, question_id: str) -> str:
        if question_id not in self._hashes:
            self._hashes[question_id] = content_hash(self.questions[question_id])
        return self._hashes[question_id]

    def for_exam(self, exam_id: str) -> list[Question]:
        prefix = f"{exam_id}:"
        return [
            q for q in self.questions.values() if any(o.startswith(prefix) for o in q.objectives)
        ]


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _locate(data: Any, loc: tuple) -> tuple[int, str | None]:
    """The line an error path points at, and the id of the question it is inside."""
    line = getattr(data, "line", 1)
    question_id = None
    node = data
    for depth, key in enumerate(loc):
        if isinstance(node, dict) and key in node:
            line = node.key_lines.get(key, line) if hasattr(node, "key_lines") else line
            node = node[key]
            line = getattr(node, "line", line)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            line = getattr(node, "line", line)
            if depth == 1 and isinstance(node, dict) and isinstance(node.get("id"), str):
                question_id = node["id"]
        # other keys are union tags (e.g. 'single') or missing fields: stay on the parent's line
    return line, question_id


def _describe(error: ErrorDetails) -> str:
    """A pydantic error as 'options[1].rationale: what is wrong; what to change'."""
    parts = [p for p in error["loc"][2:] if not (isinstance(p, str) and p in _TYPE_TAGS)]
    kind = error["type"]
    field_name = None
    if kind == "extra_forbidden" and parts:
        field_name = parts.pop()
    where = ""
    for part in parts:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    if kind == "missing":
        message = "required field is missing; add it"
    elif kind == "extra_forbidden":
        message = (
            f"unknown field {field_name!r}; remove it or fix its spelling "
            "(a ':' inside an unquoted value starts a new key)"
        )
    elif kind == "union_tag_invalid" or kind == "union_tag_not_found":
        message = f"'type' must be one of {', '.join(sorted(_TYPE_TAGS))}"
    else:
        message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


_TYPE_TAGS = frozenset(qtypes.NAMES)


def _read(path: Path, root: Path, problems: list[Problem]) -> Any:
    try:
        return yamlsafe.read(path)
    except yamlsafe.YamlError as exc:
        problems.append(Problem(_relative(path, root), exc.line, None, exc.message))
    except OSError as exc:
        problems.append(
            Problem(_relative(path, root), 1, None, f"cannot read file: {exc.strerror}")
        )
    return None


def _load_questions(path: Path, root: Path, problems: list[Problem]) -> list[tuple[Question, int]]:
    data = _read(path, root, problems)
    if data is None and not any(p.path == _relative(path, root) for p in problems):
        problems.append(
            Problem(_relative(path, root), 1, None, "file is empty; add a 'questions:' list")
        )
    if data is None:
        return []
    try:
        parsed = QuestionFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_context=False, include_input=False):
            line, question_id = _locate(data, error["loc"])
            problems.append(Problem(_relative(path, root), line, question_id, _describe(error)))
        return []
    return [(q, data["questions"][i].line) for i, q in enumerate(parsed.questions)]


def _load_blueprint(path: Path, root: Path, problems: list[Problem]) -> Blueprint | None:
    data = _read(path, root, problems)
    if data is None:
        return None
    try:
        return Blueprint.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_context=False, include_input=False):
            line, _ = _locate(data, error["loc"])
            where = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(_relative(path, root), line, None, f"{where}: {error['msg']}"))
    return None


def _load_topics(path: Path, root: Path, problems: list[Problem]) -> dict[str, str]:
    data = _read(path, root, problems)
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, dict) or not all(isinstance(v, str) for v in topics.values()):
        problems.append(
            Problem(
                _relative(path, root), 1, None, "expected 'topics:' mapping topic id -> description"
            )
        )
        return {}
    return {str(k): v for k, v in topics.items()}


def _cross_check(bank: Bank, lines: dict[str, list[Location]], problems: list[Problem]) -> None:
    """Ids, objectives and topics: everything that depends on the bank's files alone."""
    for question_id, places in lines.items():
        for place in places[1:]:
            first = places[0]
            problems.append(
                Problem(
                    place.path,
                    place.line,
                    question_id,
                    f"duplicate id (first defined at {first.path}:{first.line}); give this "
                    "question a new id",
                )
            )
    for question in [*bank.questions.values(), *bank.retired.values()]:
        where = bank.locations[question.id]

        # Bound per question: the defaults freeze this iteration's place and id.
        def report(message: str, where: Location = where, question_id: str = question.id) -> None:
            problems.append(Problem(where.path, where.line, question_id, message))

        for ref in question.objectives:
            exam_id, _, objective_id = ref.partition(":")
            blueprint = bank.blueprints.get(exam_id)
            if blueprint is None:
                report(
                    f"objective {ref!r}: unknown exam {exam_id!r}; use one of "
                    f"{', '.join(sorted(bank.blueprints))}"
                )
            elif blueprint.domain_of(objective_id) is None:
                report(
                    f"objective {ref!r}: {exam_id} has no objective or domain {objective_id!r}; "
                    f"use an id from question_bank/exams/{exam_id}.yaml"
                )
        if question.topic not in bank.topics:
            report(
                f"topic {question.topic!r} is not in topics.yaml; use one of "
                f"{', '.join(sorted(bank.topics))} or add it there"
            )


def _check_labs(
    bank: Bank,
    labs: Mapping[str, Collection[str]] | None,
    backlinks: bool,
    problems: list[Problem],
) -> None:
    """Lab links, checked at every load: the labs installed can change without the bank."""
    if labs is None:
        return
    for question in bank.questions.values():
        if question.lab is not None and question.lab not in labs:
            where = bank.locations[question.id]
            problems.append(
                Problem(
                    where.path,
                    where.line,
                    question.id,
                    f"lab {question.lab!r} does not exist; use one of "
                    f"{', '.join(sorted(labs)) or '(no labs)'}",
                )
            )
    for lab_id, question_ids in labs.items() if backlinks else ():
        for question_id in question_ids:
            backed = bank.questions.get(question_id)
            if question_id in bank.retired:
                where = bank.locations[question_id]
                message = (
                    f"lab {lab_id!r} backs this retired question; drop it from the lab's questions"
                )
                problems.append(Problem(where.path, where.line, question_id, message))
            elif backed is None:
                problems.append(
                    Problem(
                        "labs",
                        1,
                        question_id,
                        f"lab {lab_id!r} backs question {question_id!r}, which is not in the bank",
                    )
                )
            elif backed.lab != lab_id:
                where = bank.locations[question_id]
                problems.append(
                    Problem(
                        where.path,
                        where.line,
                        question_id,
                        f"lab {lab_id!r} lists this question; add 'lab: {lab_id}'",
                    )
                )


def load_bank(
    root: Path | None = None,
    *,
    labs: Mapping[str, Collection[str]] | None = None,
    lab_backlinks: bool = True,
    cache: bool = True,
) -> Bank:
    """Load and validate a bank; raise :class:`BankError` with every problem if any is an error.

    ``labs`` maps lab id -> question ids it backs. When given, every question's ``lab`` must
    name one of them, and (with ``lab_backlinks``) every question a lab lists must be in the
    bank and link back: true of the shipped bank, not of a partial or test bank.

    With ``cache`` a bank validated before with the same files (and the same code) is read
    from the compiled cache (:mod:`quizzer.bank.cache`); lab links are checked either way.
    """
    bank, problems = check_bank(root, labs=labs, lab_backlinks=lab_backlinks, cache=cache)
    if bank is None:
        raise BankError(problems)
    return bank


def check_bank(
    root: Path | None = None,
    *,
    labs: Mapping[str, Collection[str]] | None = None,
    lab_backlinks: bool = True,
    cache: bool = True,
) -> tuple[Bank | None, list[Problem]]:
    """Validate a bank and return it (None when it has errors) with all problems found.

    A bank whose files (and the code that validates them) are exactly those of the compiled
    cache was valid then and is valid now: it is read from the cache (``cache=False``: never).
    """
    root = Path(root) if root is not None else default_root()
    bank, key = None, None
    if cache and root.is_dir():
        from quizzer.bank import cache as bank_cache

        try:
            key = bank_cache.bank_key(root)  # taken before the files are read
        except OSError:  # an unreadable file: the full check below says which
            key = None
        bank = bank_cache.load(root, key) if key else None
    problems: list[Problem] = []
    if bank is None:
        bank, problems = _check_files(root)
        if bank is not None and not problems and key:
            bank_cache.store(bank, key)
    if bank is not None:
        _check_labs(bank, labs, lab_backlinks, problems)
    if any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    return bank, sorted(problems)


def _check_files(root: Path) -> tuple[Bank | None, list[Problem]]:
    """Read and validate every file of a bank: the bank (partial when there are errors), and
    the problems found. None only when ``root`` is not a directory."""
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(str(root), 1, None, "not a directory; pass the bank's root folder")]
    exams_dir = root / "exams"
    blueprints: dict[str, Blueprint] = {}
    for path in sorted(exams_dir.glob("*.yaml")):
        blueprint = _load_blueprint(path, root, problems)
        if blueprint is not None:
            if blueprint.id != path.stem:
                problems.append(
                    Problem(
                        _relative(path, root),
                        1,
                        None,
                        f"id {blueprint.id!r} must match the file name {path.stem!r}",
                    )
                )
            blueprints[blueprint.id] = blueprint
    topics_path = root / "topics.yaml"
    topics = _load_topics(topics_path, root, problems) if topics_path.exists() else {}
    questions: dict[str, Question] = {}
    lines: dict[str, list[Location]] = {}
    for path in sorted(root.rglob("*.yaml")):
        if path == topics_path or path.parent == exams_dir:
            continue
        for question, line in _load_questions(path, root, problems):
            lines.setdefault(question.id, []).append(Location(_relative(path, root), line))
            questions.setdefault(question.id, question)
    live = {qid: q for qid, q in questions.items() if not q.retired}
    retired = {qid: q for qid, q in questions.items() if q.retired}
    first = {qid: places[0] for qid, places in lines.items()}
    bank = Bank(root, live, blueprints, topics, first, retired)
    _cross_check(bank, lines, problems)
    return bank, problems
