"""The LoRA, gradient-clipping and warmup labs on seeds they were not tuned on (tuning used
0-7, the audit 1000-1199), and each one's NOT SUPPORTED text when its headline threshold fails."""

from __future__ import annotations

import pytest

from labs.framework import LabResult
from quizzer import lab_registry

#: Lab id -> a headline threshold no run can pass ("must stay under" labs get one below zero).
IMPOSSIBLE = {"lora": 1000.0, "gradient-clipping": -1.0, "lr-warmup": 101.0}
SEEDS = (517, 9001)

_runs: dict[tuple[str, int], LabResult] = {}


def run(lab_id: str, seed: int) -> LabResult:
    if (lab_id, seed) not in _runs:
        _runs[lab_id, seed] = lab_registry.load(lab_id).run(seed=seed)
    return _runs[lab_id, seed]


def test_each_lab_is_registered_with_two_questions():
    for lab_id in IMPOSSIBLE:
        assert len(lab_registry.get(lab_id).questions) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lab_id", IMPOSSIBLE)
def test_supported_on_an_unseen_seed(lab_id, seed):
    result = run(lab_id, seed)
    assert result.supports is True, result.verdict
    assert result.members == 8
    assert "range" in result.verdict or "all 8 runs" in result.verdict
    assert "contradicts" not in result.verdict and "unusual" not in result.verdict


@pytest.mark.slow
@pytest.mark.parametrize("lab_id", IMPOSSIBLE)
def test_an_impossible_threshold_gives_the_not_supported_text(lab_id):
    normal = run(lab_id, SEEDS[0])
    forced = lab_registry.load(lab_id).run(seed=SEEDS[0], threshold=IMPOSSIBLE[lab_id])
    assert forced.supports is False
    assert forced.evidence == normal.evidence  # the same measurements, judged differently
    assert "contradicts the claim" in forced.verdict and "unusual" in forced.verdict
    assert forced.threshold == IMPOSSIBLE[lab_id]


@pytest.mark.slow
def test_the_unclipped_and_unwarmed_runs_really_diverge():
    """The claims say NaN: the evidence must show it, not only a worse score."""
    clipping = {row.label: row for row in run("gradient-clipping", SEEDS[1]).evidence}
    assert clipping["no clipping: runs that diverged"].value >= 5
    assert clipping["clipped: final loss, % of the target's variance"].spread.high < 30
    warmup = {row.label: row for row in run("lr-warmup", SEEDS[1]).evidence}
    assert warmup["no warmup: runs whose loss became NaN"].value >= 6
    lora = {row.label: row for row in run("lora", SEEDS[1]).evidence}
    assert lora["LoRA's trainable parameters as a share of full"].value < 5
