"""Full batch, mini-batch and single-sample SGD: updates per epoch, progress per epoch and noise."""

META = {
    "id": "batch-size",
    "title": "Batch size: full batch vs mini-batch vs one sample at a time",
    "claim": (
        "With the same learning rate and number of epochs, smaller batches make more updates per "
        "epoch and reach a lower loss, but the loss measured on each batch scatters far more "
        "around the true (full-data) loss; full-batch training gives a smooth curve and the "
        "least progress per epoch."
    ),
    "questions": ["lab-batch-size"],
    "topic": "training",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

N = 128
BATCHES = {"full batch": N, "mini-batch": 16, "single sample": 1}
EPOCHS = 4
LEARNING_RATE = 0.05
#: Steps per compiled chunk, shared by all three runs so that they share one compile.
CHUNK = EPOCHS


def batch_weights(rng: np.random.Generator, batch: int) -> np.ndarray:
    """One row per update: weight 1 / batch on that update's examples, 0 elsewhere.

    Weighting the whole data set keeps every step the same shape, so one compiled step serves
    every batch size (the price: each step computes all N examples, so this lab says nothing
    about time per epoch).
    """
    rows = []
    for _ in range(EPOCHS):
        for idx in np.split(rng.permutation(N), N // batch):
            row = np.zeros(N, np.float32)
            row[idx] = 1.0 / batch
            rows.append(row)
    return np.stack(rows)


def losses(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    logits = jaxkit.mlp_apply(params, x, jnp.tanh)[:, 0]
    return optax.sigmoid_binary_cross_entropy(logits, y)


def mean_loss(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    return jnp.mean(losses(params, x, y))


def sgd_step(params: jaxkit.Params, weights: jnp.ndarray, hp: tuple) -> tuple[jaxkit.Params, dict]:
    x, y = hp
    batch_loss, grads = jax.value_and_grad(lambda p: jnp.sum(weights * losses(p, x, y)))(params)
    full_loss = mean_loss(params, x, y)  # what the batch loss estimates
    params = jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads)
    return params, {"batch_loss": batch_loss, "full_loss": full_loss}


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, N, noise=0.15)
    init = jaxkit.mlp_init(rng, [2, 16, 16, 1], gain=1.0)
    schedules = {name: batch_weights(rng, batch) for name, batch in BATCHES.items()}
    total = sum(len(w) for w in schedules.values())

    evidence, curves, final, scatter, done = [], [], {}, {}, 0
    for name, weights in schedules.items():
        steps = len(weights)
        params, history = jaxkit.train_chunked(
            sgd_step,
            init,
            steps=steps,
            xs=weights,
            hp=(x, y),
            chunks=steps // CHUNK,
            reporter=reporter,
            offset=done,
            total=total,
            tag=name,
            compiler_options=jaxkit.COMPILE_FAST,
        )
        done += steps
        final[name] = float(jaxkit.compiled_call(mean_loss, params, x, y))
        # How far the loss seen on each batch strays from the loss on all the data.
        scatter[name] = float(np.sqrt(np.mean((history["batch_loss"] - history["full_loss"]) ** 2)))
        evidence += [
            Evidence(f"updates per epoch, {name}", steps // EPOCHS),
            Evidence(f"full-data loss after {EPOCHS} epochs, {name}", final[name]),
            Evidence(f"batch-loss scatter around the full-data loss, {name}", scatter[name]),
        ]
        curves.append(jaxkit.curve(f"batch_loss/{name}", history["batch_loss"]))
    evidence.insert(0, Evidence("initial loss", float(history["full_loss"][0])))

    full, mini, single = (final[name] for name in BATCHES)
    s_full, s_mini, s_single = (scatter[name] for name in BATCHES)
    supports = bool(single < mini < full and s_full < 1e-6 < s_mini < s_single)
    verdict = (
        f"After {EPOCHS} epochs at the same rate, the full batch ({EPOCHS} updates) reached a "
        f"loss of {full:.3f}, mini-batches of 16 ({len(schedules['mini-batch'])} updates) "
        f"{mini:.3f} and single samples ({len(schedules['single sample'])} updates) "
        f"{single:.3f}; the batch loss scattered around the true loss by {s_mini:.3f} with "
        f"mini-batches and {s_single:.3f} with single samples."
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=supports,
        verdict=verdict,
        evidence=evidence,
        curves=curves,
        seconds=reporter.elapsed(),
    )
