"""Every earlier schema's fixture database upgrades to the newest schema with nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzer.store import answers as answer_store
from quizzer.store import migrate, profiles, sessions
from quizzer.store.opening import open_store

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "db").glob("schema-*.sqlite"))


def test_there_is_a_fixture_for_the_first_schema():
    assert any(p.name == "schema-0001.sqlite" for p in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_keeping_history(fixture, tmp_path):
    path = tmp_path / "q.db"
    shutil.copy(fixture, path)
    engine = open_store(f"sqlite:///{path}")
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert list(tmp_path.glob("q.db.before-*")), "a backup is kept before upgrading"

    ada = profiles.get_or_create_profile(engine, name="ada")
    assert ada.id == 1 and ada.settings == {"theme": "light"}
    answers = answer_store.all_answers(engine, profile_id=1)
    assert [(a.question_id, a.correct, a.score, a.time_ms, a.certainty) for a in answers] == [
        ("act-relu-default", True, 1.0, 5300, None),
        ("opt-adam-default", False, 0.5, 12000, 2),
    ]
    [active] = sessions.active_mocks(engine, profile_id=1)
    mock = sessions.load_mock(engine, session_id=active.session_id)
    assert mock.time_left_s == 4321.5 and mock.current == 1
    assert [(i.response, i.flagged, i.display_order) for i in mock.items] == [
        (1, False, (2, 0, 1)),
        (None, True, None),
    ]
    if fixture.stem >= "schema-0002":
        from quizzer.store.cards import get_card

        card = get_card(engine, profile_id=1, question_id="opt-adam-default")
        assert (
            card is not None
            and card.lapses == 1
            and card.log == ((1, "2026-01-03T09:02:00+00:00"),)
        )
    # history recorded before the running totals existed is folded into them
    from quizzer.store.question_scores import scores_at

    totals = scores_at(engine, profile_id=1, at=answers[-1].answered_at)
    assert {q: (n, round(mean, 6)) for q, (mean, _, n) in totals.items()} == {
        "act-relu-default": (1, 1.0),
        "opt-adam-default": (1, 0.5),
    }
    # the upgraded database keeps working
    sessions.save_mock_answer(
        engine, session_id=mock.session_id, position=1, response=[0], time_ms=10, time_left_s=4000
    )
