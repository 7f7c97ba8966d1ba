"""The one way a bank is validated, by ``quizzer bank check`` and by the app alike.

Lab back-links (every question a shipped lab lists is in the bank and names the lab) hold for
the shipped bank only: a bank of one's own, given by path or ``QUIZZER_BANK``, may leave the
lab-backed questions out, and is then neither refused nor buried under lab errors.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.bank.loader import Bank
    from quizzer.bank.problems import Problem


def lab_links() -> dict[str, list[str]] | None:
    """Lab id -> the question ids it backs, read without importing any lab; None: no labs."""
    try:
        from quizzer import lab_registry
    except ImportError:
        return None
    return {lab.id: list(lab.questions) for lab in lab_registry.list_labs()}


def check(
    root: Path | None, labs: Mapping[str, Collection[str]] | None
) -> tuple[Bank | None, list[Problem]]:
    """Every problem of the bank at ``root`` (None: the shipped bank), errors and warnings."""
    from quizzer.bank.loader import check_bank

    return check_bank(root, labs=labs, lab_backlinks=root is None)


def load(root: Path | None, labs: Mapping[str, Collection[str]] | None) -> Bank:
    """The bank at ``root``, or :class:`~quizzer.bank.problems.BankError` as ``check`` finds it."""
    from quizzer.bank.loader import load_bank

    return load_bank(root, labs=labs, lab_backlinks=root is None)
