"""In a 10-layer sigmoid network the first layer's gradient vanishes; with ReLU it does not."""

META = {
    "id": "vanishing-gradients",
    "title": "Vanishing gradients: deep sigmoid vs ReLU",
    "claim": (
        "At initialisation the first layer of a 10-layer sigmoid network receives a gradient "
        "thousands of times smaller than the same layer of a 10-layer ReLU network, and with "
        "plain SGD the sigmoid network gets no further than the chance-level loss (ln 2) while "
        "the ReLU network fits the data."
    ),
    "questions": ["lab-vanishing-gradients"],
    "topic": "backprop",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> (mix, init gain): the activation is mix * sigmoid + (1 - mix) * relu, so one compiled
#: step serves both networks. Each gets its usual initialisation (Glorot for sigmoid, He for ReLU).
NETWORKS = {"sigmoid": (1.0, 1.0), "relu": (0.0, 2.0)}
SIZES = [2] + [32] * 9 + [1]  # 10 weight layers
LEARNING_RATE = 0.1
STEPS = 200


def predict(params: tuple, x: jnp.ndarray, mix: jnp.ndarray) -> jnp.ndarray:
    (w_in, b_in), hidden, (w_out, b_out) = params

    def act(h: jnp.ndarray) -> jnp.ndarray:
        return mix * jax.nn.sigmoid(h) + (1 - mix) * jax.nn.relu(h)

    def layer(h: jnp.ndarray, wb: tuple) -> tuple[jnp.ndarray, None]:
        w, b = wb
        return act(jaxkit.dense(h, w, b)), None

    h, _ = jax.lax.scan(
        layer, act(jaxkit.dense(x, w_in, b_in)), hidden
    )  # one compiled body for all layers
    return jaxkit.dense(h, w_out, b_out)[:, 0]


def loss_fn(params: tuple, x: jnp.ndarray, y: jnp.ndarray, mix: jnp.ndarray) -> jnp.ndarray:
    return optax.sigmoid_binary_cross_entropy(predict(params, x, mix), y).mean()


def sgd_step(params: tuple, _: None, hp: tuple) -> tuple[tuple, dict]:
    mix, x, y = hp
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y, mix)
    first_layer = jnp.sqrt(jnp.sum(grads[0][0] ** 2))  # gradient w.r.t. the first weight matrix
    params = jax.tree_util.tree_map(lambda p, g: p - LEARNING_RATE * g, params, grads)
    return params, {"loss": loss, "grad_norm_layer1": first_layer}


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 200, noise=0.1)

    evidence, curves, grad0, final = [], [], {}, {}
    for i, (name, (mix, gain)) in enumerate(NETWORKS.items()):
        init = jaxkit.stack_hidden(jaxkit.mlp_init(rng, SIZES, gain=gain))
        _, history = jaxkit.train_chunked(
            sgd_step,
            init,
            steps=STEPS,
            hp=(np.float32(mix), x, y),
            reporter=reporter,
            offset=i * STEPS,
            total=len(NETWORKS) * STEPS,
            tag=name,
            compiler_options=jaxkit.COMPILE_BALANCED,
        )
        loss = history["loss"]
        grad0[name] = float(history["grad_norm_layer1"][0])  # the gradient at initialisation
        final[name] = float(loss[-1])
        evidence += [
            Evidence(f"first-layer gradient norm at init, {name}", grad0[name]),
            Evidence(f"loss at start, {name}", float(loss[0])),
            Evidence(f"loss after {STEPS} SGD steps, {name}", final[name]),
        ]
        curves.append(jaxkit.curve(f"loss/{name}", loss))
        curves.append(jaxkit.curve(f"grad_norm_layer1/{name}", history["grad_norm_layer1"]))

    ratio = grad0["relu"] / grad0["sigmoid"]
    evidence.append(Evidence("gradient ratio ReLU / sigmoid at init", ratio, "x"))
    # ln 2 is the loss of predicting the class balance: the output layer alone can learn that.
    sigmoid_stuck = final["sigmoid"] > np.log(2) - 0.01
    supports = bool(ratio >= 1000 and sigmoid_stuck and final["relu"] < 0.2)
    verdict = (
        f"At initialisation the first-layer gradient was {grad0['sigmoid']:.1e} with sigmoid and "
        f"{grad0['relu']:.1e} with ReLU ({ratio:.0f}x larger); after {STEPS} SGD steps the sigmoid "
        f"network's loss was {final['sigmoid']:.3f} (chance level is ln 2 = 0.693), the ReLU "
        f"network's {final['relu']:.3f}."
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
