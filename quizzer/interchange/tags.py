"""How quizzer's objectives, difficulty and topic travel as another tool's tags and categories."""

from __future__ import annotations

import re

from quizzer.interchange.common import slug

_DIFFICULTY = re.compile(r"^difficulty-([123])$")
CATEGORY_ROOT = "$course$/top/quizzer"


def export_tags(question) -> list[str]:
    """Objectives as tags, plus the difficulty, so that an import can restore both."""
    return [*question.objectives, f"difficulty-{question.difficulty}"]


def split_tags(tags: list[str]) -> tuple[list[str], int | None]:
    """Tags without the difficulty tag, and the difficulty it gave (None when absent)."""
    difficulty = None
    rest = []
    for tag in tags:
        match = _DIFFICULTY.match(tag.strip())
        if match:
            difficulty = int(match.group(1))
        elif tag.strip():
            rest.append(tag.strip())
    return rest, difficulty


def category_path(topic: str) -> str:
    return f"{CATEGORY_ROOT}/{topic}"


def topic_of_category(path: str) -> str | None:
    """The last segment of a category path as a topic id ('$course$/top/Loops' -> 'loops')."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return slug(last) or None
