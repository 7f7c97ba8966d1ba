"""Full batch, mini-batch and single-sample SGD: updates per epoch, progress per epoch and noise."""

from __future__ import annotations

META: LabMeta = {
    "id": "batch-size",
    "title": "Batch size: full batch vs mini-batch vs one sample at a time",
    "claim": (
        "With the same learning rate and number of epochs, smaller batches make more updates per "
        "epoch and reach a lower loss, but the loss measured on each batch scatters far more "
        "around the true (full-data) loss; full-batch training gives a smooth curve and the "
        "least progress per epoch."
    ),
    "questions": [
        "lab-batch-size",
        "opt-minibatch-vs-batch-gd",
        "opt-sgd-noise-single-sample",
        "train-bigger-batch-effects",
        "opt-full-batch-properties",
    ],
    "topic": "training",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter, decide, spread

N = 128
BATCHES = {"full batch": N, "mini-batch": 16, "single sample": 1}
EPOCHS = 4
LEARNING_RATE = 0.05
#: Steps per compiled chunk, shared by all three runs so that they share one compile.
CHUNK = EPOCHS
MEMBERS = jaxkit.MEMBERS
#: Supported when more than SHARE percent of the runs show both orderings: loss single < mini <
#: full, and batch-loss scatter full (none) < mini < single.
SHARE = 50.0
MARGIN = "threshold 50; on audited seeds 4000-4199 the effect ranged 100 to 100"


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


def full_loss_np(params: jaxkit.Params, x: np.ndarray, y: np.ndarray) -> float:
    """The full-data loss in NumPy (nothing to compile)."""
    logits = jaxkit.mlp_apply(params, x, np.tanh)[:, 0]
    return float(np.mean(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits)))))


def run(seed: int = 0, reporter: Reporter | None = None, threshold: float = SHARE) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    members = []
    for rng in jaxkit.member_rngs(seed, MEMBERS):
        x, y = jaxkit.moons_data(rng, N, noise=0.15)
        init = jaxkit.mlp_init(rng, [2, 16, 16, 1], gain=1.0)
        members.append((x, y, init, [batch_weights(rng, b) for b in BATCHES.values()]))
    # Every (batch size, member) pair is one run of the ensemble, all in one program. Shorter
    # schedules are padded with all-zero weight rows: no update, so they simply wait.
    steps = max(len(w) for w in members[0][3])
    xs = np.zeros((steps, len(BATCHES) * MEMBERS, N), np.float32)
    for i in range(len(BATCHES)):
        for j, m in enumerate(members):
            xs[: len(m[3][i]), i * MEMBERS + j] = m[3][i]
    params, history = jaxkit.train_chunked(
        sgd_step,
        jaxkit.stack([m[2] for _ in BATCHES for m in members]),
        steps=steps,
        xs=xs,
        hp=jaxkit.stack([(m[0], m[1]) for _ in BATCHES for m in members]),
        chunks=steps // CHUNK // 16,
        reporter=reporter,
        ensemble=True,
        xs_axis=0,
        compiler_options=jaxkit.COMPILE_BALANCED,  # measured: 0.3 s less than the defaults
    )
    params = jaxkit.members_of(jax.device_get(params))

    evidence, curves, final, scatter = [], [], {}, {}
    for i, name in enumerate(BATCHES):
        runs = range(i * MEMBERS, (i + 1) * MEMBERS)
        updates = len(members[0][3][i])
        final[name] = np.array([full_loss_np(params[r], *members[r % MEMBERS][:2]) for r in runs])
        # How far the loss seen on each batch strays from the loss on all the data.
        batch, full = history["batch_loss"][:updates, runs], history["full_loss"][:updates, runs]
        scatter[name] = np.sqrt(np.mean((batch - full) ** 2, axis=0))
        evidence += [
            Evidence(f"updates per epoch, {name}", updates // EPOCHS),
            Evidence.of(f"full-data loss after {EPOCHS} epochs, {name}", final[name]),
            Evidence.of(f"batch-loss scatter around the full-data loss, {name}", scatter[name]),
        ]
        curves.append(jaxkit.curve(f"batch_loss/{name}", np.median(batch, axis=1)))
    evidence.insert(0, Evidence.of("initial loss", history["full_loss"][0, :MEMBERS]))

    full, mini, single = (final[name] for name in BATCHES)
    s_full, s_mini, s_single = (scatter[name] for name in BATCHES)
    ordered = (single < mini) & (mini < full)
    ordered &= (s_full < 1e-6) & (s_mini > 1e-6) & (s_mini < s_single)
    share = 100 * float(np.mean(ordered))
    evidence.append(Evidence("runs showing both orderings", share, "%"))
    per_run = [len(w) for w in members[0][3]]
    measured = (
        f"Over {MEMBERS} runs of {EPOCHS} epochs at the same rate, the full batch ({per_run[0]} "
        f"updates) reached a loss of {spread(full).text()}, mini-batches of 16 ({per_run[1]} "
        f"updates) {spread(mini).text()} and single samples ({per_run[2]} updates) "
        f"{spread(single).text()}; the batch loss scattered around the true loss by "
        f"{spread(s_mini).text()} with mini-batches and {spread(s_single).text()} with single "
        f"samples. {share:.0f}% of runs showed both orderings"
    )
    decision = decide(
        share > threshold,
        supported=f"{measured} (the mark: over {threshold:g}%).",
        not_supported=(
            f"{measured}, not over {threshold:g}%. This contradicts the claim that smaller batches "
            f"make more, noisier updates per epoch and so get further in the same epochs."
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
        effect=share,
        effect_label="runs showing both orderings (loss and scatter) (%)",
        threshold=threshold,
        margin=MARGIN,
    )
