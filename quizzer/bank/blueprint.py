"""Pydantic models for exam blueprints: domains, weights, objectives, timing and pass marks.

A blueprint records vendor facts as the vendor prints them (weights such as "15-20%"),
whether each fact is confirmed, and what part of the exam this bank covers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, model_validator

from quizzer.bank.schema import Strict, Text

_WEIGHT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*%\s*$")


def weight_value(printed: str | None) -> float | None:
    """The midpoint of a printed weight: "15-20%" -> 17.5, "28%" -> 28.0, None -> None."""
    if printed is None:
        return None
    match = _WEIGHT.match(printed)
    if not match:
        raise ValueError(f"weight {printed!r} is not like '28%' or '15-20%'")
    low = float(match.group(1))
    high = float(match.group(2) or low)
    return (low + high) / 2


class Objective(Strict):
    """One objective of a domain, with the vendor's text."""

    id: Text
    text: Text
    confirmed: bool = True
    in_bank: bool = Field(
        default=True, description="false: outside this bank's scope (no warning when uncovered)"
    )


class Domain(Strict):
    """A domain of an exam outline with its printed weight and objectives."""

    id: Text
    name: Text
    weight: str | None = None
    objectives: list[Objective] = Field(default_factory=list)
    confirmed: bool = True
    in_bank: bool = Field(
        default=True, description="false: the whole domain is outside this bank's scope"
    )

    @model_validator(mode="after")
    def _weight_parses(self):
        weight_value(self.weight)
        return self

    @property
    def weight_value(self) -> float | None:
        return weight_value(self.weight)


class Blueprint(Strict):
    """An exam (or course check) as the vendor describes it, plus the mock defaults quizzer uses."""

    id: Text
    vendor: Text
    name: Text
    kind: Literal["exam", "course"] = "exam"
    status: Text
    status_confirmed: bool = True
    retired: dt.date | None = None
    successor: str | None = None
    outline: Text
    outline_confirmed: bool = True
    questions: int = Field(ge=1, description="mock length quizzer uses by default")
    questions_note: Text
    questions_confirmed: bool = True
    minutes: int = Field(ge=1)
    minutes_confirmed: bool = True
    passing_score: int | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    scale_confirmed: bool = True
    passing_note: str | None = None
    formats: list[Text] = Field(default_factory=list)
    formats_confirmed: bool = True
    coverage: Text = Field(
        description="what part of this exam the bank covers, in a sentence or two"
    )
    sources: list[Text] = Field(default_factory=list)
    domains: list[Domain] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        ids = [d.id for d in self.domains]
        if len(set(ids)) != len(ids):
            raise ValueError("two domains share an id")
        objective_ids = [o.id for d in self.domains for o in d.objectives]
        clash = (set(objective_ids) & set(ids)) or {
            o for o in objective_ids if objective_ids.count(o) > 1
        }
        if clash:
            raise ValueError(
                f"id {sorted(clash)[0]!r} is used twice in this blueprint; ids must be unique"
            )
        if self.passing_score is not None:
            if self.scale_min is None or self.scale_max is None:
                raise ValueError("a passing_score needs scale_min and scale_max")
            if not self.scale_min < self.passing_score <= self.scale_max:
                raise ValueError("passing_score must lie inside (scale_min, scale_max]")
        return self

    @property
    def retired_now(self) -> bool:
        return self.retired is not None and self.retired <= dt.date.today()

    def domain_of(self, ref: str) -> Domain | None:
        """The domain that a domain id or objective id belongs to."""
        for domain in self.domains:
            if ref == domain.id or any(o.id == ref for o in domain.objectives):
                return domain
        return None

    def objective_text(self, ref: str) -> str | None:
        for domain in self.domains:
            if ref == domain.id:
                return domain.name
            for objective in domain.objectives:
                if objective.id == ref:
                    return objective.text
        return None
