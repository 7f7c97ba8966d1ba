"""The shipped bank: strict-clean, big enough for two mocks per exam, and every type used."""

from __future__ import annotations

from collections import Counter

import pytest

from quizzer import lab_registry
from quizzer.assembly import assemble_mock, domain_questions
from quizzer.bank.cues import cue_report
from quizzer.bank.depth import domain_shares, exam_depth, is_current
from quizzer.bank.lint import keyed_is_longest, lint_bank
from quizzer.bank.loader import load_bank
from quizzer.bank.schema import SingleQuestion

CURRENT = ["AI-901", "AIF-C01", "MLA-C01", "NCA-GENL", "NCA-AIIO", "NVIDIA-DLI-FDL"]
#: Lab-linked questions make up at least this share of the live bank (issue 10).
MIN_LAB_SHARE = 0.15


@pytest.fixture(scope="module")
def shipped():
    return load_bank()


def test_strict_check_is_clean(shipped):
    assert [str(p) for p in lint_bank(shipped)] == []


def test_size_and_type_mix(shipped):
    assert len(shipped.questions) >= 400
    types = Counter(q.type for q in shipped.questions.values())
    assert set(types) == {
        "single",
        "multiple",
        "true_false",
        "yes_no",
        "ordering",
        "matching",
        "numeric",
    }
    assert (types["single"] + types["multiple"]) / len(shipped.questions) >= 0.6


def test_no_surface_cue_beats_chance(shipped):
    report = cue_report([q for q in shipped.questions.values() if isinstance(q, SingleQuestion)])
    assert report.beyond_limit() == {}, report.rates


def test_the_current_exams_are_the_ones_without_a_past_retirement(shipped):
    assert sorted(e for e, b in shipped.blueprints.items() if is_current(b)) == sorted(CURRENT)


@pytest.mark.parametrize("exam_id", CURRENT)
def test_every_domain_of_a_current_exam_holds_two_mocks(shipped, exam_id):
    depth = exam_depth(shipped, shipped.blueprints[exam_id])
    short = [(d.domain_id, d.have, d.need) for d in depth if not d.deep_enough]
    assert short == [], f"{exam_id}: (domain, have, need) {short}"


@pytest.mark.parametrize("exam_id", CURRENT)
def test_a_mock_draws_each_domain_at_its_weighted_share(shipped, exam_id):
    blueprint = shipped.blueprints[exam_id]
    shares = domain_shares(blueprint)
    for seed in (1, 2):
        plan = assemble_mock(shipped, blueprint, seed=seed)
        counts = Counter(item.domain_id for item in plan.items)
        assert plan.shortfall == 0 and plan.uncovered == ()
        if shares is None:  # a course prints no weights: every part is drawn
            assert set(counts) == {d.id for d in blueprint.domains}
            continue
        target = {d: blueprint.questions * s for d, s in shares.items()}
        off = {d: (counts[d], round(t, 1)) for d, t in target.items() if abs(counts[d] - t) > 1}
        assert off == {}, f"{exam_id} seed {seed}: domain (drawn, share) {off}"


def test_keyed_option_is_rarely_the_longest(shipped):
    singles = [q for q in shipped.questions.values() if isinstance(q, SingleQuestion)]
    assert sum(keyed_is_longest(q) for q in singles) / len(singles) <= 0.40


@pytest.mark.parametrize("exam_id", CURRENT)
def test_two_full_length_mocks_without_repeats(shipped, exam_id):
    blueprint = shipped.blueprints[exam_id]
    pools = domain_questions(shipped, blueprint)
    covered = {q for d in blueprint.domains for q in pools[d.id]}
    assert len(covered) >= 2 * blueprint.questions, (
        f"{exam_id}: {len(covered)} questions for mocks of {blueprint.questions}"
    )
    first = assemble_mock(shipped, blueprint, seed=1)
    assert len(first.items) == blueprint.questions and first.shortfall == 0
    used = {i.question_id for i in first.items}
    rest = shipped.questions.keys() - used
    assert len(covered & rest) >= blueprint.questions


def test_retired_duplicates_stay_out_and_keep_their_ids(shipped):
    assert "bp-training-step-order" in shipped.retired
    assert "train-iteration-order" in shipped.questions
    assert not shipped.retired.keys() & shipped.questions.keys()


def test_at_most_three_tags_and_no_aif_tag_on_optimizer_internals(shipped):
    assert max(len(q.objectives) for q in shipped.questions.values()) <= 3
    for qid in ("opt-training-only-state", "comp-soft-targets", "lab-distillation"):
        assert not any(t.startswith("AIF-C01:") for t in shipped.questions[qid].objectives)


def test_every_objective_tag_is_real(shipped):
    for question in shipped.questions.values():
        for ref in question.objectives:
            exam_id, _, objective_id = ref.partition(":")
            assert shipped.blueprints[exam_id].domain_of(objective_id) is not None


def test_retired_exams_name_their_status(shipped):
    assert (
        shipped.blueprints["AI-900"].retired is not None
        and shipped.blueprints["AI-900"].successor == "AI-901"
    )
    assert shipped.blueprints["MLS-C01"].retired is not None
    assert not shipped.blueprints["AI-900"].status_confirmed


def test_lab_links_point_both_ways_at_real_questions_and_labs(shipped):
    labs = {lab.id: lab.questions for lab in lab_registry.list_labs()}
    listed = Counter(q for questions in labs.values() for q in questions)
    assert [q for q, n in listed.items() if n > 1] == [], "a question is listed by two labs"
    assert sorted(listed.keys() - shipped.questions.keys()) == [], "listed, not a live question"
    linked = {qid: q.lab for qid, q in shipped.questions.items() if q.lab is not None}
    assert {qid: lab for qid, lab in linked.items() if lab not in labs} == {}, "no such lab"
    backed = {q: lab_id for lab_id, questions in labs.items() for q in questions}
    assert backed == linked, "a link is missing from the question or from the lab's META"
    assert [lab_id for lab_id, questions in labs.items() if len(questions) < 2] == []


def test_enough_of_the_bank_is_demonstrated_by_a_lab(shipped):
    linked = sum(q.lab is not None for q in shipped.questions.values())
    share = linked / len(shipped.questions)
    assert share >= MIN_LAB_SHARE, (
        f"{linked} of {len(shipped.questions)} live questions ({share:.1%}) link to a lab"
    )
