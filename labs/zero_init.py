"""Zero initialisation never breaks symmetry: hidden units stay identical; random init learns."""

META = {
    "id": "zero-init",
    "title": "Zero vs random weight initialisation",
    "claim": (
        "A network whose weights all start at zero trains, but its hidden units receive "
        "identical updates and stay exact copies of one another, so the layer acts like a "
        "single unit and cannot fit a ring-shaped boundary; the same network from small random "
        "weights fits it."
    ),
    "questions": ["lab-zero-init"],
    "topic": "training",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

INITS = ("zero", "random")
SIZES = [2, 16, 1]
N, STEPS = 400, 300
OPTIMIZER = optax.sgd(1.0, momentum=0.9)


def make_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Label 1 inside a disc, 0 on a ring around it: no single straight line separates them."""
    y = rng.integers(0, 2, n)
    radius = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.8, 1.2, n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x.astype(np.float32), y.astype(np.float32)


def loss_fn(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    # Sigmoid units output 0.5 at zero, so zero weights still get gradients and move (tanh or
    # ReLU units would output 0 and not move at all): what zero init breaks is their diversity.
    logits = jaxkit.mlp_apply(params, x, jax.nn.sigmoid)[:, 0]
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def accuracy(params: jaxkit.Params, x: np.ndarray, y: np.ndarray) -> float:
    """Evaluated in NumPy: an eager JAX evaluation would compile op by op."""
    logits = jaxkit.mlp_apply(params, x, lambda z: 1 / (1 + np.exp(-z)))[:, 0]
    return float(np.mean((logits > 0) == (y > 0.5)))


def sgd_step(carry: tuple, _: None, data: tuple) -> tuple[tuple, dict]:
    nets, opt_state = carry
    x, y = data
    # The two networks share no parameters: the gradient of the summed loss trains each alone.
    per_net, vjp = jax.vjp(lambda ps: jnp.stack([loss_fn(p, x, y) for p in ps]), nets)
    (grads,) = vjp(jnp.ones_like(per_net))
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    metrics = {f"loss/{name}": per_net[i] for i, name in enumerate(INITS)}
    return (optax.apply_updates(nets, updates), opt_state), metrics


def unit_spread(params: jaxkit.Params) -> float:
    """Largest difference between any hidden unit's weights and the first unit's (in and out)."""
    (w1, b1), (w2, _) = params
    unit = np.concatenate([w1, b1[None], w2.T])  # one column per hidden unit
    return float(np.abs(unit - unit[:, :1]).max())


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = make_data(rng, N)
    x_test, y_test = make_data(rng, N)
    zero = [(np.zeros_like(w), np.zeros_like(b)) for w, b in jaxkit.mlp_init(rng, SIZES)]
    nets = (zero, jaxkit.mlp_init(rng, SIZES, gain=1.0))
    (nets, _), history = jaxkit.train_chunked(
        sgd_step,
        (nets, jaxkit.init_optimizer(OPTIMIZER, nets)),
        steps=STEPS,
        hp=(x, y),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )

    nets = jax.device_get(nets)
    spread = {name: unit_spread(net) for name, net in zip(INITS, nets)}
    moved = float(np.abs(nets[0][0][0]).max())  # zero-init first-layer weights did change
    test = {name: 100 * accuracy(net, x_test, y_test) for name, net in zip(INITS, nets)}
    evidence = [Evidence("zero init: largest first-layer weight after training", moved)]
    for name in INITS:
        evidence += [
            Evidence(f"{name} init: largest weight difference between hidden units", spread[name]),
            Evidence(f"{name} init: test accuracy", test[name], "%"),
        ]
    curves = [jaxkit.curve(f"loss/{name}", history[f"loss/{name}"]) for name in INITS]

    supports = bool(
        moved > 0.05
        and spread["zero"] < 1e-6
        and spread["random"] > 0.1
        and test["zero"] < 75
        and test["random"] > 90
    )
    verdict = (
        f"From zero, the first-layer weights grew to {moved:.2f} but all {SIZES[1]} hidden units "
        f"stayed identical (largest difference {spread['zero']:.1g}), so the layer acted as one "
        f"unit and reached only {test['zero']:.0f}% test accuracy (chance: 50%); from random "
        f"weights the units differed and the network reached {test['random']:.0f}%."
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
