"""Every lab in the registry: its ensemble supports the keyed answer on a seed it was not tuned on
(labs were tuned on seeds 0-49), shows its spread, is the same on a rerun with the same seed, and
a cancelled run stops at its next progress report."""

from __future__ import annotations

import json

import pytest

from labs.framework import LabCancelled, LabResult, Reporter
from quizzer import lab_registry

LAB_IDS = [lab.id for lab in lab_registry.list_labs()]
#: One unseen seed per lab: outside the tuning seeds 0-49 and the audit's 1000-1199.
UNSEEN = {lab_id: 5000 + 37 * i for i, lab_id in enumerate(LAB_IDS)}

_results: dict[tuple[str, int], LabResult] = {}


def run_lab(lab_id: str, seed: int, reporter: Reporter | None = None) -> LabResult:
    return lab_registry.load(lab_id).run(seed=seed, reporter=reporter)


def cached_run(lab_id: str, seed: int) -> LabResult:
    """A run shared by the tests that only read it (labs are deterministic per seed)."""
    if (lab_id, seed) not in _results:
        _results[lab_id, seed] = run_lab(lab_id, seed)
    return _results[lab_id, seed]


@pytest.mark.slow
@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_ensemble_supports_the_keyed_answer_on_an_unseen_seed(lab_id):
    seed = UNSEEN[lab_id]
    result = cached_run(lab_id, seed)
    assert (result.lab_id, result.seed) == (lab_id, seed)
    assert result.supports is True, result.verdict
    assert result.verdict and result.evidence and result.device
    assert all(len(c.steps) == len(c.values) <= 200 for c in result.curves)
    json.dumps(result.to_dict(), allow_nan=False)  # NaN/inf must arrive as text
    # Decided from an ensemble, with the headline effect past its threshold and its spread shown.
    assert result.members >= 3 and result.effect is not None and result.threshold is not None
    assert result.effect_label and result.margin
    spreads = [row.spread for row in result.evidence if row.spread is not None]
    assert spreads and all(s.members == result.members for s in spreads)
    assert "range" in result.verdict or "all " in result.verdict  # the verdict quotes a spread
    assert "contradicts" not in result.verdict


@pytest.mark.slow
@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_same_seed_same_evidence(lab_id):
    first = cached_run(lab_id, UNSEEN[lab_id]).to_dict()
    again = run_lab(lab_id, UNSEEN[lab_id]).to_dict()
    if lab_registry.get(lab_id).deterministic:
        assert again["evidence"] == first["evidence"]
        assert again["verdict"] == first["verdict"]
    else:  # timings differ between runs; what is measured, and the conclusion, must not
        assert [(e["label"], e["unit"]) for e in again["evidence"]] == [
            (e["label"], e["unit"]) for e in first["evidence"]
        ]
        assert again["supports"] == first["supports"]


@pytest.mark.slow
@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_cancel_stops_at_the_next_report(lab_id):
    reports = []
    reporter = Reporter(on_progress=reports.append, is_cancelled=lambda: bool(reports))
    with pytest.raises(LabCancelled):
        run_lab(lab_id, 0, reporter)
    assert len(reports) == 1
    assert reports[0].step < reports[0].total, "the first report came only at the end of the run"
