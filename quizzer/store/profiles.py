"""Keyword-only queries over profiles: find, list, create, and change a role or the settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizzer.profile_settings import ProfileSettings
from quizzer.store.models import Profile, saved_id
from quizzer.store.records import ProfileRecord


def _record(row: Profile) -> ProfileRecord:
    return ProfileRecord(saved_id(row), row.name, row.role, ProfileSettings.from_json(row.settings))


def get_profile(engine: Engine, *, profile_id: int) -> ProfileRecord | None:
    with Session(engine) as db:
        row = db.get(Profile, profile_id)
        return _record(row) if row is not None else None


def find_profile(engine: Engine, *, name: str) -> ProfileRecord | None:
    """The profile called ``name``, or None (never creates one)."""
    with Session(engine) as db:
        row = db.exec(select(Profile).where(Profile.name == name)).first()
        return _record(row) if row is not None else None


def all_profiles(engine: Engine) -> list[ProfileRecord]:
    """Every profile, by name."""
    with Session(engine) as db:
        return [_record(r) for r in db.exec(select(Profile).order_by(col(Profile.name)))]


def get_or_create_profile(engine: Engine, *, name: str, role: str = "learner") -> ProfileRecord:
    with Session(engine) as db:
        row = db.exec(select(Profile).where(Profile.name == name)).first()
        if row is None:
            row = Profile(name=name, role=role)
            db.add(row)
            db.commit()
            db.refresh(row)
        return _record(row)


def _stored(db: Session, profile_id: int) -> Profile:
    row = db.get(Profile, profile_id)
    if row is None:
        raise ValueError(f"no profile with id {profile_id}")
    return row


def set_profile_role(engine: Engine, *, profile_id: int, role: str) -> ProfileRecord:
    with Session(engine) as db:
        row = _stored(db, profile_id)
        row.role = role
        db.add(row)
        db.commit()
        db.refresh(row)
        return _record(row)


def update_profile_settings(engine: Engine, *, profile_id: int, **settings: Any) -> ProfileRecord:
    """Write these keys of a profile's stored settings (JSON values; None removes a key)."""
    with Session(engine) as db:
        row = _stored(db, profile_id)
        merged = {**(row.settings or {}), **settings}
        row.settings = {k: v for k, v in merged.items() if v is not None}
        db.add(row)
        db.commit()
        db.refresh(row)
        return _record(row)
