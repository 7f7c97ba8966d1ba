"""From a confidently wrong start, cross-entropy corrects a sigmoid classifier; MSE stalls."""

from __future__ import annotations

META: LabMeta = {
    "id": "cross-entropy-vs-mse",
    "title": "Classification: cross-entropy vs MSE on sigmoid outputs",
    "claim": (
        "Starting from confidently wrong predictions, a sigmoid classifier trained with "
        "cross-entropy is corrected within 10 SGD steps, while with MSE its gradient starts "
        "over 100 times smaller and it stays wrong on a plateau, needing more than 10 times "
        "as many steps to reach the same accuracy."
    ),
    "questions": [
        "lab-cross-entropy-vs-mse",
        "loss-mse-stalls-classifier",
        "loss-ce-confident-mistakes",
        "loss-binary-standard",
        "lab-cross-entropy-vs-mse-gradient",
    ],
    "topic": "losses",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter, decide, spread

LOSSES = ("cross-entropy", "MSE")
N, STEPS, LEARNING_RATE = 400, 300, 1.0
MEMBERS = jaxkit.MEMBERS
#: Supported when MSE needs over RATIO times the steps cross-entropy needs (median of the runs),
#: with cross-entropy there within 10 steps and a starting gradient ratio over 100.
RATIO = 10.0
MARGIN = "threshold 10; on audited seeds 1000-1199 the effect ranged 36 to 43.2"
WRONG_SCALE = 5.0  # initial weights point the wrong way: logits around -7.5, sigmoid near 0 or 1


def make_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two well-separated Gaussian blobs along a random direction; returns (x, y, direction)."""
    direction = rng.normal(size=2)
    direction /= np.linalg.norm(direction)
    y = rng.integers(0, 2, N).astype(np.float32)
    x = np.outer(3.0 * y - 1.5, direction) + rng.normal(0.0, 0.5, (N, 2))
    return x.astype(np.float32), y, direction.astype(np.float32)


def logits(params: jnp.ndarray, x: jnp.ndarray) -> jnp.ndarray:
    """Scores of each copy of the classifier, (points, copies): ``params[i] = (w1, w2, b)``."""
    return x @ params[:, :2].T + params[None, :, 2]


def losses(params: jnp.ndarray, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    """Cross-entropy for the first copy, squared error on the sigmoid output for the second."""
    z = logits(params, x)
    return jnp.stack(
        [
            optax.sigmoid_binary_cross_entropy(z[:, 0], y).mean(),
            jnp.mean((jax.nn.sigmoid(z[:, 1]) - y) ** 2),
        ]
    )


def sgd_step(params: jnp.ndarray, _: None, hp: tuple) -> tuple[jnp.ndarray, dict]:
    lr, x, y = hp
    # The copies share no parameters, so differentiating the summed loss trains each on its own.
    per_loss, vjp = jax.vjp(lambda p: losses(p, x, y), params)
    (grads,) = vjp(jnp.ones_like(per_loss))
    accuracy = jnp.mean((logits(params, x) > 0) == (y[:, None] > 0.5), axis=0)
    metrics = {f"accuracy/{name}": accuracy[i] for i, name in enumerate(LOSSES)}
    metrics |= {f"grad_norm/{name}": jnp.linalg.norm(grads[i]) for i, name in enumerate(LOSSES)}
    return params - lr * grads, metrics


def member(rng: np.random.Generator) -> tuple:
    """One member's data and its confidently wrong start (both copies start there)."""
    x, y, direction = make_data(rng)
    wrong = np.append(-WRONG_SCALE * direction, 0.0).astype(np.float32)
    return np.stack([wrong, wrong]), (np.float32(LEARNING_RATE), x, y)


def run(seed: int = 0, reporter: Reporter | None = None, threshold: float = RATIO) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    params, hp = zip(*(member(rng) for rng in jaxkit.member_rngs(seed, MEMBERS)), strict=True)
    _, history = jaxkit.train_chunked(
        sgd_step,
        jaxkit.stack(params),
        steps=STEPS,
        hp=jaxkit.stack(hp),
        reporter=reporter,
        ensemble=True,
    )

    grad_ratio = history["grad_norm/cross-entropy"][0] / history["grad_norm/MSE"][0]
    start = 100 * history["accuracy/MSE"][0]
    evidence = [
        Evidence.of("accuracy at the start", start, "%"),
        Evidence.of("gradient norm at the start, cross-entropy / MSE", grad_ratio, "x"),
    ]
    reached = {}
    for name in LOSSES:
        accuracy = history[f"accuracy/{name}"]
        # Steps taken before the first time accuracy reached 95% (STEPS if it never did).
        hit = accuracy >= 0.95
        reached[name] = np.where(hit.any(axis=0), hit.argmax(axis=0), STEPS)
        evidence += [
            Evidence.of(f"steps to reach 95% accuracy, {name}", reached[name]),
            Evidence.of(f"accuracy after {STEPS} steps, {name}", 100 * accuracy[-1], "%"),
        ]
    curves = [
        jaxkit.curve(f"accuracy/{name}", np.median(history[f"accuracy/{name}"], axis=1))
        for name in LOSSES
    ]
    slowdown = reached["MSE"] / np.maximum(reached["cross-entropy"], 1)
    evidence.append(Evidence.of("steps to 95%, MSE / cross-entropy", slowdown, "x"))

    ce, mse, ratio, grads = (
        spread(reached["cross-entropy"]),
        spread(reached["MSE"]),
        spread(slowdown),
        spread(grad_ratio),
    )
    never = "" if mse.median < STEPS else f" (a median of {STEPS} means it had not got there)"
    measured = (
        f"Over {MEMBERS} runs, both copies started {spread(start).text('%')} accurate with "
        f"saturated sigmoids. With a gradient {grads.text('x')} larger than MSE's, cross-entropy "
        f"reached 95% accuracy in {ce.text('steps')}; MSE took {mse.text('steps')}{never}"
    )
    shows = grads.median > 100 and ce.median <= 10
    decision = decide(
        bool(shows and ratio.median > threshold),
        supported=(
            f"{measured}: MSE's gradient carries the factor sigmoid'(z), which vanishes at "
            f"saturation."
        ),
        not_supported=(
            f"{measured}. This contradicts the claim that cross-entropy corrects the model within "
            f"10 steps while MSE needs over {threshold:g} times as many (marks: gradient ratio "
            f"over 100, cross-entropy within 10 steps, MSE over {threshold:g}x slower)."
        ),
        lab_id=META["id"],
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=decision.supports,
        verdict=decision.text,
        evidence=evidence,
        curves=curves,
        seconds=reporter.elapsed(),
        members=MEMBERS,
        effect=ratio.median,
        effect_label="steps to 95% accuracy, MSE / cross-entropy (x, median of runs)",
        threshold=threshold,
        margin=MARGIN,
    )
