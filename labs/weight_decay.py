"""An L2 penalty of 0.01 keeps weights small and narrows an overfitting network's train/val gap."""

META = {
    "id": "weight-decay",
    "title": "L2 regularisation: smaller weights, smaller generalisation gap",
    "claim": (
        "A 2-128-128-1 network trained on 100 noisy points overfits: its training loss nears zero "
        "while its validation loss climbs. With an L2 penalty of 0.01 on the weights, the weights "
        "stay many times smaller and the gap between validation and training loss is much narrower."
    ),
    "questions": ["lab-weight-decay"],
    "topic": "regularization",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> L2 coefficient (penalty = coefficient * sum of squared weights).
PENALTIES = {"no penalty": 0.0, "L2 0.01": 0.01}
SIZES = [2, 128, 128, 1]
STEPS = 150
OPTIMIZER = optax.adam(0.01)


def data_loss(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    logits = jaxkit.mlp_apply(params, x, jax.nn.relu)[:, 0]
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def weight_norm_sq(params: jaxkit.Params) -> jnp.ndarray:
    return sum(jnp.sum(w**2) for w, _ in params)  # biases are not penalised


def train_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    l2, x, y, x_val, y_val = hp

    def objective(p: jaxkit.Params) -> tuple[jnp.ndarray, jnp.ndarray]:
        fit = data_loss(p, x, y)
        return fit + l2 * weight_norm_sq(p), fit

    (_, train), grads = jax.value_and_grad(objective, has_aux=True)(params)
    metrics = {
        "train": train,
        "val": data_loss(params, x_val, y_val),
        "norm": jnp.sqrt(weight_norm_sq(params)),
    }
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    return (optax.apply_updates(params, updates), opt_state), metrics


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 100, noise=0.3)
    x_val, y_val = jaxkit.moons_data(rng, 200, noise=0.3)
    init = jaxkit.mlp_init(rng, SIZES)
    opt_state = jaxkit.init_optimizer(OPTIMIZER, init)

    evidence, curves, gap, norm = [], [], {}, {}
    for i, (name, l2) in enumerate(PENALTIES.items()):
        _, history = jaxkit.train_chunked(
            train_step,
            (init, opt_state),
            steps=STEPS,
            hp=(np.float32(l2), x, y, x_val, y_val),
            reporter=reporter,
            offset=i * STEPS,
            total=len(PENALTIES) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_FAST,
        )
        train, val = float(history["train"][-1]), float(history["val"][-1])
        gap[name], norm[name] = val - train, float(history["norm"][-1])
        evidence += [
            Evidence(f"training loss, {name}", train),
            Evidence(f"validation loss, {name}", val),
            Evidence(f"gap (validation - training), {name}", gap[name]),
            Evidence(f"weight norm, {name}", norm[name]),
        ]
        curves += [jaxkit.curve(f"{split}/{name}", history[split]) for split in ("train", "val")]

    plain, l2 = PENALTIES
    supports = bool(gap[l2] < gap[plain] / 2 and norm[l2] < norm[plain] / 2)
    verdict = (
        f"Without a penalty the validation loss ended {gap[plain]:.3f} above the training loss; "
        f"with L2 0.01 the gap was {gap[l2]:.3f}, and the weight norm {norm[l2]:.1f} instead of "
        f"{norm[plain]:.1f}."
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
