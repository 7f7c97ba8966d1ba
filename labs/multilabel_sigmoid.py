"""Multi-label targets: softmax makes labels compete; per-class sigmoids can say yes to several."""

META = {
    "id": "multilabel-sigmoid",
    "title": "Multi-label outputs: softmax vs per-class sigmoid",
    "claim": (
        "On examples that carry two or more labels at once, a softmax head never gives every "
        "true label a probability above 0.5 (its outputs sum to 1), while per-class sigmoids "
        "trained with binary cross-entropy do so on over 90% of them."
    ),
    "questions": ["lab-multilabel-sigmoid"],
    "topic": "losses",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

HEADS = ("softmax", "sigmoid")
FEATURES, LABELS = 8, 4
N_TRAIN, N_TEST, STEPS = 1000, 2000, 300
OPTIMIZER = optax.adam(0.05)


def make_data(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Each label is on where its own random linear function of x is positive (about 40% each).

    Examples with no label at all are dropped: a softmax target needs at least one.
    """
    w = rng.normal(size=(FEATURES, LABELS))
    w /= np.linalg.norm(w, axis=0)
    x = rng.normal(size=(2 * (N_TRAIN + N_TEST), FEATURES)).astype(np.float32)
    y = (x @ w > 0.25).astype(np.float32)
    x, y = x[y.sum(1) > 0], y[y.sum(1) > 0]  # about 15% have none; twice the need is plenty
    return x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN : N_TRAIN + N_TEST], y[N_TRAIN : N_TRAIN + N_TEST]


def logits(params: jnp.ndarray, x: jnp.ndarray) -> jnp.ndarray:
    """Both heads' scores, shape (heads, points, labels); ``params[h, -1]`` holds the biases.

    Plain operators only, so the same code runs on JAX arrays (training) and NumPy (testing).
    """
    return x[None] @ params[:, :-1] + params[:, -1:]


def predict(params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per-label probabilities, in NumPy: the softmax head's sum to 1, the sigmoid head's do not."""
    z = logits(params, x)
    softmax = np.exp(z[0] - z[0].max(axis=1, keepdims=True))
    return np.stack([softmax / softmax.sum(axis=1, keepdims=True), 1 / (1 + np.exp(-z[1]))])


def losses(params: jnp.ndarray, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    z = logits(params, x)
    # Softmax is trained on the label set spread evenly (two labels -> 0.5 each): the usual
    # way to force multi-label data through a single softmax.
    spread = y / y.sum(axis=1, keepdims=True)
    return jnp.stack(
        [
            optax.softmax_cross_entropy(z[0], spread).mean(),
            optax.sigmoid_binary_cross_entropy(z[1], y).mean(),
        ]
    )


def adam_step(carry: tuple, _: None, data: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    x, y = data
    # The heads share no parameters, so differentiating the summed loss trains each on its own.
    per_head, vjp = jax.vjp(lambda p: losses(p, x, y), params)
    (grads,) = vjp(jnp.ones_like(per_head))
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    metrics = {f"loss/{name}": per_head[i] for i, name in enumerate(HEADS)}
    return (optax.apply_updates(params, updates), opt_state), metrics


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y, x_test, y_test = make_data(rng)
    params = np.zeros((len(HEADS), FEATURES + 1, LABELS), np.float32)  # last row: biases
    (params, _), history = jaxkit.train_chunked(
        adam_step,
        (params, jaxkit.init_optimizer(OPTIMIZER, params)),
        steps=STEPS,
        hp=(x, y),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )

    probs = predict(np.asarray(params), x_test)
    several = y_test.sum(axis=1) >= 2
    multi_probs, multi_y = probs[:, several], y_test[several]
    lowest_true = np.where(multi_y > 0, multi_probs, np.inf).min(axis=2)  # absent labels ignored
    all_high = 100 * (lowest_true > 0.5).mean(axis=1)
    mean_true = ((multi_probs * multi_y).sum(axis=2) / multi_y.sum(axis=1)).mean(axis=1)
    exact = 100 * ((probs > 0.5) == (y_test > 0)).all(axis=2).mean(axis=1)
    evidence = [Evidence("test examples with two or more labels", 100 * float(several.mean()), "%")]
    for i, name in enumerate(HEADS):
        evidence += [
            Evidence(
                f"{name}: multi-label examples with every true label above 0.5",
                float(all_high[i]),
                "%",
            ),
            Evidence(
                f"{name}: mean probability of a true label (multi-label examples)",
                float(mean_true[i]),
            ),
            Evidence(f"{name}: test examples with the exact label set right", float(exact[i]), "%"),
        ]
    curves = [jaxkit.curve(f"loss/{name}", history[f"loss/{name}"]) for name in HEADS]

    supports = bool(all_high[0] == 0 and all_high[1] > 90 and exact[1] > exact[0] + 20)
    verdict = (
        f"On the {100 * several.mean():.0f}% of test examples with several labels, softmax put "
        f"every true label above 0.5 on {all_high[0]:.0f}% of them (its probabilities must share a "
        f"total of 1) and sigmoids on {all_high[1]:.0f}%; the exact label set was right on "
        f"{exact[0]:.0f}% vs {exact[1]:.0f}% of all test examples."
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
