"""Percentages read the same in the app and the CLI."""

from __future__ import annotations

from quizzer.figures import percent


def test_a_fraction_is_a_whole_percentage():
    assert [percent(v) for v in (0.0, 0.254, 0.255, 1.0, -0.3)] == [
        "0%",
        "25%",
        "26%",
        "100%",
        "-30%",
    ]


def test_no_value_shows_the_caller_s_mark():
    assert percent(None) == "–"
    assert percent(None, missing="-") == "-"
