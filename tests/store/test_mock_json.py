"""Mock terms and results are JSON only in the store; rows of earlier versions still load."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from quizzer import exam_facts
from quizzer.mock_data import DomainScore, MockResult, MockTerms
from quizzer.mock_session import retake_settings
from quizzer.store import profiles, reports, sessions
from quizzer.store.opening import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures" / "db"

#: A result exactly as the versions that stored plain dicts wrote it.
OLD_RESULT = {
    "exam_id": "AIF-C01",
    "earned": 1.5,
    "possible": 2,
    "fraction": 0.75,
    "scaled": 790,
    "scale_min": 100,
    "scale_max": 1000,
    "pass_mark": 700,
    "pass_target_pct": None,
    "passed": True,
    "domains": [{"id": "1", "name": "Fundamentals", "weight": "20%", "earned": 1.5, "possible": 2}],
    "uncovered": ["5"],
    "answered": 2,
    "time_limit_s": 5400.0,
    "time_used_s": 1200.0,
    "timed_out": False,
    "seed": 9,
}
OLD_PLAN = {
    "covered": ["1"],
    "uncovered": ["5"],
    "weights": {"1": 1.0},
    "shortfall": 63,
    "length_requested": 65,
    "minutes": 90,
    "pass_mark": 750,
    "pass_target_pct": None,
}
#: The oldest shape: a result without the answer count, the uncovered domains or the timing.
SPARSE_RESULT = {"earned": 1.0, "possible": 2, "fraction": 0.5, "scaled": None, "passed": False}

ROWS = [
    "INSERT INTO study_session (id, profile_id, kind, exam_id, filters, started_at, ended_at) "
    "VALUES (3, 1, 'mock', 'AIF-C01', '{\"seed\": 9}', '2026-01-05 09:00:00+00:00', "
    "'2026-01-05 09:20:00+00:00')",
    "INSERT INTO study_session (id, profile_id, kind, exam_id, filters, started_at, ended_at) "
    "VALUES (4, 1, 'mock', 'MLA-C01', '{\"seed\": 2}', '2026-01-06 09:00:00+00:00', "
    "'2026-01-06 09:20:00+00:00')",
    "INSERT INTO mock_exam (session_id, exam_id, seed, length, time_limit_s, time_left_s, current, "
    "status, plan, result, updated_at) VALUES (3, 'AIF-C01', 9, 2, 5400, 4200.0, 1, 'submitted', "
    f"'{json.dumps(OLD_PLAN)}', '{json.dumps(OLD_RESULT)}', '2026-01-05 09:20:00+00:00')",
    "INSERT INTO mock_exam (session_id, exam_id, seed, length, time_limit_s, time_left_s, current, "
    "status, plan, result, updated_at) VALUES (4, 'MLA-C01', 2, 2, 3000, 10.0, 1, 'submitted', "
    f"'{{}}', '{json.dumps(SPARSE_RESULT)}', '2026-01-06 09:20:00+00:00')",
]


def _old_database(tmp_path, fixture: str = "schema-0001.sqlite"):
    """The first schema's fixture plus two submitted mocks, written as earlier versions did."""
    path = tmp_path / "q.db"
    shutil.copy(FIXTURES / fixture, path)
    with sqlite3.connect(path) as raw:
        for row in ROWS:
            raw.execute(row)
    return open_store(f"sqlite:///{path}")


def test_old_rows_load_as_typed_terms_and_results(tmp_path):
    engine = _old_database(tmp_path)

    [active] = sessions.active_mocks(engine, profile_id=1)
    assert active.result is None
    partial = sessions.load_mock(engine, session_id=active.session_id)
    assert partial.terms == MockTerms(covered=("1",))
    # a retake of a row without its settings falls back to the stored length and time limit
    settings = retake_settings(partial, seed=5)
    assert (settings.length, settings.minutes, settings.pass_mark) == (2, 90, None)

    full = sessions.load_mock(engine, session_id=3)
    assert full.terms == MockTerms(("1",), ("5",), {"1": 1.0}, 63, 65, 90, 750, None)
    assert full.result == MockResult(
        exam_id="AIF-C01",
        earned=1.5,
        possible=2,
        fraction=0.75,
        scaled=790,
        scale_min=100,
        scale_max=1000,
        pass_mark=700,
        passed=True,
        domains=(DomainScore("1", "Fundamentals", "20%", 1.5, 2),),
        uncovered=("5",),
        answered=2,
        time_limit_s=5400.0,
        time_used_s=1200.0,
        seed=9,
    )
    assert full.result.to_json() == OLD_RESULT  # written back unchanged
    assert (settings := retake_settings(full, seed=10)).length == 65 and settings.pass_mark == 750

    sparse = sessions.load_mock(engine, session_id=4).result
    assert (sparse.fraction, sparse.passed, sparse.answered, sparse.domains) == (
        0.5,
        False,
        None,
        (),
    )
    assert sparse.scaled is None and sparse.time_used_s == 0.0


def test_old_results_reach_history_and_export(tmp_path):
    engine = _old_database(tmp_path, "schema-0002.sqlite")
    scores = reports.mock_scores(engine, profile_id=1)
    assert [(s.session_id, s.result.fraction) for s in scores] == [(3, 0.75), (4, 0.5)]
    last, best = exam_facts.last_and_best(scores)["AIF-C01"]
    assert last is best and best.scaled == 790
    rows = {r.session_id: r.result for r in reports.mock_rows(engine, profile_id=1)}
    assert rows[2] is None and rows[3].passed and not rows[4].passed


def test_terms_and_results_survive_the_store(engine):
    profile = profiles.get_or_create_profile(engine, name="ada")
    terms = MockTerms(("1", "2"), ("3",), {"1": 0.25, "2": 0.75}, 1, 7, 12, None, 65.0)
    items = [{"question_id": "q1", "domain_id": "1", "content_hash": "h", "display_order": [1, 0]}]
    mock = sessions.create_mock(
        engine,
        profile_id=profile.id,
        exam_id="X",
        seed=3,
        terms=terms,
        items=items,
        time_limit_s=720,
    )
    assert sessions.load_mock(engine, session_id=mock).terms == terms
    result = MockResult(
        exam_id="X",
        earned=0.5,
        possible=1,
        fraction=0.5,
        pass_target_pct=65.0,
        domains=(DomainScore("1", "One", None, 0.5, 1),),
        uncovered=("3",),
        answered=1,
        time_limit_s=720.0,
        time_used_s=700.5,
        timed_out=True,
        seed=3,
    )
    sessions.finish_mock(engine, session_id=mock, result=result, graded=[], time_left_s=19.5)
    assert sessions.load_mock(engine, session_id=mock).result == result
    [summary] = sessions.mock_history(engine, profile_id=profile.id)
    assert summary.result == result


def test_an_empty_stored_result_is_no_result():
    from quizzer.mock_data import result_from_json

    assert result_from_json(None) is None and result_from_json({}) is None
    assert result_from_json({"passed": True}) == MockResult(passed=True)
