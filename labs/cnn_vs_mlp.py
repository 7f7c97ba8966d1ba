"""Patterns at positions unseen in training: a tiny CNN recognises them, a 14x larger MLP cannot."""

from __future__ import annotations

META: LabMeta = {
    "id": "cnn-vs-mlp",
    "title": "Shifted patterns: small CNN vs larger MLP",
    "claim": (
        "Trained on 1-D patterns that appear only in the left part of the input and tested on "
        "the same patterns shifted into the right part, a CNN with under 200 parameters "
        "(shared filters, global max pooling) stays above 90% accuracy, while an MLP with over "
        "10 times as many parameters falls to near chance."
    ),
    "questions": [
        "lab-cnn-vs-mlp",
        "cnn-parameter-sharing-count",
        "cnn-vs-mlp-image-outcome",
        "arch-mlp-image-scaling",
        "arch-universal-approximation-claim",
    ],
    "topic": "cnn",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter, decide, spread

MODELS = ("CNN", "MLP")
LENGTH, WIDTH, CLASSES, FILTERS, HIDDEN, NOISE = 32, 5, 4, 16, 64, 0.25
TRAIN_POSITIONS, SHIFTED_POSITIONS = range(12), range(16, LENGTH - WIDTH + 1)
# Tuning seeds 0-49: the CNN's median accuracy on shifted patterns was 93-100%, the MLP fitted
# its training data (100%). With noise 0.3, 256 training examples and 50 steps the margins were
# the same and a cold run 0.08 s longer.
N_TRAIN, N_TEST, STEPS = 192, 256, 40
OPTIMIZER = optax.flatten(optax.adam(0.05))  # one flat vector: fewer kernels to compile
MEMBERS = 3  # the effect is large and each run costs: three runs decide it
#: Supported when the median accuracy gap on unseen positions (CNN minus MLP) exceeds GAP points
#: and the CNN's median stays above 90%.
GAP = 40.0
MARGIN = "threshold 40; on audited seeds 5000-5199 the effect ranged 61.7 to 83.2"
# One LLVM module instead of many: the same code, compiled with less fixed cost per module.
COMPILE = jaxkit.COMPILE_BALANCED | {"xla_cpu_parallel_codegen_split_count": 1}
# Every run of WIDTH consecutive inputs; the convolution applies one filter bank to each.
WINDOWS = np.arange(LENGTH - WIDTH + 1)[:, None] + np.arange(WIDTH)


def make_data(rng: np.random.Generator, motifs: np.ndarray, positions: range, n: int) -> tuple:
    """Noise with one class motif pasted at a random position drawn from ``positions``.

    Returns the inputs, their sliding windows (cut once here: a gather inside the training
    loop costs more than the whole CNN) and the labels.
    """
    y = rng.integers(0, CLASSES, n)
    x = rng.normal(0.0, NOISE, (n, LENGTH))
    starts = rng.choice(positions, n)
    x[np.arange(n)[:, None], starts[:, None] + np.arange(WIDTH)] += motifs[y]
    return x.astype(np.float32), x[:, WINDOWS].astype(np.float32), y


def cnn(params: dict, windows: jnp.ndarray) -> jnp.ndarray:
    """1-D convolution (the same filters on every window), ReLU, global max pool, dense."""
    features = jax.nn.relu(jaxkit.dense(windows, params["filters"], params["filter_bias"]))
    pooled = features.max(axis=1)  # where along the input the motif sits no longer matters
    return jaxkit.dense(pooled, params["w"], params["b"])


def mlp(params: jaxkit.Params, x: jnp.ndarray) -> jnp.ndarray:
    return jaxkit.mlp_apply(params, x, jax.nn.relu)


def logits(nets: tuple, x: jnp.ndarray, windows: jnp.ndarray) -> tuple[jnp.ndarray, jnp.ndarray]:
    return cnn(nets[0], windows), mlp(nets[1], x)


def losses(nets: tuple, x: jnp.ndarray, windows: jnp.ndarray, y: jnp.ndarray) -> jnp.ndarray:
    scores = logits(nets, x, windows)
    return jnp.stack([optax.softmax_cross_entropy_with_integer_labels(s, y).mean() for s in scores])


def adam_step(carry: tuple, _: None, data: tuple) -> tuple[tuple, dict]:
    nets, opt_state = carry
    x, windows, y = data[0]
    # The two models share no parameters: the gradient of the summed loss trains each alone.
    per_model, vjp = jax.vjp(lambda n: losses(n, x, windows, y), nets)
    (grads,) = vjp(jnp.ones_like(per_model))
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    metrics = {f"loss/{name}": per_model[i] for i, name in enumerate(MODELS)}
    return (optax.apply_updates(nets, updates), opt_state), metrics


def accuracies(nets: tuple, data: tuple) -> list[float]:
    """Accuracy (%) of both trained models on a data set, evaluated in NumPy."""
    x, windows, y = data
    features = np.maximum(windows @ nets[0]["filters"] + nets[0]["filter_bias"], 0).max(axis=1)
    cnn_scores = features @ nets[0]["w"] + nets[0]["b"]
    mlp_scores = jaxkit.mlp_apply(nets[1], x, lambda z: np.maximum(z, 0))
    return [100 * float(np.mean(s.argmax(axis=1) == y)) for s in (cnn_scores, mlp_scores)]


def member(rng: np.random.Generator) -> tuple:
    """One member: its motifs, training and shifted test data, and both starting networks."""
    # Orthogonal motifs of unit RMS: equally visible and as unlike one another as possible.
    motifs = np.linalg.qr(rng.normal(size=(WIDTH, CLASSES)))[0].T * np.sqrt(WIDTH)
    train = make_data(rng, motifs, TRAIN_POSITIONS, N_TRAIN)
    shifted = make_data(rng, motifs, SHIFTED_POSITIONS, N_TEST)
    (filters, filter_bias), (w, b) = jaxkit.mlp_init(rng, [WIDTH, FILTERS, CLASSES])
    nets = (
        {"filters": filters, "filter_bias": filter_bias, "w": w, "b": b},
        jaxkit.mlp_init(rng, [LENGTH, HIDDEN, CLASSES]),
    )
    return (train, shifted), nets


def run(seed: int = 0, reporter: Reporter | None = None, threshold: float = GAP) -> LabResult:
    reporter = reporter or Reporter()  # it also times the run
    jaxkit.setup()
    data, nets = zip(*(member(rng) for rng in jaxkit.member_rngs(seed, MEMBERS)), strict=True)
    nets = jaxkit.stack(nets)
    (nets, _), history = jaxkit.train_chunked(
        adam_step,
        (nets, jaxkit.zero_state(OPTIMIZER, nets)),
        steps=STEPS,
        hp=jaxkit.stack(data),
        reporter=reporter,
        compiler_options=COMPILE,
        ensemble=True,
    )

    # Everything after training runs on NumPy copies: an eager JAX op would compile.
    trained = jaxkit.members_of(jax.device_get(nets))
    sizes = [sum(np.size(leaf) for leaf in jax.tree_util.tree_leaves(net)) for net in trained[0]]
    fitted = np.array([accuracies(net, d[0]) for net, d in zip(trained, data, strict=True)])
    fit = {name: fitted[:, i] for i, name in enumerate(MODELS)}
    scores = np.array([accuracies(net, d[1]) for net, d in zip(trained, data, strict=True)])
    shifted = {name: scores[:, i] for i, name in enumerate(MODELS)}
    gaps = shifted["CNN"] - shifted["MLP"]
    evidence = []
    for i, name in enumerate(MODELS):
        evidence += [
            Evidence(f"{name}: parameters", sizes[i]),
            Evidence.of(f"{name}: training accuracy", fit[name], "%"),
            Evidence.of(f"{name}: test accuracy, patterns at unseen positions", shifted[name], "%"),
        ]
    evidence.append(Evidence.of("unseen positions: CNN minus MLP accuracy", gaps, "points"))
    curves = [
        jaxkit.curve(f"loss/{name}", np.median(history[f"loss/{name}"], 1)) for name in MODELS
    ]

    cnn, mlp, gap = spread(shifted["CNN"]), spread(shifted["MLP"]), spread(gaps)
    cnn_size, mlp_size = sizes
    decision = decide(
        bool(gap.median > threshold and cnn.median > 90 and mlp_size > 10 * cnn_size),
        supported=(
            f"Both models fitted the training positions. On patterns shifted to unseen positions "
            f"the {cnn_size}-parameter CNN scored {cnn.text('%')} while the {mlp_size}-parameter "
            f"MLP scored {mlp.text('%')} (chance: {100 / CLASSES:.0f}%): a median gap of "
            f"{gap.median:.0f} points, past the {threshold:g}-point mark. The CNN applies one "
            f"filter bank everywhere and pools; the MLP's weights are tied to positions."
        ),
        not_supported=(
            f"On patterns shifted to unseen positions the CNN scored {cnn.text('%')} and the MLP "
            f"{mlp.text('%')}: a median gap of {gap.median:.0f} points, short of the "
            f"{threshold:g}-point mark (or a CNN median under 90%). This contradicts the claim "
            f"that the small CNN keeps recognising shifted patterns while the MLP falls to "
            f"near chance."
        ),
        lab_id=META["id"],
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=jaxkit.device_label(),
        supports=decision.supports,
        verdict=decision.text,
        evidence=evidence,
        curves=curves,
        seconds=reporter.elapsed(),
        members=MEMBERS,
        effect=gap.median,
        effect_label="unseen positions, CNN minus MLP accuracy (points, median of runs)",
        threshold=threshold,
        margin=MARGIN,
    )
