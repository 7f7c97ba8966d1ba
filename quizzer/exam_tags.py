"""Where each question sits in an exam's blueprint (its tags), and how many questions each
domain has: kept per bank, outside the learning package, so that the bank cache can build it
without importing the store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank


@dataclass(frozen=True)
class Tag:
    """Where a question sits in a blueprint: its domain and the objective or domain id it names."""

    domain_id: str
    ref: str


def tag_index(blueprint: Blueprint) -> dict[str, str]:
    """Each domain or objective id of the blueprint -> its domain id."""
    return {
        ref: domain.id
        for domain in blueprint.domains
        for ref in (domain.id, *(o.id for o in domain.objectives))
    }


def tags_of(
    objectives: Iterable[str], blueprint: Blueprint, index: Mapping[str, str] | None = None
) -> tuple[Tag, ...]:
    """One question's tags in this blueprint, from its objective refs (``EXAM:ref``)."""
    index = tag_index(blueprint) if index is None else index
    prefix = f"{blueprint.id}:"
    tags = [
        Tag(index[ref[len(prefix) :]], ref[len(prefix) :])
        for ref in objectives
        if ref.startswith(prefix) and ref[len(prefix) :] in index
    ]
    return tuple(dict.fromkeys(tags))


def question_tags(bank: Bank, blueprint: Blueprint) -> dict[str, tuple[Tag, ...]]:
    """Question id -> its tags in this blueprint (questions tagged elsewhere are left out)."""
    index = tag_index(blueprint)
    result: dict[str, tuple[Tag, ...]] = {}
    for question in bank.questions.values():
        tags = tags_of(question.objectives, blueprint, index)
        if tags:
            result[question.id] = tags
    return result


def domain_counts(tags: Mapping[str, tuple[Tag, ...]]) -> dict[str, int]:
    """Domain id -> how many questions are tagged to it (a question once per domain); domains
    without questions are left out. A few numbers per exam, kept with the bank."""
    counts: dict[str, int] = defaultdict(int)
    for question_tags_ in tags.values():
        for domain_id in {t.domain_id for t in question_tags_}:
            counts[domain_id] += 1
    return dict(counts)


def exam_domain_counts(bank: Bank, exam_id: str) -> Mapping[str, int]:
    """:func:`domain_counts` of an exam, worked out once per bank and kept in the bank cache
    (see ``assembly.index_bank``)."""
    return bank.derived(
        ("domain_counts", exam_id),
        lambda: domain_counts(question_tags(bank, bank.blueprints[exam_id])),
    )
