"""Validation loss has a minimum; early stopping that restores the best weights beats the last."""

META = {
    "id": "early-stopping",
    "title": "Early stopping: patience and restoring the best weights",
    "claim": (
        "While a network overfits 100 noisy points, its validation loss falls to a minimum and "
        "then "
        "rises. Early stopping with a patience of 50 epochs stops some way after that minimum, and "
        "restoring the weights from the best epoch gives a lower loss on unseen test data than "
        "keeping the weights of the epoch where training stopped (compared on loss, not accuracy)."
    ),
    "questions": ["lab-early-stopping"],
    "topic": "regularization",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

SIZES = [2, 128, 128, 1]
EPOCHS = 200  # full-batch: one step is one epoch
PATIENCE = 50
VAL_SIZE = 500
OPTIMIZER = optax.adam(0.01)


def bce(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    logits = jaxkit.mlp_apply(params, x, jax.nn.relu)[:, 0]
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def train_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    x, y, x_val, y_val, x_test, y_test = hp
    train, grads = jax.value_and_grad(bce)(params, x, y)
    # The test loss is recorded for every epoch only to judge the weights early stopping picks;
    # the stopping rule itself sees nothing but the validation loss.
    metrics = {
        "train": train,
        "val": bce(params, x_val, y_val),
        "test": bce(params, x_test, y_test),
    }
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    return (optax.apply_updates(params, updates), opt_state), metrics


def stopping_epochs(val: np.ndarray, patience: int) -> tuple[int, int]:
    """(best epoch, stop epoch): stop when the validation loss has not improved for ``patience``."""
    best = 0
    for epoch, loss in enumerate(val):
        if loss < val[best]:
            best = epoch
        if epoch - best >= patience:
            return best, epoch
    return best, len(val) - 1


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 100, noise=0.3)
    x_val, y_val = jaxkit.moons_data(rng, VAL_SIZE, noise=0.3)
    x_test, y_test = jaxkit.moons_data(rng, VAL_SIZE, noise=0.3)
    init = jaxkit.mlp_init(rng, SIZES)
    _, history = jaxkit.train_chunked(
        train_step,
        (init, jaxkit.init_optimizer(OPTIMIZER, init)),
        steps=EPOCHS,
        hp=(x, y, x_val, y_val, x_test, y_test),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )
    val, test = history["val"], history["test"]
    best, stop = stopping_epochs(val, PATIENCE)
    # Metrics are measured before each update, so entry i belongs to the weights after i epochs.
    restored, last = float(test[best]), float(test[stop])

    evidence = [
        Evidence("epoch of the lowest validation loss", best),
        Evidence("lowest validation loss", float(val[best])),
        Evidence(f"validation loss after all {EPOCHS} epochs", float(val[-1])),
        Evidence(f"epoch where patience {PATIENCE} stops training", stop),
        Evidence("test loss, best weights restored", restored),
        Evidence("test loss, weights at the stopping epoch", last),
        Evidence(f"test loss, weights after all {EPOCHS} epochs", float(test[-1])),
    ]
    curves = [jaxkit.curve(f"{split}/loss", history[split]) for split in ("train", "val", "test")]

    has_minimum = stop < EPOCHS - 1 and val[-1] > 1.2 * val[best]
    supports = bool(has_minimum and restored < last)
    verdict = (
        f"The validation loss bottomed out at {val[best]:.3f} in epoch {best} and rose to "
        f"{val[-1]:.3f} by epoch {EPOCHS}; patience {PATIENCE} stopped training at epoch {stop}, "
        f"where the weights scored a test loss of {last:.3f}, against {restored:.3f} for the "
        f"restored best weights."
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
