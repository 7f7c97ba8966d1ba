"""Both verdict texts: a lab forced past its effect says NOT SUPPORTED, what it measured and what
it contradicts; the framework picks the text that matches the outcome and quotes the audit."""

from __future__ import annotations

import json
import math

import pytest

from labs import framework
from labs.framework import Evidence, LabResult, decide, spread
from quizzer import lab_registry

#: Labs, each with a threshold that no run can pass (for "must stay under" labs, zero).
FORCED = {
    "robust-losses": 1e9,
    "cross-entropy-vs-mse": 1e9,
    "int8-quantization": -1.0,
    "l1-sparsity": 1e9,
    "distillation": 1e9,
}


@pytest.mark.slow
@pytest.mark.parametrize(("lab_id", "impossible"), FORCED.items())
def test_a_forced_failure_reads_as_not_supported(lab_id, impossible):
    module = lab_registry.load(lab_id)
    normal = module.run(seed=7)
    forced = module.run(seed=7, threshold=impossible)
    assert normal.supports is True and forced.supports is False
    assert forced.evidence == normal.evidence  # the same measurements, judged differently
    assert "contradicts the claim" in forced.verdict and "unusual" in forced.verdict
    assert "contradicts" not in normal.verdict and "unusual" not in normal.verdict
    assert forced.verdict != normal.verdict


def test_spread_is_median_and_range():
    s = spread([3.0, 1.0, 2.0, 10.0, 4.0])
    assert (s.median, s.low, s.high, s.members) == (3.0, 1.0, 10.0, 5)
    assert spread([1.0, 2.0]).median == 1.5
    assert s.text("%") == "3% (range 1 to 10 over 5 runs)"
    assert spread([5.0, 5.0, 5.0]).text() == "5 (all 3 runs)"


def test_a_diverged_member_sorts_last():
    s = spread([1.0, math.nan, 2.0])
    assert s.median == 2.0 and s.low == 1.0 and math.isnan(s.high)


def test_evidence_of_members_shows_the_spread_and_survives_json():
    row = Evidence.of("final loss", [0.5, math.inf, 0.25], "")
    assert row.value == 0.5 and "range 0.25 to diverged (inf)" in row.formatted()
    result = LabResult("toy", 0, "CPU", True, "ok", [row], members=3, effect=0.5, threshold=1.0)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["evidence"][0]["spread"]["high"] == "inf" and data["members"] == 3


def test_decide_picks_the_text_of_the_outcome(monkeypatch):
    rates = {"toy": {"supported": 200, "total": 200, "seeds": "1-200"}}
    monkeypatch.setattr(framework, "audit_rates", lambda: rates)
    yes = decide(True, supported="It showed.", not_supported="It did not.", lab_id="toy")
    no = decide(False, supported="It showed.", not_supported="It did not.", lab_id="toy")
    assert (yes.supports, yes.text) == (True, "It showed.")
    assert no.supports is False and no.text.startswith("It did not. Such a run is unusual")
    assert "200 of 200 seeds (1-200)" in no.text


def test_every_lab_has_an_audit_rate_to_quote():
    rates = framework.audit_rates()
    for lab in lab_registry.list_labs():
        assert lab.id in rates, f"{lab.id} has no audit in labs/audit.json: run make lab-audit"
        assert 0 <= rates[lab.id]["supported"] <= rates[lab.id]["total"] >= 200
