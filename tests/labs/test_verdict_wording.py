"""A verdict's words agree with its numbers: no "shrank" for a value that grew, no "higher" for
one that fell, in the labs whose sentences compare two measurements."""

from __future__ import annotations

import re

import numpy as np
import pytest

from labs.framework import trend


def test_trend_names_the_direction_every_member_moved():
    assert trend([1.0, 2.0], [0.5, 1.0], down="shrank", up="grew") == "shrank"
    assert trend([1.0, 2.0], [1.5, 2.5], down="shrank", up="grew") == "grew"
    mixed = trend([1.0, 2.0, 3.0], [0.5, 2.5, 3.0], down="shrank", up="grew")
    assert mixed == "shrank in 1 of 3 runs and grew in 1 (unchanged in 1)"


def test_l1_sentence_says_grew_when_l2_enlarged_the_weights():
    from labs import l1_sparsity

    zeros = {"L1": np.array([21, 22, 21]), "L2": np.zeros(3, int), "no penalty": np.zeros(3, int)}
    kept = {"L1": np.array([5, 5, 5])}
    grown = l1_sparsity.describe(zeros, kept, np.array([103.0, 105.0, 101.0]))
    assert "weight vector grew to 103%" in grown and "shrank" not in grown
    shrunk = l1_sparsity.describe(zeros, kept, np.array([73.0, 75.0, 70.0]))
    assert "weight vector shrank to 73%" in shrunk and "grew" not in shrunk
    mixed = l1_sparsity.describe(zeros, kept, np.array([95.0, 102.0, 99.0]))
    assert "shrank in 2 of 3 runs and grew in 1 to 99%" in mixed


def test_l1_sentence_names_zeros_without_l1_when_there_are_some():
    from labs import l1_sparsity

    zeros = {"L1": np.array([21]), "L2": np.array([1]), "no penalty": np.array([0])}
    text = l1_sparsity.describe(zeros, {"L1": np.array([5])}, np.array([80.0]))
    assert "and 1 of the irrelevant weights ended exactly at zero; without a penalty, none" in text


def test_distillation_sentence_says_lower_when_soft_targets_lost():
    from labs import distillation

    labels, hard, soft, teacher = [55.0, 56.0], [75.0, 76.0], [73.0, 74.5], [80.0, 80.0]
    text = distillation.describe(labels, hard, soft, teacher)
    assert "the soft targets scored lower, a difference of -1.75 points" in text
    assert "the hard predictions scored higher, a difference of 20 points" in text
    assert distillation.rest(105.0) == "softening them adds nothing on top"
    assert distillation.rest(85.0) == "softening them adds the rest"


def test_distillation_sentence_says_lower_when_the_teacher_did_not_help():
    from labs import distillation

    text = distillation.describe([60.0, 61.0], [58.0, 57.0], [62.0, 63.0], [70.0, 70.0])
    assert "the hard predictions scored lower, a difference of -3 points" in text
    assert "the soft targets higher, a difference of 2 points" in text


@pytest.mark.slow
def test_l1_verdict_on_the_seed_that_once_said_shrank_for_a_growth():
    """Seed 4242 once read "L2 shrank the irrelevant weights to 0.0959 (from 0.0922)"."""
    from labs import l1_sparsity

    result = l1_sparsity.run(seed=4242)
    size = next(r for r in result.evidence if r.label.startswith("weight vector size, L2"))
    verb = re.search(r"weight vector (shrank|grew)", result.verdict)
    assert verb, result.verdict
    assert (verb.group(1) == "shrank") == (size.spread.high < 100), result.verdict
    before, after = (
        next(r for r in result.evidence if r.label == f"size of the weight vector (L2 norm), {p}")
        for p in ("no penalty", "L2")
    )
    assert (after.value < before.value) == (verb.group(1) == "shrank")
