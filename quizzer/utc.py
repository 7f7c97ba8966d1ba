"""Timestamps in UTC: the store keeps every time in UTC, whatever the database hands back."""

from __future__ import annotations

import datetime as dt
from typing import overload


@overload
def as_utc(value: dt.datetime) -> dt.datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` in UTC; None stays None.

    A naive value is UTC already (SQLite drops the offset of what was stored). An aware one is
    converted, because PostgreSQL answers in the connection's time zone: records then read the
    same on both databases, down to their ``isoformat`` in an export.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)
