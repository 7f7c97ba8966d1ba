"""95/5 imbalance: unweighted, accuracy looks high while the minority is missed; weighting helps."""

META = {
    "id": "class-weighting",
    "title": "Class imbalance: unweighted vs class-weighted loss",
    "claim": (
        "With 95% of examples in one class, a classifier trained with an unweighted loss scores "
        "high accuracy but finds under half of the minority class; weighting the loss by inverse "
        "class frequency raises minority recall above 70% and balanced accuracy by over 10 "
        "points, at the cost of some plain accuracy."
    ),
    "questions": ["lab-class-weighting"],
    "topic": "data",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

LOSSES = ("unweighted", "weighted")
MINORITY_SHARE, SEPARATION = 0.05, 2.0  # class means 2 standard deviations apart: they overlap
N_TRAIN, N_TEST, STEPS = 2000, 10000, 300
OPTIMIZER = optax.adam(0.05)


def make_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Majority around the origin, minority shifted along the first axis; unit-variance noise."""
    y = (rng.random(n) < MINORITY_SHARE).astype(np.float32)
    x = rng.normal(size=(n, 2))
    x[:, 0] += SEPARATION * y
    return x.astype(np.float32), y


def losses(
    params: jnp.ndarray, x: jnp.ndarray, y: jnp.ndarray, minority_weight: jnp.ndarray
) -> jnp.ndarray:
    """Logistic-regression loss of each copy: ``params[i] = (w1, w2, b)``, weights per copy."""
    logits = x @ params[:, :2].T + params[None, :, 2]  # (points, copies)
    per_example = optax.sigmoid_binary_cross_entropy(logits, y[:, None])
    weights = jnp.where(y[:, None] > 0.5, minority_weight, 1.0)
    return jnp.sum(weights * per_example, axis=0) / jnp.sum(weights, axis=0)


def adam_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    x, y, minority_weight = hp
    # The copies share no parameters, so differentiating the summed loss trains each on its own.
    per_copy, vjp = jax.vjp(lambda p: losses(p, x, y, minority_weight), params)
    (grads,) = vjp(jnp.ones_like(per_copy))
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    metrics = {f"loss/{name}": per_copy[i] for i, name in enumerate(LOSSES)}
    return (optax.apply_updates(params, updates), opt_state), metrics


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = make_data(rng, N_TRAIN)
    x_test, y_test = make_data(rng, N_TEST)
    # Inverse class frequency: the minority then counts as much in total as the majority.
    minority_weight = np.array([1.0, (y == 0).sum() / (y == 1).sum()], np.float32)
    params = np.zeros((len(LOSSES), 3), np.float32)
    (params, _), history = jaxkit.train_chunked(
        adam_step,
        (params, jaxkit.init_optimizer(OPTIMIZER, params)),
        steps=STEPS,
        hp=(x, y, minority_weight),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )

    params = np.asarray(params)
    predicted = x_test @ params[:, :2].T + params[None, :, 2] > 0  # (points, copies)
    actual = y_test[:, None] > 0.5
    accuracy = 100 * (predicted == actual).mean(axis=0)
    recall = 100 * predicted[actual[:, 0]].mean(axis=0)
    specificity = 100 * (~predicted[~actual[:, 0]]).mean(axis=0)
    balanced = (recall + specificity) / 2
    evidence = [
        Evidence("minority share of the test set", 100 * float(y_test.mean()), "%"),
        Evidence("accuracy of always answering 'majority'", 100 * float(1 - y_test.mean()), "%"),
        Evidence("minority weight in the weighted loss", float(minority_weight[1]), "x"),
    ]
    for i, name in enumerate(LOSSES):
        evidence += [
            Evidence(f"{name}: accuracy", float(accuracy[i]), "%"),
            Evidence(f"{name}: minority recall", float(recall[i]), "%"),
            Evidence(f"{name}: balanced accuracy", float(balanced[i]), "%"),
        ]
    curves = [jaxkit.curve(f"loss/{name}", history[f"loss/{name}"]) for name in LOSSES]

    (acc_u, acc_w), (rec_u, rec_w), (bal_u, bal_w) = accuracy, recall, balanced
    supports = bool(acc_u > 93 and rec_u < 50 and rec_w > 70 and bal_w > bal_u + 10)
    verdict = (
        f"Unweighted, the classifier was {acc_u:.1f}% accurate yet caught only {rec_u:.0f}% of "
        f"the minority class (balanced accuracy {bal_u:.0f}%). Weighting the minority "
        f"{minority_weight[1]:.0f}x raised recall to {rec_w:.0f}% and balanced accuracy to "
        f"{bal_w:.0f}%, while plain accuracy fell to {acc_w:.1f}%: accuracy alone hides the "
        f"missed minority."
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=supports,
        verdict=verdict,
        evidence=evidence,
        curves=curves,
    )
