"""Random shifts of a small training set narrow the train/validation gap of an image classifier."""

from __future__ import annotations

META: LabMeta = {
    "id": "data-augmentation",
    "title": "Data augmentation against overfitting a small image set",
    "claim": (
        "A classifier trained on a few small images memorizes them and does poorly on new "
        "images where the shapes sit elsewhere; trained on randomly shifted copies of the same "
        "images, it reaches much higher validation accuracy and a much smaller gap between "
        "training and validation accuracy."
    ),
    "questions": [
        "lab-data-augmentation",
        "lab-data-augmentation-gap",
        "reg-augmentation-why-it-works",
    ],
    "topic": "regularization",
}

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import _ensemble as ens
from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter

SIZE, SHAPE, CLASSES = 8, 3, 4  # 8x8 images, each holding one of 4 random 3x3 shapes
PER_CLASS, N_VAL, NOISE = 4, 256, 0.3
HIDDEN, STEPS = 64, 200
OPTIMIZER = optax.adam(0.01)
CHANCE = 100 / CLASSES
#: Supported when shifted copies raise validation accuracy by at least GAIN points (median of
#: pairs; tuning seeds gave about 40) and the augmented models' train/validation gap is
#: below the plain models' gap (median).
GAIN = 20.0


def shapes(rng: np.random.Generator) -> np.ndarray:
    """One random +1/-1 pattern per class, in the corner of an empty image."""
    canvas = np.zeros((CLASSES, SIZE, SIZE), np.float32)
    canvas[:, :SHAPE, :SHAPE] = rng.choice([-1.0, 1.0], (CLASSES, SHAPE, SHAPE))
    return canvas


def shifted(rng: np.random.Generator, images: np.ndarray) -> np.ndarray:
    """Each image moved by a random whole-pixel shift (wrapping round at the edges)."""
    rows, cols = rng.integers(0, SIZE, (2, len(images), 1, 1))
    # np.roll of each image, vectorised: output pixel (i, j) comes from (i - row, j - col).
    grid = np.arange(SIZE)
    i, j = (grid[None, :, None] - rows) % SIZE, (grid[None, None, :] - cols) % SIZE
    return images[np.arange(len(images))[:, None, None], i, j]


def dataset(rng: np.random.Generator, canvas: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy images of shapes at random places, with balanced labels."""
    labels = np.arange(n) % CLASSES
    images = shifted(rng, canvas[labels]) + rng.normal(0, NOISE, (n, SIZE, SIZE))
    return images.reshape(n, -1).astype(np.float32), labels.astype(np.int32)


def loss_fn(params: list, labels: jnp.ndarray, images: jnp.ndarray) -> jnp.ndarray:
    out = jaxkit.mlp_apply(params, images, jax.nn.relu)
    return optax.softmax_cross_entropy_with_integer_labels(out, labels).mean()


STEP = ens.adam_step(loss_fn, OPTIMIZER)


def accuracy(params: list, images: np.ndarray, labels: np.ndarray) -> jnp.ndarray:
    out = jax.vmap(lambda p, x: jaxkit.mlp_apply(p, x, jax.nn.relu))(params, images)
    return 100 * jnp.mean(jnp.argmax(out, axis=-1) == labels, axis=-1)


def run(
    seed: int = 0, reporter: Reporter | None = None, threshold: float | None = None
) -> LabResult:
    """``threshold`` overrides the headline threshold (tests force the other verdict with it)."""
    limit = GAIN if threshold is None else threshold
    jaxkit.setup()
    rngs = ens.member_rngs(seed)
    members = len(rngs)
    # Each member trains twice from the same weights on the same few images: as they are, and
    # as freshly shifted copies at every step (the shift keeps the label).
    starts, train, val, plain_steps, aug_steps = [], [], [], [], []
    for rng in rngs:
        canvas = shapes(rng)
        starts.append(jaxkit.mlp_init(rng, [SIZE * SIZE, HIDDEN, CLASSES]))
        x, y = dataset(rng, canvas, PER_CLASS * CLASSES)
        train.append((x, y))
        val.append(dataset(rng, canvas, N_VAL))
        plain_steps.append(np.broadcast_to(x, (STEPS,) + x.shape))
        moved = shifted(rng, np.tile(x.reshape(-1, SIZE, SIZE), (STEPS, 1, 1)))
        aug_steps.append(moved.reshape(STEPS, len(x), -1))
    params = ens.stack(starts + starts)
    labels = np.stack([y for _, y in train] * 2)
    xs = np.stack(plain_steps + aug_steps, axis=1).astype(np.float32)
    (params, _), history = jaxkit.train_chunked(
        STEP,
        (params, ens.init_state(OPTIMIZER, params)),
        steps=STEPS,
        hp=labels,
        xs=xs,
        reporter=reporter,
        # Measured cold on 2 cores: 2.7 s CPU against 3.7 s with XLA's default options.
        compiler_options=jaxkit.COMPILE_FAST,
    )

    train_acc = np.asarray(
        jaxkit.compiled_call(accuracy, params, np.stack([x for x, _ in train] * 2), labels)
    )
    val_acc = np.asarray(
        jaxkit.compiled_call(
            accuracy, params, np.stack([x for x, _ in val] * 2), np.stack([y for _, y in val] * 2)
        )
    )
    gap = train_acc - val_acc
    gain = val_acc[members:] - val_acc[:members]  # paired: the same start and images
    evidence = (
        ens.spread("plain: training accuracy", train_acc[:members], "%")
        + ens.spread("plain: validation accuracy", val_acc[:members], "%")
        + ens.spread("augmented: training accuracy (unshifted images)", train_acc[members:], "%")
        + ens.spread("augmented: validation accuracy", val_acc[members:], "%")
        + ens.spread("validation accuracy gained by augmentation", gain, "points")
        + ens.spread("plain: training minus validation accuracy", gap[:members], "points")
        + ens.spread("augmented: training minus validation accuracy", gap[members:], "points")
        + [Evidence("chance accuracy (one of 4 shapes)", CHANCE, "%")]
    )
    losses = history["losses"]
    curves = [
        jaxkit.curve("loss/plain", np.median(losses[:, :members], axis=1)),
        jaxkit.curve("loss/augmented", np.median(losses[:, members:], axis=1)),
    ]
    effect = float(np.median(gain))
    narrower = bool(np.median(gap[members:]) < np.median(gap[:members]))
    supports = bool(effect >= limit and narrower)
    measured = (
        f"Over {members} pairs of classifiers trained on {PER_CLASS * CLASSES} noisy 8x8 "
        f"images, validation accuracy (shapes at new places) was "
        f"{ens.span(val_acc[:members], '%')} trained on the images as they are and "
        f"{ens.span(val_acc[members:], '%')} trained on randomly shifted "
        f"copies, a gain of {ens.span(gain, 'points')}; the training minus "
        f"validation gap was {ens.span(gap[:members], 'points')} without and "
        f"{ens.span(gap[members:], 'points')} with augmentation."
    )
    supported = (
        f"{measured} The plain model memorized where each shape happened to sit; the shifted "
        f"copies showed it the same shapes in new places, which is what validation asks for "
        f"(threshold: a median gain of {limit:g} points and a narrower gap)."
    )
    not_supported = (
        f"{measured} This contradicts the claim, which needs a median validation gain of at "
        f"least {limit:g} points and a narrower train/validation gap with augmentation."
    )
    return ens.finish(
        META,
        seed,
        supports,
        supported=supported,
        not_supported=not_supported,
        evidence=evidence,
        curves=curves,
        members=members,
        effect=effect,
        effect_label="validation accuracy, augmented minus plain (points, median of pairs)",
        threshold=float(limit),
        margin="threshold 20 points; on audited seeds 2000-2199 the median ranged 28.5 to 44.7",
    )
