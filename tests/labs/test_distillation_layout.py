"""The distillation lab's one training program: the teacher and the three students share one
block-diagonal layout, and a step moves only the networks that have targets."""

from __future__ import annotations

import jax
import numpy as np

from labs import distillation as lab
from labs import jaxkit


def nets(seed: int) -> tuple[jaxkit.Params, list[jaxkit.Params]]:
    rng = np.random.default_rng(seed)
    return jaxkit.mlp_init(rng, lab.TEACHER), [jaxkit.mlp_init(rng, lab.STUDENT) for _ in range(3)]


def test_each_network_comes_back_out_of_the_layout():
    teacher, students = nets(0)
    wide, mask = lab.side_by_side([teacher])
    np.testing.assert_array_equal(lab.block(wide, mask, 0)[1][0], teacher[1][0])
    wide, mask = lab.side_by_side(students)
    for i, student in enumerate(students):
        for (w, b), (w_back, b_back) in zip(student, lab.block(wide, mask, i), strict=True):
            np.testing.assert_array_equal(w_back, w)
            np.testing.assert_array_equal(b_back, b)


def test_a_teacher_step_leaves_the_slots_without_targets_at_zero():
    teacher, _ = nets(1)
    wide, mask = lab.side_by_side([teacher])
    x = np.random.default_rng(2).normal(size=(lab.TEACHER_BATCH, lab.FEATURES)).astype(np.float32)
    targets = np.zeros((lab.SLOTS, lab.TEACHER_BATCH, lab.CLASSES), np.float32)
    targets[0, :, 0] = 1
    state = jaxkit.zero_state(lab.OPTIMIZER, wide, ensemble=False)
    hp = (np.ones(lab.SLOTS, np.float32), mask)
    (after, _), metrics = jax.jit(lab.adam_step)((wide, state), (x, targets), hp)
    (w1, b1), (w2, b2) = jax.device_get(after)
    assert np.abs(w2[:, lab.CLASSES :]).max() == 0 and np.abs(b2[lab.CLASSES :]).max() == 0
    assert (
        np.abs(w2[:, : lab.CLASSES] - wide[1][0][:, : lab.CLASSES]).max() > 0
    )  # the teacher moved
    assert float(metrics[f"loss/{lab.STUDENTS[1]}"]) == 0.0


def test_a_student_step_keeps_each_student_on_its_own_hidden_units():
    _, students = nets(3)
    wide, mask = lab.side_by_side(students)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(lab.N_STUDENT, lab.FEATURES)).astype(np.float32)
    targets = lab.ONE_HOT[rng.integers(0, lab.CLASSES, (lab.SLOTS, lab.N_STUDENT))]
    state = jaxkit.zero_state(lab.OPTIMIZER, wide, ensemble=False)
    hp = (np.array([1.0, 1.0, lab.TEMPERATURE], np.float32), mask)
    (after, _), _ = jax.jit(lab.adam_step)((wide, state), (x, targets), hp)
    (w1, b1), (w2, _) = jax.device_get(after)
    assert np.abs(w2[mask == 0]).max() == 0  # no student reads another's hidden units
    unused = ~mask.any(axis=1)
    assert unused.sum() == lab.HIDDEN - 3 * lab.STUDENT[1]
    assert np.abs(w1[:, unused]).max() == 0 and np.abs(b1[unused]).max() == 0
    for i in range(lab.SLOTS):  # every student moved
        assert np.abs(lab.block(jax.device_get(after), mask, i)[1][0] - students[i][1][0]).max() > 0
