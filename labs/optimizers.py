"""On an ill-conditioned least-squares problem, momentum and adaptive optimizers beat plain SGD."""

META = {
    "id": "optimizers",
    "title": "Optimizers on an ill-conditioned problem: SGD, momentum, RMSprop, Adagrad, Adam(W)",
    "claim": (
        "On a linear regression whose input features differ in scale by 100x, plain SGD at a "
        "learning rate safe for its steepest direction ends a fixed budget of steps with the "
        "highest loss of the six optimizers: momentum and the per-parameter adaptive methods "
        "(RMSprop, Adagrad, Adam, AdamW) all get much further in the same number of steps."
    ),
    "questions": ["lab-optimizers"],
    "topic": "optimizers",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

N, FEATURES = 256, 10
STEPS = 1000


def optimizers(sgd_lr: jnp.ndarray | float) -> dict[str, optax.GradientTransformation]:
    """The six optimizers; SGD and momentum share one rate, the adaptive ones common defaults."""
    return {
        "SGD": optax.sgd(sgd_lr),
        "momentum": optax.sgd(sgd_lr, momentum=0.9),
        "RMSprop": optax.rmsprop(0.003),
        "Adagrad": optax.adagrad(0.5),
        "Adam": optax.adam(0.1),
        "AdamW": optax.adamw(0.1, weight_decay=1e-4),
    }


def make_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    scales = np.logspace(0, 2, FEATURES)  # 1 ... 100: curvatures differ 10,000x across weights
    x = rng.normal(size=(N, FEATURES)) * scales
    w_true = rng.normal(size=FEATURES) / scales  # every feature explains about as much of y
    y = x @ w_true + 0.01 * rng.normal(size=N)
    return x.astype(np.float32), y.astype(np.float32)


def loss_fn(w: jnp.ndarray, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    return 0.5 * jnp.mean((x @ w - y) ** 2)


def init_states(w: jnp.ndarray) -> dict:
    return {name: (w, opt.init(w)) for name, opt in optimizers(1.0).items()}


def step(carry: dict, _: None, hp: tuple) -> tuple[dict, dict]:
    """One step of every optimizer, so that all six share one compiled program."""
    sgd_lr, x, y = hp
    new, metrics = {}, {}
    for name, opt in optimizers(sgd_lr).items():
        w, state = carry[name]
        loss, grad = jax.value_and_grad(loss_fn)(w, x, y)
        updates, state = opt.update(grad, state, w)
        new[name] = (optax.apply_updates(w, updates), state)
        metrics[f"loss/{name}"] = loss
    return new, metrics


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = make_data(rng)
    # SGD diverges above a rate of 2 / (largest curvature); 1 / curvature is the classic choice.
    curvature = float(np.linalg.eigvalsh(x.T.astype(np.float64) @ x / N).max())
    carry = jaxkit.compiled_call(init_states, np.zeros(FEATURES, np.float32))
    _, history = jaxkit.train_chunked(
        step,
        carry,
        steps=STEPS,
        hp=(np.float32(1 / curvature), x, y),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )

    start = float(history["loss/SGD"][0])
    final = {name: float(history[f"loss/{name}"][-1]) for name in optimizers(1.0)}
    evidence = [
        Evidence("initial loss", start),
        Evidence("SGD learning rate (1 / largest curvature)", 1 / curvature),
    ]
    evidence += [
        Evidence(f"loss after {STEPS} steps, {name}", value) for name, value in final.items()
    ]
    curves = [jaxkit.curve(f"loss/{name}", history[f"loss/{name}"]) for name in final]

    others = {name: value for name, value in final.items() if name != "SGD"}
    worst_other = max(others, key=lambda name: others[name])
    supports = bool(np.isfinite(final["SGD"]) and final["SGD"] > 3 * others[worst_other])
    verdict = (
        f"From a loss of {start:.3g}, plain SGD reached {final['SGD']:.3g} in {STEPS} steps; the "
        f"worst of the other five ({worst_other}) reached {others[worst_other]:.3g} and the best "
        f"{min(others.values()):.3g}: SGD crawls along the flat, small-scale directions."
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
