"""Dropout (rate 0.5) narrows the train/validation gap of a network overfitting 64 noisy points."""

from __future__ import annotations

META: LabMeta = {
    "id": "dropout",
    "title": "Dropout against overfitting",
    "claim": (
        "A 2-128-128-1 network trained on 64 noisy points overfits: its training loss falls "
        "toward zero while its validation loss climbs. Trained with dropout at rate 0.5 on both "
        "hidden layers, the same network ends with a clearly smaller gap between validation and "
        "training loss."
    ),
    "questions": [
        "lab-dropout",
        "reg-overfit-apply-dropout",
        "lab-dropout-loss-shift",
        "lab-dropout-gap-source",
    ],
    "topic": "regularization",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter, decide, spread

#: name -> dropout rate (share of hidden units zeroed on each step, independently per example).
RATES = {"no dropout": 0.0, "dropout 0.5": 0.5}
N, WIDTH, NOISE = 64, 128, 0.4
STEPS = 60
CHUNKS = 10  # progress reports, and points on each loss curve
LENGTH = STEPS // CHUNKS
OPTIMIZER = optax.adam(0.02)
MEMBERS = 3  # the effect is large and each run costs: three runs decide it
#: Supported when dropout narrows the validation-training gap by over CUT percent (median).
CUT = 25.0
MARGIN = "threshold 25; on audited seeds 6000-6199 the effect ranged 39 to 98"


def forward(params: jaxkit.Params, x: jnp.ndarray, masks: tuple) -> jnp.ndarray:
    """Logits; each hidden layer is multiplied by its mask: 0, or 1 / keep (inverted dropout)."""
    (w1, b1), (w2, b2), (w3, b3) = params
    h = jax.nn.relu(jaxkit.dense(x, w1, b1)) * masks[0]
    h = jax.nn.relu(jaxkit.dense(h, w2, b2)) * masks[1]
    return jaxkit.dense(h, w3, b3)[:, 0]


def bce(logits: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def train_chunk(carry: tuple, masks: tuple, hp: tuple) -> tuple[tuple, dict]:
    """One chunk: LENGTH steps with masks, then the losses of the whole network.

    Measuring the losses once per chunk rather than after every step halves the work; doing it
    inside the compiled program keeps NumPy's threaded matrix products out of the run.
    """
    x, y, x_val, y_val = hp

    def step(i: jnp.ndarray, state: tuple) -> tuple:
        params, opt_state = state
        mask = tuple(layer[i] for layer in masks)
        grads = jax.grad(lambda p: bce(forward(p, x, mask), y))(params)
        updates, opt_state = OPTIMIZER.update(grads, opt_state)
        return optax.apply_updates(params, updates), opt_state

    params, opt_state = jax.lax.fori_loop(0, LENGTH, step, carry)

    def whole(inputs: jnp.ndarray) -> jnp.ndarray:
        """Evaluation uses the whole network: no masks, no rescaling."""
        return jaxkit.mlp_apply(params, inputs, jax.nn.relu)[:, 0]

    return (params, opt_state), {"train": bce(whole(x), y), "val": bce(whole(x_val), y_val)}


def dropout_draws(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Per layer, one random byte for every step, example and hidden unit, drawn in NumPy
    (random numbers inside the step cost compile time). A unit is kept where its byte is at
    least 256 * rate: both rates share one draw per member."""
    shape = (STEPS, N, WIDTH)
    return tuple(
        np.frombuffer(rng.bytes(STEPS * N * WIDTH), np.uint8).reshape(shape) for _ in range(2)
    )


def run(seed: int = 0, reporter: Reporter | None = None, threshold: float = CUT) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    members = []
    for rng in jaxkit.member_rngs(seed, MEMBERS):
        x, y = jaxkit.moons_data(rng, N, noise=NOISE)
        x_val, y_val = jaxkit.moons_data(rng, 200, noise=NOISE)
        init = jaxkit.mlp_init(rng, [2, WIDTH, WIDTH, 1])
        members.append(((x, y, x_val, y_val), init, dropout_draws(rng)))
    # Every (rate, member) pair is one run of the ensemble, all in one program; both rates
    # share each member's data, starting weights and draws. Rate-major order: i * MEMBERS + j.
    configs = [(rate, *m) for rate in RATES.values() for m in members]
    init = jaxkit.stack([params for _, _, params, _ in configs])
    hp = jaxkit.stack([data for _, data, _, _ in configs])
    masks = tuple(
        # Scaled by 1 / keep here, not in the step: fewer operations per step.
        np.stack(
            [(draws[layer] >= 256 * rate) / np.float32(1 - rate) for rate, *_, draws in configs]
        )
        for layer in range(2)
    )
    carry = (init, jaxkit.zero_state(OPTIMIZER, init))
    # One compiled call per chunk of LENGTH steps, each measuring once at its end; each call
    # takes its chunk's masks, shaped (1, runs, LENGTH, ...).
    per_chunk = tuple(
        np.swapaxes(mask.reshape(mask.shape[0], CHUNKS, LENGTH, *mask.shape[2:]), 0, 1)
        for mask in masks
    )
    _, history = jaxkit.train_chunked(
        train_chunk,
        carry,
        steps=CHUNKS,
        chunks=CHUNKS,
        every=LENGTH,
        xs=per_chunk,
        hp=hp,
        reporter=reporter,
        ensemble=True,
        xs_axis=0,
        compiler_options=jaxkit.COMPILE_FAST,  # measured: a short run, so compile dominates
    )

    evidence, curves, gap = [], [], {}
    for i, name in enumerate(RATES):
        runs = slice(i * MEMBERS, (i + 1) * MEMBERS)
        train, val = history["train"][-1, runs], history["val"][-1, runs]
        gap[name] = val - train
        evidence += [
            Evidence.of(f"training loss, {name}", train),
            Evidence.of(f"validation loss, {name}", val),
            Evidence.of(f"gap (validation - training), {name}", gap[name]),
        ]
        curves += [
            jaxkit.curve(
                f"{split}/{name}", np.median(history[split][:, runs], axis=1), every=LENGTH
            )
            for split in ("train", "val")
        ]
    plain, dropped = RATES
    cuts = 100 * (1 - gap[dropped] / gap[plain])
    evidence.append(Evidence.of("gap narrowed by dropout", cuts, "%"))

    cut = spread(cuts)
    measured = (
        f"Over {MEMBERS} runs, without dropout the validation loss ended "
        f"{spread(gap[plain]).text()} above the training loss; with dropout 0.5 the gap was "
        f"{spread(gap[dropped]).text()}, narrowed by {cut.text('%')}"
    )
    decision = decide(
        bool(cut.median > threshold),
        supported=f"{measured}, past the {threshold:g}% mark.",
        not_supported=(
            f"{measured}, short of the {threshold:g}% mark. This contradicts the claim that "
            f"dropout leaves a clearly smaller gap between validation and training loss."
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
        effect=cut.median,
        effect_label="validation-training gap narrowed by dropout (%, median of runs)",
        threshold=threshold,
        margin=MARGIN,
    )
