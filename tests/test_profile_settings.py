"""Profile settings: one typed model read from the stored JSON, changed through the Context."""

from __future__ import annotations

import datetime as dt

import pytest

from quizzer.context import Context
from quizzer.learning import cram
from quizzer.learning.review_limits import ReviewLimits
from quizzer.profile_settings import ProfileSettings
from quizzer.store import profiles

STORED = {
    "theme": "nord",
    "hide_timer": True,
    "certainty_marking": True,
    "exam_dates": {"AIF-C01": "2027-03-01"},
    "reviews_per_day": 40,
    "layout": "wide",  # a key from a newer version
}


def test_stored_settings_read_as_typed_fields():
    settings = ProfileSettings.from_json(STORED)
    assert settings.theme == "nord" and settings.hide_timer and settings.certainty_marking
    assert not settings.objective_gating
    assert settings.exam_dates == {"AIF-C01": dt.date(2027, 3, 1)}
    assert (settings.reviews_per_day, settings.review_session_length) == (40, None)
    assert settings.other == {"layout": "wide"}
    assert settings.to_json() == STORED and settings == STORED


def test_what_earlier_versions_stored_reads_as_before():
    settings = ProfileSettings.from_json(
        {"certainty_marking": "yes", "exam_dates": {"A": "soon", "B": "2027-01-02"}, "cram_days": 3}
    )
    assert not settings.certainty_marking  # a switch is on only when stored as true
    assert settings.exam_dates == {"B": dt.date(2027, 1, 2)}
    assert ProfileSettings.from_json(None) == {} and ProfileSettings.from_json({}).theme is None


def test_the_learning_rules_read_the_model_as_a_mapping():
    settings = ProfileSettings.from_json({"reviews_per_day": 40, "exam_dates": {"X": "2027-01-05"}})
    assert ReviewLimits.from_settings(settings).per_day == 40
    assert cram.in_cram(settings, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), exam_id="X")


def test_a_changed_copy_and_no_unknown_names():
    settings = ProfileSettings.from_json(STORED)
    assert settings.changed(theme="light").theme == "light" and settings.theme == "nord"
    with pytest.raises(TypeError):
        settings.changed(colour="red")


def test_context_update_writes_only_the_named_settings(engine, bank):
    profile = profiles.update_profile_settings(
        engine, profile_id=profiles.get_or_create_profile(engine, name="ada").id, layout="wide"
    )
    ctx = Context(bank, engine, profile)
    # another process sets a key meanwhile: the update below keeps it
    profiles.update_profile_settings(engine, profile_id=profile.id, theme="nord")
    returned = ctx.update_settings(objective_gating=True, exam_dates={"X": dt.date(2027, 1, 5)})
    assert returned is ctx.profile.settings and ctx.profile.settings.objective_gating
    stored = profiles.get_or_create_profile(engine, name="ada").settings
    assert stored.to_json() == {
        "layout": "wide",
        "theme": "nord",
        "objective_gating": True,
        "exam_dates": {"X": "2027-01-05"},
    }
    ctx.update_settings(objective_gating=False, exam_dates={})  # back to the defaults: unset
    assert profiles.get_or_create_profile(engine, name="ada").settings == {
        "layout": "wide",
        "theme": "nord",
    }
