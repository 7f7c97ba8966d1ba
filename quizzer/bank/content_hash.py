"""A short, stable hash of what a learner sees and answers, to tell versions of a question apart.

Answers are stored with the hash of the question they answered: when an author rewords a
question its id (and so its history) stays, and the hash shows which version each answer saw.
Metadata (tags, topic, difficulty, references, lab link, retirement) is left out: retagging is
no edit.
"""

from __future__ import annotations

import hashlib
import json

from quizzer.bank.schema import QuestionBase

_METADATA = {"id", "objectives", "topic", "difficulty", "references", "lab", "retired"}


def content_hash(question: QuestionBase) -> str:
    payload = question.model_dump(mode="json", exclude=_METADATA)
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
