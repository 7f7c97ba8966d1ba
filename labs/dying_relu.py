"""ReLU units negative for every input get no gradient and stay dead; Leaky ReLU units recover."""

META = {
    "id": "dying-relu",
    "title": "Dying ReLU: dead units never recover, leaky ones do",
    "claim": (
        "After the hidden biases are pushed strongly negative (as a too-large update can do), most "
        "ReLU units output zero for every input and stay that way through training, with the loss "
        "stuck near chance; with Leaky ReLU the same units receive a small gradient, come back to "
        "life and the network fits the data."
    ),
    "questions": ["lab-dying-relu"],
    "topic": "activations",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> slope for negative inputs (0 is ReLU; 0.01 is the usual Leaky ReLU default).
ACTIVATIONS = {"relu": 0.0, "leaky": 0.01}
SIZES = [2, 64, 64, 1]
BAD_BIAS = -3.0
STEPS = 300
OPTIMIZER = optax.adam(0.01)


def forward(params: jaxkit.Params, x: jnp.ndarray, slope: jnp.ndarray) -> tuple[jnp.ndarray, list]:
    """The logits and each hidden layer's pre-activations."""
    pre, h = [], x
    for w, b in params[:-1]:
        z = jaxkit.dense(h, w, b)
        pre.append(z)
        h = jnp.where(z > 0, z, slope * z)
    w, b = params[-1]
    return jaxkit.dense(h, w, b)[:, 0], pre


def dead_fraction(params: jaxkit.Params, x: jnp.ndarray, slope: jnp.ndarray) -> jnp.ndarray:
    """Share of hidden units whose input is negative for every example: zero output for ReLU."""
    _, pre = forward(params, x, slope)
    return jnp.mean(jnp.concatenate([jnp.all(z <= 0, axis=0) for z in pre]))


def loss_fn(
    params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray, slope: jnp.ndarray
) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(forward(params, x, slope)[0], y).mean()


def train_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    slope, x, y = hp
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y, slope)
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    params = optax.apply_updates(params, updates)
    return (params, opt_state), {"loss": loss, "dead": dead_fraction(params, x, slope)}


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 200, noise=0.1)
    layers = jaxkit.mlp_init(rng, SIZES)
    init = [(w, np.full_like(b, BAD_BIAS)) for w, b in layers[:-1]] + layers[-1:]
    opt_state = jaxkit.init_optimizer(OPTIMIZER, init)

    evidence, curves, dead, final = [], [], {}, {}
    for i, (name, slope) in enumerate(ACTIVATIONS.items()):
        _, history = jaxkit.train_chunked(
            train_step,
            (init, opt_state),
            steps=STEPS,
            hp=(np.float32(slope), x, y),
            reporter=reporter,
            offset=i * STEPS,
            total=len(ACTIVATIONS) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_FAST,
        )
        dead[name] = (float(history["dead"][0]), float(history["dead"][-1]))
        final[name] = float(history["loss"][-1])
        evidence += [
            Evidence(
                f"units negative for every input after step 1, {name}",
                round(100 * dead[name][0], 1),
                "%",
            ),
            Evidence(
                f"units negative for every input after step {STEPS}, {name}",
                round(100 * dead[name][1], 1),
                "%",
            ),
            Evidence(f"final loss, {name}", final[name]),
        ]
        curves.append(jaxkit.curve(f"dead/{name}", history["dead"]))
        curves.append(jaxkit.curve(f"loss/{name}", history["loss"]))

    # ln 2 is the loss of predicting the class balance: what the output bias alone can learn.
    relu_stuck = dead["relu"][0] >= 0.5 and dead["relu"][1] >= dead["relu"][0] - 0.02
    relu_stuck = relu_stuck and final["relu"] > np.log(2) - 0.01
    leaky_recovers = dead["leaky"][1] <= dead["leaky"][0] - 0.25 and final["leaky"] < 0.1
    supports = bool(relu_stuck and leaky_recovers)
    verdict = (
        f"With biases at {BAD_BIAS:g}, {100 * dead['relu'][0]:.0f}% of the ReLU units were dead "
        f"after "
        f"the first step and {100 * dead['relu'][1]:.0f}% still were after {STEPS} Adam steps "
        f"(loss {final['relu']:.3f}); with Leaky ReLU the share fell from "
        f"{100 * dead['leaky'][0]:.0f}% "
        f"to {100 * dead['leaky'][1]:.0f}% and the loss reached {final['leaky']:.3f}."
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
