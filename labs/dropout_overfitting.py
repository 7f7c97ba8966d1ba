"""Dropout (rate 0.5) narrows the train/validation gap of a network overfitting 100 noisy points."""

META = {
    "id": "dropout",
    "title": "Dropout against overfitting",
    "claim": (
        "A 2-128-128-1 network trained on 100 noisy points overfits: its training loss nears zero "
        "while its validation loss climbs. Trained with dropout at rate 0.5 on both hidden layers, "
        "the same network ends with a clearly smaller gap between validation and training loss."
    ),
    "questions": ["lab-dropout"],
    "topic": "regularization",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> dropout rate (share of hidden units zeroed on each step, independently per example).
RATES = {"no dropout": 0.0, "dropout 0.5": 0.5}
N, WIDTH = 100, 128
STEPS = 150
OPTIMIZER = optax.adam(0.01)


def forward(params: jaxkit.Params, x: jnp.ndarray, masks: tuple, keep: jnp.ndarray) -> jnp.ndarray:
    """Logits; each hidden layer is multiplied by its 0/1 mask and by 1 / keep (inverted)."""
    (w1, b1), (w2, b2), (w3, b3) = params
    h = jax.nn.relu(jaxkit.dense(x, w1, b1)) * masks[0] / keep
    h = jax.nn.relu(jaxkit.dense(h, w2, b2)) * masks[1] / keep
    return jaxkit.dense(h, w3, b3)[:, 0]


def bce(logits: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def train_step(carry: tuple, masks: tuple, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    keep, x, y, x_val, y_val = hp
    grads = jax.grad(lambda p: bce(forward(p, x, masks, keep), y))(params)

    def whole(inputs: jnp.ndarray) -> jnp.ndarray:
        """Evaluation uses the whole network: no masks, no rescaling."""
        return jaxkit.mlp_apply(params, inputs, jax.nn.relu)[:, 0]

    metrics = {"train": bce(whole(x), y), "val": bce(whole(x_val), y_val)}
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    return (optax.apply_updates(params, updates), opt_state), metrics


def dropout_masks(rng: np.random.Generator, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks for every step, drawn in NumPy: random numbers inside the step cost compile time."""
    return tuple(rng.random((STEPS, N, WIDTH), dtype=np.float32) >= rate for _ in range(2))


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, N, noise=0.3)
    x_val, y_val = jaxkit.moons_data(rng, 200, noise=0.3)
    init = jaxkit.mlp_init(rng, [2, WIDTH, WIDTH, 1])
    opt_state = jaxkit.init_optimizer(OPTIMIZER, init)

    evidence, curves, gap = [], [], {}
    for i, (name, rate) in enumerate(RATES.items()):
        _, history = jaxkit.train_chunked(
            train_step,
            (init, opt_state),
            steps=STEPS,
            xs=dropout_masks(rng, rate),
            hp=(np.float32(1 - rate), x, y, x_val, y_val),
            reporter=reporter,
            offset=i * STEPS,
            total=len(RATES) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_FAST,
        )
        train, val = float(history["train"][-1]), float(history["val"][-1])
        gap[name] = val - train
        evidence += [
            Evidence(f"training loss, {name}", train),
            Evidence(f"validation loss, {name}", val),
            Evidence(f"gap (validation - training), {name}", gap[name]),
        ]
        curves += [jaxkit.curve(f"{split}/{name}", history[split]) for split in ("train", "val")]

    plain, dropped = RATES
    supports = bool(gap[dropped] < 0.75 * gap[plain])
    verdict = (
        f"Without dropout the validation loss ended {gap[plain]:.3f} above the training loss; with "
        f"dropout 0.5 the gap was {gap[dropped]:.3f} "
        f"({100 * (1 - gap[dropped] / gap[plain]):.0f}% smaller)."
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
