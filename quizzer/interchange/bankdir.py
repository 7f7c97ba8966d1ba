"""Write imported questions into a bank folder that quizzer loads as is (atomic file writes)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from quizzer.bank import yamlsafe
from quizzer.bank.schema import OBJECTIVE_REF
from quizzer.interchange.common import IMPORTED_EXAM, UNTAGGED, Imported, slug

_REF = re.compile(OBJECTIVE_REF)
DOMAIN_ID = "IMPORTED-ALL"
DEFAULT_TOPIC = "imported"


class _Dumper(yaml.SafeDumper):
    """Readable YAML: block scalars for multi-line text, no anchors (the loader refuses aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not value.endswith(" ") and "\t" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def known_exams(into: Path) -> set[str]:
    return {p.stem for p in (into / "exams").glob("*.yaml")}


def place(question: Imported, exams: set[str]) -> tuple[dict, list[str], str]:
    """The question as a quizzer YAML mapping, the IMPORTED objective ids it uses, and its topic."""
    objectives, new = [], []
    for tag in question.tags:
        if (
            _REF.match(tag)
            and tag.split(":", 1)[0] in exams
            and tag.split(":", 1)[0] != IMPORTED_EXAM
        ):
            objectives.append(tag)
        else:
            objective = slug(tag.removeprefix(f"{IMPORTED_EXAM}:")) or UNTAGGED
            new.append(objective)
            objectives.append(f"{IMPORTED_EXAM}:{objective}")
    if not objectives:
        new.append(UNTAGGED)
        objectives.append(f"{IMPORTED_EXAM}:{UNTAGGED}")
    topic = question.category or DEFAULT_TOPIC
    fields = dict(question.fields)
    data = {"id": fields.pop("id"), "type": fields.pop("type"), "stem": fields.pop("stem")}
    expl = fields.pop("explanation")
    data.update(fields)
    data.update(
        explanation=expl,
        objectives=list(dict.fromkeys(objectives)),
        topic=topic,
        difficulty=question.difficulty or 2,
    )
    return data, new, topic


def existing_ids(into: Path, skip: Path) -> dict[str, str]:
    """Question id -> file, for every question file in the bank except ``skip``."""
    ids: dict[str, str] = {}
    for path in sorted(into.rglob("*.yaml")):
        if path == skip or path.name == "topics.yaml" or path.parent == into / "exams":
            continue
        try:
            data = yamlsafe.read(path)
        except (OSError, yamlsafe.YamlError):
            continue
        for item in (data or {}).get("questions") or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids[item["id"]] = str(path)
    return ids


def update_topics(into: Path, topics: set[str]) -> None:
    path = into / "topics.yaml"
    current: dict[str, str] = {}
    if path.exists():
        data = yamlsafe.read(path) or {}
        current = dict(data.get("topics") or {})
    missing = sorted(t for t in topics if t not in current)
    if missing or not path.exists():
        current.update({t: f"Imported category {t}" for t in missing})
        write_atomic(
            path, "# Topic ids used by questions' `topic` field.\n" + dump({"topics": current})
        )


def update_blueprint(into: Path, objective_ids: set[str]) -> None:
    """Add the objectives imported questions use to the IMPORTED exam (created on first import)."""
    path = into / "exams" / f"{IMPORTED_EXAM}.yaml"
    data = dict(yamlsafe.read(path) or {}) if path.exists() else _blueprint()
    domain = dict(data["domains"][0])
    have = {str(o["id"]) for o in domain.get("objectives") or []}
    objectives = [dict(o) for o in domain.get("objectives") or []]
    objectives += [
        {"id": o, "text": f"Imported questions tagged {o}"} for o in sorted(objective_ids - have)
    ]
    domain["objectives"] = objectives
    data["domains"] = [domain, *data["domains"][1:]]
    write_atomic(path, dump(_plain(data)))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _blueprint() -> dict:
    return {
        "id": IMPORTED_EXAM,
        "vendor": "Imported",
        "name": "Imported questions",
        "kind": "course",
        "status": "Brought in with quizzer bank import; tag each question with a vendor objective",
        "outline": "Questions from other tools, grouped by the tags they arrived with",
        "questions": 20,
        "questions_note": "A default mock length for imported questions",
        "minutes": 30,
        "coverage": "Whatever the imported files hold; no vendor outline",
        "domains": [{"id": DOMAIN_ID, "name": "Imported questions", "objectives": []}],
    }
