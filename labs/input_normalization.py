"""Features of very different scales saturate a tanh network and stall SGD; standardised it fits."""

META = {
    "id": "input-normalization",
    "title": "Input scaling: raw vs standardised features",
    "claim": (
        "With one feature around 1 and another in the thousands, a small tanh network trained "
        "by plain SGD, each run at its best learning rate, ends the same step budget with a "
        "loss over 50 times higher on the raw features than on standardised ones: the large "
        "feature saturates the hidden units and caps the stable learning rate."
    ),
    "questions": ["lab-input-normalization"],
    "topic": "data",
}

import jax
import jax.numpy as jnp
import numpy as np

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

INPUTS = ("raw", "standardised")
RATES = 10.0 ** -np.arange(6)  # 1 down to 1e-5: each input treatment gets its best rate
SATURATED = 3.0  # |pre-activation| beyond which tanh' < 0.01
SIZES = [2, 16, 1]
N, STEPS = 400, 400


def make_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A feature of order 1 and one of order 1000 (say, a ratio and an amount in dollars)."""
    z = rng.normal(size=(N, 2))
    y = np.tanh(2 * z[:, 0]) + 0.5 * z[:, 1]  # both features matter, on the standardised scale
    x = z * [1.0, 1000.0]
    return x.astype(np.float32), y.astype(np.float32)


def loss_fn(params: jaxkit.Params, x: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    return jnp.mean((jaxkit.mlp_apply(params, x, jnp.tanh)[:, 0] - y) ** 2)


def sgd_step(nets: jaxkit.Params, _: None, hp: tuple) -> tuple[jaxkit.Params, dict]:
    """One plain-SGD step of every (input treatment, rate) run at once, vectorised over runs."""
    rates, x, y = hp  # x: (runs, points, features)

    def one(params, rate, x):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - rate * g, params, grads), loss

    nets, losses = jax.vmap(one)(nets, rates, x)
    # For the live view: each input treatment's lowest loss over the rates at this step.
    per_input = losses.reshape(len(INPUTS), len(RATES))
    lowest = jnp.min(jnp.where(jnp.isfinite(per_input), per_input, jnp.inf), axis=1)
    metrics = {f"best_loss/{name}": lowest[i] for i, name in enumerate(INPUTS)}
    return nets, metrics | {"loss": losses}  # "loss": every run's, one value per run


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    x, y = make_data(rng)
    standardised = (x - x.mean(axis=0)) / x.std(axis=0)
    init = jaxkit.mlp_init(rng, SIZES, gain=1.0)
    runs = len(INPUTS) * len(RATES)
    nets = jax.tree_util.tree_map(lambda a: np.repeat(a[None], runs, axis=0), init)  # same start
    xs = np.repeat(np.stack([x, standardised]), len(RATES), axis=0)
    rates = np.tile(RATES, len(INPUTS)).astype(np.float32)
    _, history = jaxkit.train_chunked(
        sgd_step,
        nets,
        steps=STEPS,
        hp=(rates, xs, y),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_BALANCED,
    )
    losses = history["loss"].reshape(STEPS, len(INPUTS), len(RATES))

    final = losses[-1]  # NaN or inf where a rate diverged
    w, b = init[0]
    evidence, best, curves = [Evidence("loss of predicting the mean", float(y.var()))], {}, []
    for i, (name, inputs) in enumerate(zip(INPUTS, (x, standardised))):
        saturated = 100 * float(np.mean(np.abs(inputs @ w + b) > SATURATED))
        stable = np.isfinite(final[i])
        j = int(np.argmin(np.where(stable, final[i], np.inf)))
        best[name] = (float(RATES[j]), float(final[i, j]))
        evidence += [
            Evidence(f"{name}: hidden units saturated at the start", saturated, "%"),
            Evidence(
                f"{name}: largest rate that did not diverge", float(RATES[stable].max(initial=0))
            ),
            Evidence(f"{name}: loss after {STEPS} steps at its best rate", best[name][1]),
        ]
        curves.append(jaxkit.curve(f"loss/{name} (lr={best[name][0]:g})", losses[:, i, j]))

    (raw_rate, raw_loss), (std_rate, std_loss) = best["raw"], best["standardised"]
    supports = bool(np.isfinite(raw_loss) and raw_loss > 50 * std_loss)
    verdict = (
        f"At its best rate ({raw_rate:g}) the raw-input network ended {STEPS} SGD steps at a loss "
        f"of {raw_loss:.3f}, not far below the {y.var():.3f} of predicting the mean; with "
        f"standardised inputs (rate {std_rate:g}) it reached {std_loss:.4f}, "
        f"{raw_loss / std_loss:.0f}x lower. The feature in the thousands drives the tanh units "
        f"into saturation, where their gradients vanish, and makes larger rates diverge."
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
