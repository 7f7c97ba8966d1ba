"""Transfer learning: pretrained features beat training from scratch when only 32 examples exist."""

META = {
    "id": "transfer-learning",
    "title": "Transfer learning vs training from scratch on little data",
    "claim": (
        "With only 32 labelled examples of a new task, a network whose feature layers were "
        "pretrained on a large related task and then frozen, with only a new output layer "
        "trained, reaches clearly higher test accuracy (by more than 5 points) than the same "
        "network trained from scratch on the 32 examples."
    ),
    "questions": ["lab-transfer-learning"],
    "topic": "transfer-learning",
}

import jax
import numpy as np
import optax

from labs import jaxkit
from labs.framework import Evidence, LabResult, Reporter

LENGTH, WIDTH, NOISE = 32, 5, 0.3  # signals of 32 values holding one 5-value pattern
SOURCE_CLASSES, TARGET_CLASSES = 10, 3
SIZES = [LENGTH, 128, 128, SOURCE_CLASSES]
BATCH, N_SOURCE, N_TEST = 32, 4000, 2000  # the target task has one batch of data: 32 examples
PRETRAIN_STEPS, TARGET_STEPS, CHUNK = 800, 200, 100
OPTIMIZER = optax.flatten(optax.adam(0.01))  # one flat vector: fewer kernels to compile
RUNS = ("pretrained, frozen features + new head", "from scratch")


def make_patterns(rng: np.random.Generator) -> dict:
    """Random patterns of unit RMS: 10 for the large source task, 3 new ones for the target task."""
    patterns = rng.normal(size=(SOURCE_CLASSES + TARGET_CLASSES, WIDTH))
    patterns /= np.sqrt((patterns**2).mean(axis=1, keepdims=True))
    return {"source": patterns[:SOURCE_CLASSES], "target": patterns[SOURCE_CLASSES:]}


def sample(rng: np.random.Generator, patterns: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Noise with one of ``patterns`` at a random position; the label says which pattern.

    Recognising a pattern anywhere takes many examples to learn; detectors learned for the
    source patterns also respond, each in its own way, to the new ones.
    """
    y = rng.integers(0, len(patterns), n)
    x = rng.normal(0.0, NOISE, (n, LENGTH))
    starts = rng.integers(0, LENGTH - WIDTH + 1, n)
    x[np.arange(n)[:, None], starts[:, None] + np.arange(WIDTH)] += patterns[y]
    return x.astype(np.float32), y


def adam_step(carry: tuple, batch: tuple, hp: tuple) -> tuple[tuple, dict]:
    """One step for every run: ``trainable`` freezes layers, ``offset`` masks unused outputs.

    All runs share this one compiled step (same shapes); the 3-class task masks the 7 unused
    outputs of the 10-way output layer with a large negative offset.
    """
    params, opt_state = carry
    x, y = batch
    trainable, offset = hp

    def loss_fn(params):
        logits = jaxkit.mlp_apply(params, x, jax.nn.relu) + offset[None]
        return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

    loss, grads = jax.value_and_grad(loss_fn)(params)
    grads = [(gw * t, gb * t) for (gw, gb), t in zip(grads, trainable)]  # frozen: zero gradient
    updates, opt_state = OPTIMIZER.update(grads, opt_state)
    return (optax.apply_updates(params, updates), opt_state), {"loss": loss}


def train(
    params: jaxkit.Params,
    batches: tuple,
    *,
    trainable: list[int],
    classes: int,
    reporter: Reporter | None,
    offset: int,
    tag: str,
) -> tuple[jaxkit.Params, np.ndarray]:
    """Train the layers marked trainable (1) on ``batches``, scoring only the first ``classes``."""
    steps = len(batches[1])
    mask = np.where(np.arange(SOURCE_CLASSES) < classes, 0.0, -1e9).astype(np.float32)
    hp = (np.array(trainable, np.float32), mask)
    (params, _), history = jaxkit.train_chunked(
        adam_step,
        (params, jaxkit.init_optimizer(OPTIMIZER, params)),
        steps=steps,
        xs=batches,
        hp=hp,
        chunks=steps // CHUNK,
        reporter=reporter,
        offset=offset,
        total=PRETRAIN_STEPS + 2 * TARGET_STEPS,
        tag=tag,
        compiler_options=jaxkit.COMPILE_FAST,
    )
    return jax.device_get(params), history["loss"]


def accuracy(params: jaxkit.Params, x: np.ndarray, y: np.ndarray) -> float:
    """Target-task accuracy over the first TARGET_CLASSES outputs, in NumPy (nothing to compile)."""
    logits = jaxkit.mlp_apply(params, x, lambda z: np.maximum(z, 0))[:, :TARGET_CLASSES]
    return 100 * float(np.mean(logits.argmax(axis=1) == y))


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    patterns = make_patterns(rng)
    x_source, y_source = sample(rng, patterns["source"], N_SOURCE)
    x_target, y_target = sample(rng, patterns["target"], BATCH)
    x_test, y_test = sample(rng, patterns["target"], N_TEST)

    # Pretrain on the large source task, in minibatches drawn with NumPy.
    picks = rng.integers(0, N_SOURCE, (PRETRAIN_STEPS, BATCH))
    source = (x_source[picks], y_source[picks])
    pretrained, _ = train(
        jaxkit.mlp_init(rng, SIZES),
        source,
        trainable=[1, 1, 1],
        classes=SOURCE_CLASSES,
        reporter=reporter,
        offset=0,
        tag="pretrain",
    )

    # The target task: its 32 examples as the batch at every step.
    target = (
        np.repeat(x_target[None], TARGET_STEPS, 0),
        np.repeat(y_target[None], TARGET_STEPS, 0),
    )
    new_head = jaxkit.mlp_init(rng, SIZES)[-1]
    transfer, transfer_loss = train(
        pretrained[:-1] + [new_head],
        target,
        trainable=[0, 0, 1],
        classes=TARGET_CLASSES,
        reporter=reporter,
        offset=PRETRAIN_STEPS,
        tag="transfer",
    )
    scratch, scratch_loss = train(
        jaxkit.mlp_init(rng, SIZES),
        target,
        trainable=[1, 1, 1],
        classes=TARGET_CLASSES,
        reporter=reporter,
        offset=PRETRAIN_STEPS + TARGET_STEPS,
        tag="scratch",
    )

    results = {
        name: (accuracy(p, x_target, y_target), accuracy(p, x_test, y_test))
        for name, p in zip(RUNS, (transfer, scratch))
    }
    evidence = [
        Evidence("labelled target examples", BATCH),
        Evidence("source-task examples", N_SOURCE),
    ]
    for name, (train_acc, test_acc) in results.items():
        evidence += [
            Evidence(f"{name}: training accuracy", train_acc, "%"),
            Evidence(f"{name}: test accuracy", test_acc, "%"),
        ]
    curves = [
        jaxkit.curve("loss/transfer", transfer_loss),
        jaxkit.curve("loss/scratch", scratch_loss),
    ]

    (transfer_fit, transfer_acc), (scratch_fit, scratch_acc) = results.values()
    supports = bool(transfer_acc > scratch_acc + 5)
    verdict = (
        f"Both fitted the {BATCH} target examples ({transfer_fit:.0f}% and {scratch_fit:.0f}%), "
        f"but on new ones the pretrained features with a new head scored {transfer_acc:.0f}% "
        f"against {scratch_acc:.0f}% from scratch (chance: {100 / TARGET_CLASSES:.0f}%): "
        f"pretraining on {N_SOURCE:,} examples of related patterns had learned to detect patterns "
        f"wherever they sit; {BATCH} examples are too few to learn that."
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
