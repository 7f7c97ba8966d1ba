"""The one UTC helper: naive times are UTC, aware ones are converted, None passes through."""

from __future__ import annotations

import datetime as dt

from quizzer.utc import as_utc


def test_a_naive_time_is_taken_as_utc():
    naive = dt.datetime(2026, 3, 1, 23, 30)
    assert as_utc(naive) == dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert as_utc(naive).tzinfo is dt.UTC


def test_an_aware_time_in_another_zone_is_converted_not_relabelled():
    # PostgreSQL hands back timestamptz in the connection's zone: the record must read UTC.
    berlin = dt.datetime(2026, 3, 2, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    converted = as_utc(berlin)
    assert converted.tzinfo is dt.UTC
    assert (converted.date(), converted.hour) == (dt.date(2026, 3, 1), 23)
    assert converted.isoformat() == "2026-03-01T23:30:00+00:00"


def test_none_stays_none():
    assert as_utc(None) is None
