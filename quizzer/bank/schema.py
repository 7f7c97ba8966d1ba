"""Pydantic models for questions: one model per question type, joined on ``type``.

These models are the single source of truth for the question format: the loader validates
against them, ``quizzer bank schema`` exports them as JSON Schema, and docs/question-format.md
describes them for authors.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator

QUESTION_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
OBJECTIVE_REF = r"^[A-Z][A-Z0-9-]*:[A-Za-z0-9_.()-]+$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
QuestionId = Annotated[str, StringConstraints(pattern=QUESTION_ID, max_length=80)]
ObjectiveRef = Annotated[str, StringConstraints(pattern=OBJECTIVE_REF)]
Scoring = Literal["all_or_nothing", "partial"]

_CHOOSE_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_CHOOSE_RE = re.compile(r"\b(?:choose|select|pick)\s+(two|three|four|five|[2-5])\b", re.IGNORECASE)


def stated_choose_count(stem: str) -> int | None:
    """The N of a "Choose N" instruction in a stem, or None when the stem states none."""
    match = _CHOOSE_RE.search(stem)
    return _CHOOSE_WORDS[match.group(1).lower()] if match else None


class Strict(BaseModel):
    """Base for bank models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    """A choice in a single or multiple question, with why it is right or wrong."""

    text: Text
    rationale: Text
    correct: bool = False


class Statement(Strict):
    """One statement of a yes/no series, answered Yes (true) or No (false)."""

    text: Text
    answer: bool
    rationale: Text


class OrderItem(Strict):
    """One step of an ordering question; items are listed in their correct order."""

    text: Text
    rationale: Text


class Pair(Strict):
    """A prompt and the choice it matches in a matching question."""

    prompt: Text
    match: Text
    rationale: Text


class Distractor(Strict):
    """A matching choice that belongs to no prompt."""

    text: Text
    rationale: Text


class Mistake(Strict):
    """A common wrong numeric answer and why a learner might give it."""

    value: float
    rationale: Text


class QuestionBase(Strict):
    """Fields every question has, whatever its type."""

    id: QuestionId
    stem: Text
    explanation: Text
    objectives: list[ObjectiveRef] = Field(min_length=1)
    topic: Text
    difficulty: int = Field(ge=1, le=3)
    references: list[Text] = Field(default_factory=list)
    lab: QuestionId | None = None
    retired: bool = Field(
        default=False, description="true: never asked again; its id stays reserved"
    )

    @model_validator(mode="after")
    def _unique_objectives(self):
        if len(set(self.objectives)) != len(self.objectives):
            raise ValueError("objectives lists the same id twice; keep one of each")
        return self


def _check_options(options: list[Option], *, exactly: int | None = None) -> None:
    texts = [o.text.casefold() for o in options]
    duplicates = sorted({o.text for o in options if texts.count(o.text.casefold()) > 1})
    if duplicates:
        raise ValueError(
            f"options repeat the same text: {duplicates[0]!r}; make every option distinct"
        )
    keyed = sum(o.correct for o in options)
    if exactly is not None and keyed != exactly:
        raise ValueError(
            f"the key marks {keyed} option(s) correct; mark exactly {exactly} with 'correct: true'"
        )


class SingleQuestion(QuestionBase):
    """Choose one option."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=8)
    shuffle: bool = True

    @model_validator(mode="after")
    def _one_key(self):
        _check_options(self.options, exactly=1)
        return self


class MultipleQuestion(QuestionBase):
    """Choose N options; scored all-or-nothing (default) or per component."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3, max_length=10)
    choose: int = Field(ge=2)
    scoring: Scoring = "all_or_nothing"
    shuffle: bool = True

    @model_validator(mode="after")
    def _choose_matches_key(self):
        _check_options(self.options)
        keyed = sum(o.correct for o in self.options)
        if keyed != self.choose:
            raise ValueError(
                f"'choose: {self.choose}' but the key marks {keyed} option(s) correct;"
                " make them agree"
            )
        if self.choose >= len(self.options):
            raise ValueError(
                f"'choose: {self.choose}' leaves nothing to reject among"
                f" {len(self.options)} options; add distractors"
            )
        stated = stated_choose_count(self.stem)
        if stated is not None and stated != self.choose:
            raise ValueError(
                f"the stem says choose {stated} but 'choose' is {self.choose}; make them agree"
            )
        return self


class TrueFalseQuestion(QuestionBase):
    """A single statement that is true or false; the stem is the statement."""

    type: Literal["true_false"]
    answer: bool
    rationale_true: Text
    rationale_false: Text


class YesNoQuestion(QuestionBase):
    """A series of statements, each answered Yes or No (Microsoft's repeated-scenario style)."""

    type: Literal["yes_no"]
    statements: list[Statement] = Field(min_length=2, max_length=6)
    scoring: Scoring = "partial"


class OrderingQuestion(QuestionBase):
    """Put items in order; ``items`` is the correct order and is shuffled for the learner."""

    type: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=3, max_length=8)
    scoring: Scoring = "partial"

    @model_validator(mode="after")
    def _distinct(self):
        texts = [i.text.casefold() for i in self.items]
        if len(set(texts)) != len(texts):
            raise ValueError("two items have the same text; an order between them cannot be keyed")
        return self


class MatchingQuestion(QuestionBase):
    """Pair each prompt with a choice; choices are the distinct matches plus distractors."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=8)
    distractors: list[Distractor] = Field(default_factory=list)
    scoring: Scoring = "partial"

    @model_validator(mode="after")
    def _distinct(self):
        prompts = [p.prompt.casefold() for p in self.pairs]
        if len(set(prompts)) != len(prompts):
            raise ValueError("two pairs have the same prompt; make every prompt distinct")
        matches = {p.match.casefold() for p in self.pairs}
        clash = [d.text for d in self.distractors if d.text.casefold() in matches]
        if clash:
            raise ValueError(
                f"distractor {clash[0]!r} is also a correct match; remove it or reword it"
            )
        return self

    def choices(self) -> list[str]:
        """The right-hand column: each distinct match once, then the distractors."""
        seen: dict[str, None] = {}
        for pair in self.pairs:
            seen.setdefault(pair.match, None)
        return list(seen) + [d.text for d in self.distractors]


class NumericQuestion(QuestionBase):
    """A number, accepted within ± tolerance, with an optional unit."""

    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0.0, ge=0)
    unit: str | None = None
    mistakes: list[Mistake] = Field(default_factory=list)


class AcceptedAnswer(Strict):
    """A typed answer that earns full marks, with feedback for a learner who gives it."""

    text: Text
    feedback: Text | None = None


class ShortAnswerQuestion(QuestionBase):
    """Type a short text; it matches an accepted answer (case and outer spaces ignored) or
    the optional ``pattern`` (a regular expression the whole answer must match)."""

    type: Literal["short_answer"]
    answers: list[AcceptedAnswer] = Field(min_length=1, max_length=20)
    pattern: str | None = None
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _valid(self):
        folded = [a.text if self.case_sensitive else a.text.casefold() for a in self.answers]
        if len(set(folded)) != len(folded):
            raise ValueError("two accepted answers are the same; keep one of each")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(
                    f"'pattern' is not a valid regular expression ({exc}); fix or remove it"
                ) from None
        return self


class RecallQuestion(QuestionBase):
    """A recall card: the stem is the front, ``back`` the answer; the learner rates their recall.

    Practice and review only: mocks never draw a recall card (it cannot be graded objectively).
    """

    type: Literal["recall"]
    back: Text


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | YesNoQuestion
    | OrderingQuestion
    | MatchingQuestion
    | NumericQuestion
    | ShortAnswerQuestion
    | RecallQuestion,
    Field(discriminator="type"),
]


class QuestionFile(Strict):
    """The top level of a question file: a list of questions under ``questions``."""

    questions: list[Question] = Field(min_length=1)


question_adapter: TypeAdapter[Question] = TypeAdapter(Question)


def json_schema() -> dict:
    """The JSON Schema of a question file, for YAML editors' completion and validation."""
    schema = QuestionFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizzer question file"
    return schema
