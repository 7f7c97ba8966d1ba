"""Attention started at a high learning rate diverges; warmed up to the same rate, it trains."""

from __future__ import annotations

META: LabMeta = {
    "id": "lr-warmup",
    "title": "Learning-rate warmup for an attention model",
    "claim": (
        "A one-layer attention model trained with SGD at a peak learning rate of 2.5 diverges "
        "(its loss becomes NaN) and stays at chance when that rate is used from the first "
        "step; the same model and rate reached by a linear warmup over the first 100 of 150 "
        "steps trains to near-perfect test accuracy."
    ),
    "questions": ["lab-lr-warmup", "lab-lr-warmup-schedule"],
    "topic": "training",
}

from types import ModuleType
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from labs import _ensemble as ens
from labs import jaxkit
from labs.framework import Evidence, LabMeta, LabResult, Reporter

VOCAB, LENGTH, DIM = 16, 8, 16
BATCH, N_TEST, STEPS, WARMUP = 32, 512, 150, 100
PEAK = 2.5
MEMBERS = 5
CHANCE = 100 / VOCAB
#: Supported when the warmed-up models' median test accuracy is at least 80% (tuning seeds 0-49:
#: 100% on every seed) and the models without warmup stay at a median of at most 30% (tuning:
#: at most 8%, chance is 6%).
WITH_AT_LEAST, WITHOUT_AT_MOST = 80.0, 30.0
COMPILE = jaxkit.COMPILE_BALANCED


def init(rng: np.random.Generator) -> dict:
    draw = lambda *shape: rng.normal(0, 1 / np.sqrt(DIM), shape).astype(np.float32)  # noqa: E731
    return {
        "tok": draw(VOCAB, DIM),
        "pos": draw(LENGTH, DIM),
        "q": draw(DIM, DIM),
        "k": draw(DIM, DIM),
        "v": draw(DIM, DIM),
        "out": draw(DIM, VOCAB),
    }


def logits(params: dict, tokens: Any, xp: ModuleType = jnp) -> Any:
    """The last position attends over the sequence (token + position embeddings); a readout.

    Written with ``xp``: ``jnp`` inside the compiled step, ``np`` to evaluate trained weights."""
    # A one-hot product, not a gather: its gradient avoids a scatter, slow on CPU.
    one_hot = (tokens[..., None] == xp.arange(VOCAB).reshape(1, 1, VOCAB)).astype(np.float32)
    h = one_hot @ params["tok"] + params["pos"][None]
    query = h[:, -1] @ params["q"]
    weights = jaxkit.softmax(xp.einsum("bd,bld->bl", query, h @ params["k"]), xp)
    return xp.einsum("bl,bld->bd", weights, h @ params["v"]) @ params["out"]


def loss_fn(params: dict, tokens: jnp.ndarray) -> jnp.ndarray:
    """The task: name the sequence's first token (attention must find position 0)."""
    return optax.softmax_cross_entropy_with_integer_labels(
        logits(params, tokens), tokens[:, 0]
    ).mean()


def sgd_step(params: dict, tokens: jnp.ndarray, rate: jnp.ndarray) -> tuple:
    loss, grads = jax.value_and_grad(loss_fn)(params, tokens)
    return jax.tree_util.tree_map(lambda p, g: p - rate * g, params, grads), loss


def step(params, x, hp):
    tokens, rates = x
    params, loss = jax.vmap(sgd_step)(params, tokens, rates)
    # Live progress shows the warmed-up runs' mean loss: cheaper in the step than a median.
    return params, {"loss/linear warmup": loss[MEMBERS:].mean(), "losses": loss}


def accuracy(params: dict, tokens: np.ndarray) -> float:
    """One trained model's test accuracy (%), in NumPy: compiles nothing."""
    # A diverged model's NaN logits overflow here; argmax reads NaN as the first class.
    with np.errstate(over="ignore", invalid="ignore"):
        predicted = np.argmax(logits(params, tokens, np), -1)
    return 100 * float(np.mean(predicted == tokens[:, 0]))


def schedule(warmup: int) -> np.ndarray:
    """The learning rate at each step: a linear ramp to PEAK over ``warmup`` steps, then PEAK."""
    return PEAK * np.minimum(1.0, np.arange(1, STEPS + 1) / warmup)


def run(
    seed: int = 0, reporter: Reporter | None = None, threshold: float | None = None
) -> LabResult:
    """``threshold`` overrides the headline threshold (tests force the other verdict with it)."""
    limit = WITH_AT_LEAST if threshold is None else threshold
    jaxkit.setup()
    rngs = ens.member_rngs(seed, MEMBERS)
    members = len(rngs)
    # Each member is trained twice from the same start on the same batches: without warmup
    # (the peak rate from step 1) and with it.
    starts = [init(rng) for rng in rngs]
    train = np.stack([rng.integers(0, VOCAB, (STEPS, BATCH, LENGTH)) for rng in rngs], axis=1)
    test = np.stack([rng.integers(0, VOCAB, (N_TEST, LENGTH)) for rng in rngs])
    rates = np.repeat(np.stack([schedule(1), schedule(WARMUP)], 1), members, axis=1)
    params, history = jaxkit.train_chunked(
        step,
        ens.stack(starts + starts),
        steps=STEPS,
        xs=(np.concatenate([train, train], axis=1).astype(np.int32), rates.astype(np.float32)),
        reporter=reporter,
        compiler_options=COMPILE,
    )

    models = jaxkit.members_of(jax.device_get(params))
    acc = np.array([accuracy(p, t) for p, t in zip(models, [*test, *test], strict=True)])
    without, warmed = acc[:members], acc[members:]
    losses = history["losses"]
    bad = ~np.isfinite(losses[:, :members])
    nan_runs = int(bad.any(axis=0).sum())
    first_bad = np.where(bad.any(axis=0), bad.argmax(axis=0) + 1, STEPS + 1)
    evidence = (
        ens.spread("no warmup: test accuracy", without, "%")
        + ens.spread("warmup: test accuracy", warmed, "%")
        + [
            Evidence("chance accuracy (one of 16 tokens)", CHANCE, "%"),
            Evidence("no warmup: runs whose loss became NaN", nan_runs, f"of {members}"),
        ]
        + ens.spread(f"no warmup: step the loss became NaN ({STEPS + 1}: never)", first_bad)
        + ens.spread("warmup: final training loss", losses[-1, members:])
    )
    curves = [
        jaxkit.curve("loss/no warmup", np.median(losses[:, :members], axis=1)),
        jaxkit.curve("loss/linear warmup", np.median(losses[:, members:], axis=1)),
        jaxkit.curve("learning rate/warmup", schedule(WARMUP)),
    ]
    supports = bool(np.median(warmed) >= limit and np.median(without) <= WITHOUT_AT_MOST)
    measured = (
        f"Over {members} models trained with SGD at a peak rate of {PEAK:g}, starting at that "
        f"rate gave {ens.span(without, '%')} test accuracy ({nan_runs} of {members} losses "
        f"became NaN, by step {ens.span(first_bad)}; chance is {CHANCE:.0f}%), while a linear "
        f"warmup over the first {WARMUP} steps gave {ens.span(warmed, '%')}."
    )
    supported = (
        f"{measured} At the start that step size overshoots, and the loss grows until it "
        f"overflows; the warmup's small early steps move the model to where the full rate "
        f"is stable before it is used (thresholds: a "
        f"median of at least {limit:.0f}% with warmup, at most {WITHOUT_AT_MOST:.0f}% without)."
    )
    not_supported = (
        f"{measured} This contradicts the claim, which needs a median of at least {limit:.0f}% "
        f"with warmup and at most {WITHOUT_AT_MOST:.0f}% without it."
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
        effect=float(np.median(warmed)),
        effect_label="test accuracy with warmup (%, median)",
        threshold=float(limit),
        margin="threshold 80%; over audit seeds 5000-5199 the effect was 100 on every seed",
    )
