"""Without a nonlinearity, a deep network is one linear map and cannot fit XOR; with ReLU it can."""

META = {
    "id": "activation-xor",
    "title": "Nonlinear activations: a deep linear network cannot fit XOR",
    "claim": (
        "A four-layer network with no activation function stays near the accuracy of the best "
        "straight line on XOR (at most about 75%), while the same network with ReLU between the "
        "layers fits it almost perfectly."
    ),
    "questions": ["lab-activation-xor"],
    "topic": "activations",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> slope of the activation for negative inputs: 1 is the identity, 0 is ReLU.
#: One leaky-ReLU step function covers both, so both networks share one compile.
NETWORKS = {"linear": 1.0, "relu": 0.0}
SIZES = [2, 16, 16, 16, 1]
STEPS = 300
OPTIMIZER = optax.adam(0.01)


def predict(params: jaxkit.Params, x: jnp.ndarray, slope: jnp.ndarray) -> jnp.ndarray:
    return jaxkit.mlp_apply(params, x, lambda h: jnp.where(h > 0, h, slope * h))[:, 0]


def loss_fn(
    params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray, slope: jnp.ndarray
) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(predict(params, x, slope), y).mean()


def train_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    slope, x, y = hp
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y, slope)
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    params = optax.apply_updates(params, updates)
    accuracy = jnp.mean((predict(params, x, slope) > 0) == (y > 0.5))
    return (params, opt_state), {"loss": loss, "accuracy": accuracy}


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.xor_data(rng, 200, noise=0.2)
    init = jaxkit.mlp_init(rng, SIZES)

    evidence, curves, accuracy = [], [], {}
    for i, (name, slope) in enumerate(NETWORKS.items()):
        carry = (init, jaxkit.init_optimizer(OPTIMIZER, init))
        _, history = jaxkit.train_chunked(
            train_step,
            carry,
            steps=STEPS,
            hp=(np.float32(slope), x, y),
            reporter=reporter,
            offset=i * STEPS,
            total=len(NETWORKS) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_FAST,
        )
        accuracy[name] = float(history["accuracy"][-1])
        evidence += [
            Evidence(f"training accuracy, {name} network", round(100 * accuracy[name], 1), "%"),
            Evidence(f"final loss, {name} network", float(history["loss"][-1])),
        ]
        curves.append(jaxkit.curve(f"accuracy/{name}", history["accuracy"]))

    supports = accuracy["linear"] <= 0.8 and accuracy["relu"] >= 0.97
    verdict = (
        f"After {STEPS} Adam steps the linear network fits {100 * accuracy['linear']:.0f}% of the "
        f"XOR points (no line can do better than about 75%), the ReLU network "
        f"{100 * accuracy['relu']:.0f}%: stacked linear layers are still one linear map."
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=bool(supports),
        verdict=verdict,
        evidence=evidence,
        curves=curves,
        seconds=reporter.elapsed(),
    )
