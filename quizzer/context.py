"""What every screen shares, loaded once off the first paint: bank, lab links, database, profile."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from quizzer.bank.blueprint import Blueprint
    from quizzer.bank.loader import Bank
    from quizzer.bank.schema import Question
    from quizzer.profile_settings import ProfileSettings
    from quizzer.store.records import ProfileRecord

BANK_ENV = "QUIZZER_BANK"


class LabInfoLike(Protocol):
    id: str
    title: str
    claim: str
    questions: Any
    topic: str


class LabRegistry(Protocol):
    """The API of ``quizzer.lab_registry`` (or a fake one in tests)."""

    def list_labs(self) -> list[Any]: ...

    def get(self, lab_id: str) -> Any: ...

    def load(self, lab_id: str) -> Any: ...


def default_registry() -> LabRegistry | None:
    """``quizzer.lab_registry`` if it is installed (it lists labs without importing JAX)."""
    try:
        from quizzer import lab_registry
    except ImportError:
        return None
    return lab_registry


@dataclass
class Context:
    """The loaded bank, the lab links, the migrated database and the learner's profile."""

    bank: Bank
    engine: Engine
    profile: ProfileRecord
    registry: LabRegistry | None = None
    labs: dict[str, Any] = field(default_factory=dict)
    """Lab id -> LabInfo, for labs the registry lists."""
    lab_problem: str | None = None
    """Why labs are unavailable, when the registry failed."""
    notices: list[str] = field(default_factory=list)
    """What opening the database did that the learner should hear (created, upgraded...)."""
    read_only: bool = False
    """The database was opened read-only: history shows, new answers are not saved."""
    unsaved: Any = None
    """Writes that failed (full disk) and wait to be retried: a :class:`quizzer.saving.Unsaved`."""

    def blueprint(self, exam_id: str) -> Blueprint:
        return self.bank.blueprints[exam_id]

    def update_settings(self, **changes: Any) -> ProfileSettings:
        """Store some profile settings (by field name) and keep the loaded profile in step.

        The one way the app changes settings: only the keys named are written, so a change
        made meanwhile elsewhere (another terminal, the CLI) to another key is kept.
        """
        from quizzer.store import profiles

        stored = self.profile.settings.changed(**changes).to_json()
        self.profile = profiles.update_profile_settings(
            self.engine, profile_id=self.profile.id, **{k: stored.get(k) for k in changes}
        )
        return self.profile.settings

    def exams(self) -> list[Blueprint]:
        """Blueprints in a stable order: current exams first, then by id."""
        return sorted(self.bank.blueprints.values(), key=lambda b: (b.retired is not None, b.id))

    def objective_texts(self, question: Question) -> list[tuple[str, str]]:
        """Each objective tag of a question with the blueprint's text for it."""
        rows = []
        for ref in question.objectives:
            exam_id, _, objective_id = ref.partition(":")
            blueprint = self.bank.blueprints.get(exam_id)
            text = blueprint.objective_text(objective_id) if blueprint else None
            rows.append((ref, text or ""))
        return rows

    def lab_for(self, question: Question) -> Any | None:
        """The LabInfo behind a question, when it has one the registry knows."""
        if question.lab is None or self.registry is None:
            return None
        return self.labs.get(question.lab)


def bank_root(explicit: Path | str | None = None) -> Path | None:
    """The bank folder: the argument, else ``QUIZZER_BANK``, else None (the shipped bank)."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(BANK_ENV)
    return Path(env) if env else None


def load_context(
    *,
    bank_root: Path | None,
    db_url: str | None,
    profile_name: str | None,
    registry: LabRegistry | None | bool = True,
) -> Context:
    """Load everything the app needs; slow (imports, YAML, migrations), so run it in a worker.

    ``registry=True`` means the installed ``quizzer.lab_registry``; None or False: no labs.
    Raises :class:`~quizzer.bank.loader.BankError` when the bank has errors and
    :class:`~quizzer.store.opening.DamagedDatabase` when the SQLite file cannot be used (it is
    checked, and backed up before a schema upgrade, by :func:`~quizzer.store.opening.open_store`).
    On a team (PostgreSQL) database the login is the profile: ``profile_name`` must be None or
    ``default`` (else :class:`~quizzer.store.identity.ProfileRefused`); connection failures raise
    a :class:`~quizzer.errors.QuizzerError` with one sentence to show.
    """
    from quizzer import banks
    from quizzer.logs import log_error
    from quizzer.store.identity import DEFAULT, current_profile
    from quizzer.store.opening import StoreNotes, open_store

    reg: LabRegistry | None = default_registry() if registry is True else (registry or None)
    labs: dict[str, Any] = {}
    problem = None
    if reg is not None:
        try:
            labs = {info.id: info for info in reg.list_labs()}
        except Exception as exc:  # noqa: BLE001 (a broken lab module must not stop the app)
            log_error("listing labs failed", exc)
            problem = f"labs unavailable: {exc}"
            reg, labs = None, {}
    links = (
        {lab_id: list(info.questions) for lab_id, info in labs.items()} if reg is not None else None
    )
    bank = banks.load(bank_root, links)  # as `quizzer bank check` validates it
    notes = StoreNotes()
    # the app owns the terminal: launch asked for any password already
    engine = open_store(db_url, notes=notes, prompt=False)
    team = engine.dialect.name == "postgresql"
    requested = None if team and profile_name == DEFAULT else profile_name
    try:
        profile = current_profile(engine, requested)
    except Exception:
        engine.dispose()
        raise
    assert profile is not None  # current_profile creates the profile when it is missing
    return Context(
        bank, engine, profile, reg, labs, problem, notes.lines(), notes.read_only is not None
    )
