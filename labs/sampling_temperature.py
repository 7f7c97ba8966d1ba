"""Temperature and top-p sampling of a tiny character model: entropy, invented words, diversity."""

from __future__ import annotations

META: LabMeta = {
    "id": "sampling-temperature",
    "title": "Sampling temperature and top-p",
    "claim": (
        "Sampling a trained character model at a low temperature makes it repeat its most "
        "frequent word over and over; a high temperature raises the entropy of each choice and "
        "the share of invented (misspelled) words; top-p sampling at the same high temperature "
        "removes most of those invented words."
    ),
    "questions": [
        "lab-sampling-temperature",
        "lab-sampling-top-p",
        "ai901-temperature-mechanism",
        "ai901-top-p-effect",
        "ai901-temperature-consistent-answers",
        "ai901-brainstorm-temperature",
        "comp-temperature-effect",
    ],
    "topic": "transformers",
}

from collections import Counter
from types import ModuleType

import jax.numpy as jnp
import numpy as np
import optax

from labs import _ensemble as ens
from labs import jaxkit
from labs.framework import LabMeta, LabResult, Reporter
from labs.jaxkit import ArrayT

WORDS = [
    "the",
    "cat",
    "sat",
    "on",
    "a",
    "mat",
    "dog",
    "ran",
    "to",
    "big",
    "red",
    "hat",
    "and",
    "sun",
    "is",
    "hot",
]
CHARS = sorted(set(" ".join(WORDS)))
V, HIDDEN = len(CHARS), 64
#: Seven members on batches of 64: a smaller batch left the T=0.2 repetition close to its
#: threshold on tuning seeds 0-29 (a median of 63% against 60%); this one kept it at 75% or more.
TEXT_WORDS, BATCH, STEPS, MEMBERS = 3000, 64, 300, 7
OPTIMIZER = optax.flatten(optax.adam(0.01))  # one flat vector: fewer ops to compile
SAMPLES, LENGTH = 32, 60
#: (label, temperature, top-p); top-p 1.0 keeps the whole distribution.
SETTINGS = [
    ("T=0.2", 0.2, 1.0),
    ("T=1.0", 1.0, 1.0),
    ("T=2.0", 2.0, 1.0),
    ("T=2.0, top-p=0.8", 2.0, 0.8),
]
#: Supported when the median share of the most frequent word is at least 60% at T=0.2 (tuning:
#: 75-95%) and at most 45% at T=1.0 (tuning: 23-33%), and, as medians over the models, invented
#: words at T=2.0 are at least 10 points above T=1.0 (tuning: 21 points or more in every model)
#: and top-p 0.8 at T=2.0 at least halves them (tuning: to 0.44 of them or less in every model).
#: Medians, not every model: one model in 1,400 (audit seed 5015) trained poorly enough to invent
#: 21% of its words at T=1.0, and the verdict is the ensemble's.
LOW_REPEAT, WARM_REPEAT, HOT_GAIN, TOP_P_CUT = 60.0, 45.0, 10.0, 0.5


def corpus(rng: np.random.Generator) -> np.ndarray:
    """Words drawn with Zipf-like frequencies (a different order per member), as char ids."""
    weights = 1 / np.arange(1, len(WORDS) + 1)
    order = rng.permutation(len(WORDS))
    words = rng.choice(len(WORDS), TEXT_WORDS, p=weights / weights.sum())
    text = " ".join(WORDS[order[w]] for w in words)
    ids = np.zeros(128, np.int32)
    ids[[ord(c) for c in CHARS]] = np.arange(V)
    return ids[np.frombuffer(text.encode("ascii"), np.uint8)]


def init(rng: np.random.Generator) -> list:
    return jaxkit.mlp_init(rng, [2 * V, HIDDEN, V])


def logits(params: list, context: ArrayT, xp: ModuleType = jnp) -> ArrayT:
    """Next-character logits from the two previous characters (one-hot, concatenated).

    ``xp=np`` evaluates trained weights in NumPy, which compiles nothing.
    """
    x = xp.eye(V, dtype=np.float32)[context]
    x = x.reshape(x.shape[:-2] + (2 * V,))
    return jaxkit.mlp_apply(params, x, lambda h: xp.maximum(h, 0))


def loss_fn(params: list, _: None, batch: jnp.ndarray) -> jnp.ndarray:
    return optax.softmax_cross_entropy_with_integer_labels(
        logits(params, batch[:, :2]), batch[:, 2]
    ).mean()


STEP = ens.adam_step(loss_fn, OPTIMIZER)


def table(params: list) -> np.ndarray:
    """Log-probabilities of the next character for every pair of previous characters."""
    pairs = np.stack(np.meshgrid(np.arange(V), np.arange(V), indexing="ij"), -1)
    z = logits(params, pairs, np).astype(np.float64)
    z -= z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def sample(rngs: list[np.random.Generator], logp: np.ndarray) -> tuple[list, np.ndarray]:
    """``SAMPLES`` texts per model and setting, all drawn at once; and the mean entropy (bits).

    ``logp`` holds each model's table (model, previous, current, next). Returns the texts
    indexed ``[model][setting]`` and the entropies shaped (model, setting).
    """
    temperature = np.array([t for _, t, _ in SETTINGS])[:, None, None]
    top_p = np.array([p for _, _, p in SETTINGS])[:, None, None]
    # Each model's random numbers come from its own generator: (step, model, setting, sample).
    draws = np.stack([rng.random((LENGTH, len(SETTINGS), SAMPLES, 1)) for rng in rngs], 1)
    model = np.arange(len(rngs))[:, None, None]
    prev = np.full((len(rngs), len(SETTINGS), SAMPLES, 2), CHARS.index(" "))
    out, entropy = [], []
    for draw in draws:
        z = logp[model, prev[..., 0], prev[..., 1]] / temperature
        p = np.exp(z - z.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        # Keep the most likely characters until their total reaches top_p; drop the tail.
        order = np.argsort(-p, -1)
        sorted_p = np.take_along_axis(p, order, -1)
        keep_sorted = (np.cumsum(sorted_p, -1) - sorted_p < top_p) | (top_p >= 1)
        keep = np.zeros_like(keep_sorted)
        np.put_along_axis(keep, order, keep_sorted, -1)
        p = np.where(keep, p, 0.0)
        p /= p.sum(-1, keepdims=True)
        entropy.append(-(p * np.log2(np.where(p > 0, p, 1))).sum(-1))
        nxt = (p.cumsum(-1) < draw).sum(-1).clip(0, V - 1)
        out.append(nxt)
        prev = np.stack([prev[..., 1], nxt], -1)
    codes = np.array([ord(c) for c in CHARS], np.uint8)[np.stack(out, -1)]
    texts = [[[row.tobytes().decode("ascii") for row in setting] for setting in m] for m in codes]
    return texts, np.mean(entropy, axis=(0, 3))


def repetition(texts: list[str]) -> float:
    """Share of all sampled words that are the single most frequent one."""
    words = [w for t in texts for w in t.split(" ") if w]
    return 100 * Counter(words).most_common(1)[0][1] / len(words) if words else 100.0


def invented(texts: list[str]) -> float:
    """Share of complete words (not cut off at the end) that are not in the vocabulary."""
    words = [w for t in texts for w in t.split(" ")[:-1] if w]
    return 100 * float(np.mean([w not in WORDS for w in words])) if words else 0.0


def run(
    seed: int = 0, reporter: Reporter | None = None, threshold: float | None = None
) -> LabResult:
    """``threshold`` overrides the headline threshold (tests force the other verdict with it)."""
    limit = HOT_GAIN if threshold is None else threshold
    jaxkit.setup()
    rngs = ens.member_rngs(seed, MEMBERS)
    members = len(rngs)
    batches = []
    for rng in rngs:
        text = corpus(rng)
        at = rng.integers(0, len(text) - 2, (STEPS, BATCH))
        batches.append(np.stack([text[at], text[at + 1], text[at + 2]], -1))
    params = ens.stack([init(rng) for rng in rngs])
    (params, _), history = jaxkit.train_chunked(
        STEP,
        (params, ens.init_state(OPTIMIZER, params)),
        steps=STEPS,
        xs=np.stack(batches, 1),
        reporter=reporter,
        compiler_options=jaxkit.COMPILE_FAST,
    )
    logp = [table(p) for p in jaxkit.members_of(params)]

    texts, entropy = sample(rngs, np.stack(logp))
    entropy = entropy.T  # (setting, model), like the two below
    repeat = np.array([[repetition(t) for t in m] for m in texts]).T
    wrong = np.array([[invented(t) for t in m] for m in texts]).T
    evidence = []
    for i, (label, _, _) in enumerate(SETTINGS):
        evidence += (
            ens.spread(f"{label}: entropy per character", entropy[i], "bits")
            + ens.spread(f"{label}: words that are the most frequent word", repeat[i], "%")
            + ens.spread(f"{label}: invented words", wrong[i], "%")
        )
    curves = [jaxkit.curve("loss/character model", history["loss"])]
    low, warm, hot, nucleus = range(len(SETTINGS))
    supports = bool(
        np.median(repeat[low]) >= LOW_REPEAT
        and np.median(repeat[warm]) <= WARM_REPEAT
        and np.median(wrong[hot] - wrong[warm]) >= limit
        and np.median(wrong[nucleus] / np.maximum(wrong[hot], 1e-9)) <= TOP_P_CUT
    )
    measured = (
        f"Over {members} trained models, the most frequent word made up "
        f"{ens.span(repeat[low], '%')} of the words sampled at T=0.2 and "
        f"{ens.span(repeat[warm], '%')} at T=1.0; invented words rose from "
        f"{ens.span(wrong[warm], '%')} at T=1.0 to {ens.span(wrong[hot], '%')} at T=2.0, "
        f"with entropy per character {np.median(entropy[warm]):.2f} -> "
        f"{np.median(entropy[hot]):.2f} bits; top-p 0.8 at T=2.0 brought them to "
        f"{ens.span(wrong[nucleus], '%')}."
    )
    supported = (
        f"{measured} Temperature rescales the whole distribution; top-p cuts its tail "
        f"(thresholds: median repetition at least {LOW_REPEAT:.0f}% at T=0.2 and at most "
        f"{WARM_REPEAT:.0f}% at T=1.0; medians over the models of +{limit:.0f} points of "
        f"invented words at T=2.0 and top-p at least halving them)."
    )
    not_supported = (
        f"{measured} This contradicts the claim, which needs a median repetition of "
        f"at least {LOW_REPEAT:.0f}% at T=0.2 and at most {WARM_REPEAT:.0f}% at T=1.0, and "
        f"as medians over the models, at least {limit:.0f} points more invented words at "
        f"T=2.0 than at T=1.0 and top-p halving them."
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
        effect=float(np.median(wrong[hot] - wrong[warm])),
        effect_label="invented words, T=2.0 minus T=1.0 (points, median of models)",
        threshold=float(limit),
        margin="threshold 10 points (median of models); audit seeds 6000-6199 gave 26 to 34",
    )
