"""Skip connections let a deep ReLU network train where the same network without them stalls."""

META = {
    "id": "residual-depth",
    "title": "Residual connections: training a deep network",
    "claim": (
        "With the same 20 hidden layers, the same initialisation (PyTorch's default scale) and "
        "SGD with momentum, the plain ReLU network stays at the chance-level loss while the "
        "version with residual (skip) connections fits the data."
    ),
    "questions": ["lab-residual-depth"],
    "topic": "training",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> weight of the skip path: each hidden layer computes skip * h + relu(h @ w + b).
NETWORKS = {"plain": 0.0, "residual": 1.0}
DEPTH, WIDTH = 20, 16
#: PyTorch's nn.Linear default draws weights with variance 1 / (3 fan_in): a gain of 1/3.
INIT_GAIN = 1 / 3
STEPS = 150
OPTIMIZER = optax.sgd(0.01, momentum=0.9)


def predict(params: tuple, x: jnp.ndarray, skip: jnp.ndarray) -> jnp.ndarray:
    (w_in, b_in), hidden, (w_out, b_out) = params

    def layer(h: jnp.ndarray, wb: tuple) -> tuple[jnp.ndarray, None]:
        w, b = wb
        return skip * h + jax.nn.relu(jaxkit.dense(h, w, b)), None

    h, _ = jax.lax.scan(
        layer, jaxkit.dense(x, w_in, b_in), hidden
    )  # one compiled body for all layers
    return jaxkit.dense(h, w_out, b_out)[:, 0]


def loss_fn(params: tuple, x: jnp.ndarray, y: jnp.ndarray, skip: jnp.ndarray) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(predict(params, x, skip), y).mean()


def train_step(carry: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    params, opt_state = carry
    skip, x, y = hp
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y, skip)
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    first_layer = jnp.sqrt(jnp.sum(grads[0][0] ** 2))
    return (optax.apply_updates(params, updates), opt_state), {
        "loss": loss,
        "grad_norm_layer1": first_layer,
    }


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 200, noise=0.1)
    init = jaxkit.stack_hidden(
        jaxkit.mlp_init(rng, [2] + [WIDTH] * (DEPTH + 1) + [1], gain=INIT_GAIN)
    )
    opt_state = jaxkit.init_optimizer(OPTIMIZER, init)

    evidence, curves, final, grad0 = [], [], {}, {}
    for i, (name, skip) in enumerate(NETWORKS.items()):
        _, history = jaxkit.train_chunked(
            train_step,
            (init, opt_state),
            steps=STEPS,
            hp=(np.float32(skip), x, y),
            reporter=reporter,
            offset=i * STEPS,
            total=len(NETWORKS) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_BALANCED,
        )
        final[name] = float(history["loss"][-1])
        grad0[name] = float(history["grad_norm_layer1"][0])
        evidence += [
            Evidence(f"first-layer gradient norm at init, {name}", grad0[name]),
            Evidence(f"loss after {STEPS} steps, {name}", final[name]),
        ]
        curves.append(jaxkit.curve(f"loss/{name}", history["loss"]))

    # ln 2 is the loss of predicting the class balance, which needs no hidden layer at all.
    plain_stuck = final["plain"] > np.log(2) - 0.01
    supports = bool(plain_stuck and final["residual"] < 0.1)
    verdict = (
        f"After {STEPS} steps the plain {DEPTH}-layer network's loss was {final['plain']:.3f} "
        f"(chance level ln 2 = 0.693; its first layer got a gradient of {grad0['plain']:.1e}), "
        f"while the residual network reached {final['residual']:.3f}."
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
