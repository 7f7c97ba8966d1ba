"""Plain SGD on a tanh MLP: too high a learning rate oscillates or diverges, too low crawls."""

META = {
    "id": "learning-rate",
    "title": "Learning rate: too high oscillates, too low crawls",
    "claim": (
        "With plain SGD on a small tanh network, a very high learning rate makes the loss jump "
        "up and down (or overflow) and end far above where a moderate rate gets, while a very "
        "low rate lowers the loss smoothly but only a little in the same number of steps."
    ),
    "questions": ["lab-learning-rate"],
    "topic": "optimizers",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

#: name -> SGD learning rate. 64 oscillates on every seed; at 8 it does not (LABS.md).
RATES = {"too low": 0.005, "moderate": 0.5, "too high": 64.0}
STEPS = 300


def loss_fn(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    logits = jaxkit.mlp_apply(params, x, jnp.tanh)[:, 0]
    return optax.sigmoid_binary_cross_entropy(logits, y).mean()


def sgd_step(params: jaxkit.Params, _: None, hp: tuple) -> tuple[jaxkit.Params, dict]:
    lr, x, y = hp
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    params = jax.tree_util.tree_map(lambda p, g: p - lr * g, params, grads)
    return params, {"loss": loss}


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = jaxkit.moons_data(rng, 200, noise=0.1)
    init = jaxkit.mlp_init(rng, [2, 16, 16, 1], gain=1.0)

    evidence, curves, final, uphill = [], [], {}, {}
    for i, (name, lr) in enumerate(RATES.items()):
        _, history = jaxkit.train_chunked(
            sgd_step,
            init,
            steps=STEPS,
            hp=(np.float32(lr), x, y),
            reporter=reporter,
            offset=i * STEPS,
            total=len(RATES) * STEPS,
            tag=f"lr={lr:g}",
            compiler_options=jaxkit.COMPILE_FAST,
        )
        loss = history["loss"]
        final[name] = float(loss[-1])
        # An oscillating run goes uphill on many steps; a diverged one ends in NaN/inf.
        uphill[name] = float(np.mean(~(np.diff(loss) <= 0)))
        evidence += [
            Evidence(f"final loss, {name} rate ({lr:g})", final[name]),
            Evidence(
                f"steps where the loss went up, {name} rate", round(100 * uphill[name], 1), "%"
            ),
        ]
        curves.append(jaxkit.curve(f"loss/lr={lr:g}", loss))
    evidence.insert(0, Evidence("initial loss", float(loss[0])))

    high, low, mid = final["too high"], final["too low"], final["moderate"]
    high_unstable = not np.isfinite(high) or (uphill["too high"] >= 0.2 and high > 10 * mid)
    low_crawls = uphill["too low"] == 0 and low > 10 * mid
    supports = bool(high_unstable and low_crawls and uphill["moderate"] < 0.05)
    high_text = "diverged" if not np.isfinite(high) else f"ended at {high:.3g}"
    verdict = (
        f"After {STEPS} SGD steps the moderate rate reached a loss of {mid:.3f}; the too-high rate "
        f"went uphill on {100 * uphill['too high']:.0f}% of its steps and {high_text}, while the "
        f"too-low rate fell smoothly from {float(loss[0]):.3f} only to {low:.3f}."
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
