"""JAX helpers for the labs: compile cache, device name, NumPy initialisation, chunked training.

Importing this module imports JAX; only lab code (never the app's start path) may do that.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import jax
import jax.numpy as jnp
import numpy as np
from threadpoolctl import threadpool_limits

from labs import xla_flags
from labs.framework import Curve, Reporter
from quizzer.errors import EnvironmentFailure

xla_flags.apply()  # importing JAX does not start its backend; setup() below does

_cache_ready = False


class DeviceUnavailable(EnvironmentFailure):
    """JAX was asked for a platform (``JAX_PLATFORMS``) this machine does not have."""


def cache_dir() -> Path:
    """Where compiled XLA programs are kept between runs.

    ``QUIZZER_JAX_CACHE`` names the folder; else it sits under ``QUIZZER_HOME`` when that is
    set (everything quizzer writes moves with it), else in the user's cache directory.
    """
    override = os.environ.get("QUIZZER_JAX_CACHE")
    if override:
        return Path(override)
    home = os.environ.get("QUIZZER_HOME")
    if home:
        return Path(home) / "jax-cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizzer")) / "jax-cache"


def setup() -> None:
    """Check the device, keep NumPy's BLAS to one thread and turn on the persistent compile
    cache, once per process.

    A cache folder that cannot be created is not fatal: one warning, and the lab runs without
    the cache (it compiles every time). A platform JAX cannot start raises DeviceUnavailable.
    """
    global _cache_ready
    if _cache_ready:
        return
    try:
        jax.devices()
    except Exception as exc:  # noqa: BLE001 (JAX raises RuntimeError or AssertionError here)
        wanted = os.environ.get("JAX_PLATFORMS", "")
        detail = (str(exc).splitlines() or ["no such device found"])[0][:120]
        raise DeviceUnavailable(
            f"JAX cannot start the platform JAX_PLATFORMS={wanted!r} on this machine "
            f"({detail}); unset JAX_PLATFORMS to run the lab on the CPU."
        ) from None
    # The labs' NumPy work is small matrices (evaluating trained networks): a multi-threaded
    # BLAS wakes its threads for each product and spins, which on 2 cores cost dropout's cold
    # run 3.0 s of wall time against 2.4 s on one thread. XLA keeps its own threads.
    threadpool_limits(1, user_api="blas")
    path = cache_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(
            f"warning: cannot create the compile cache {path} ({exc.strerror}); running without it",
            file=sys.stderr,
        )
    else:
        jax.config.update("jax_compilation_cache_dir", str(path))
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
        jax.config.update("jax_persistent_cache_min_entry_size_bytes", -1)
    _cache_ready = True


def device_label() -> str:
    """A short name for the device JAX computes on, e.g. ``CPU`` or ``GPU (NVIDIA H100)``."""
    device = jax.devices()[0]
    if device.platform == "cpu":
        return "CPU"
    return f"{device.platform.upper()} ({device.device_kind})"


#: (weights, bias) per layer: NumPy arrays from mlp_init, JAX arrays inside a compiled step.
Params = list[tuple[Any, Any]]

#: NumPy in, NumPy out; JAX in, JAX out: evaluating a trained network in NumPy compiles nothing.
ArrayT = TypeVar("ArrayT", jax.Array, np.ndarray)


def mlp_init(rng: np.random.Generator, sizes: Sequence[int], gain: float = 2.0) -> Params:
    """Dense-layer weights drawn with NumPy (float32): ``gain=2`` is He, ``gain=1`` is Glorot-like.

    NumPy initialisation avoids the op-by-op compiles that eager ``jax.random`` costs.
    """
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = rng.normal(0.0, np.sqrt(gain / fan_in), size=(fan_in, fan_out)).astype(np.float32)
        params.append((w, np.zeros(fan_out, np.float32)))
    return params


def dense(x: ArrayT, w: ArrayT, b: ArrayT) -> ArrayT:
    """``x @ w + b`` with the bias broadcast explicitly.

    Explicit, so it passes ``jax_numpy_rank_promotion="raise"``.

    Reshaping (not ``jnp.broadcast_to``) keeps NumPy inputs in NumPy, so evaluating a trained
    network on NumPy arrays compiles nothing.
    """
    y = x @ w
    return y + b.reshape((1,) * (y.ndim - b.ndim) + b.shape)


def softmax(x: ArrayT, xp: ModuleType = jnp) -> ArrayT:
    """Softmax over the last axis, written with ``xp`` (``jnp``, or ``np`` to evaluate trained
    weights in NumPy without compiling anything)."""
    weights = xp.exp(x - x.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def mlp_apply(params: Any, x: ArrayT, act: Callable[[ArrayT], ArrayT]) -> ArrayT:
    """Apply dense layers with ``act`` between them and a linear output."""
    for w, b in params[:-1]:
        x = act(dense(x, w, b))
    w, b = params[-1]
    return dense(x, w, b)


# --- Ensembles: every member is the same experiment with its own initialisation and data. ---

#: Members in a lab's ensemble unless the lab needs more: an odd count, so the median is a member.
MEMBERS = 5


def member_rngs(seed: int, members: int = MEMBERS) -> list[np.random.Generator]:
    """One independent NumPy generator per member, all derived from the run's ``seed``."""
    return [np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(members)]


def stack(trees: Sequence[Any]) -> Any:
    """Per-member pytrees (same structure) as one pytree with a leading member axis."""
    return jax.tree_util.tree_map(lambda *leaves: np.stack(leaves), *trees)


def member(tree: Any, i: int) -> Any:
    """Member ``i`` of a pytree stacked by :func:`stack` (as NumPy arrays)."""
    return jax.tree_util.tree_map(lambda leaf: np.asarray(leaf)[i], tree)


def members_of(tree: Any) -> list[Any]:
    """Every member of a stacked pytree, in order."""
    count = len(jax.tree_util.tree_leaves(tree)[0])
    return [member(tree, i) for i in range(count)]


StepFn = Callable[[Any, Any, Any], tuple[Any, dict[str, jnp.ndarray]]]
_compiled: dict[tuple, tuple[StepFn, Callable]] = {}
_vmapped: dict[tuple, tuple[Callable, Callable]] = {}


def vmapped(fn: Callable, in_axes: Any = 0) -> Callable:
    """``jax.vmap(fn, in_axes)``, the same object on every call, so that compiles are reused."""
    key = (id(fn), repr(in_axes))
    if key not in _vmapped:
        _vmapped[key] = (fn, jax.vmap(fn, in_axes=in_axes))  # keep fn alive: ids stay unique
    return _vmapped[key][1]


#: XLA compile options for the labs' tiny programs, whose cold run time is mostly compile time.
#: Measured on 2 CPU cores (whole lab, CPU seconds, compile + run): for shallow MLPs and a few
#: hundred steps, COMPILE_FAST takes 0.5-1.0 s where the defaults take 1.0-2.0 s, although its
#: unoptimised loops run steps about 3x slower. For deep networks (a scan over layers) or longer
#: runs, COMPILE_BALANCED compiles in 1.1 s instead of 1.6-2.0 s and runs steps at full speed.
#: Which is best depends on the program: measure (benchmarks/labs_bench.py) before choosing.
COMPILE_FAST = {"xla_backend_optimization_level": 0, "xla_cpu_use_fusion_emitters": False}
COMPILE_BALANCED = {"xla_backend_optimization_level": 1, "xla_cpu_use_fusion_emitters": False}


def _jit(fn: Callable, compiler_options: dict | None) -> Callable:
    # The options name XLA's CPU backend; other backends keep their defaults.
    cpu = jax.default_backend() == "cpu"
    return jax.jit(fn, compiler_options=compiler_options if cpu else None)


def _chunk_runner(step: StepFn, length: int, compiler_options: dict | None = None) -> Callable:
    key = (id(step), length, tuple(sorted((compiler_options or {}).items())))
    if key not in _compiled:

        def chunk(carry, xs, hp):
            return jax.lax.scan(lambda c, x: step(c, x, hp), carry, xs, length=length)

        # Keep step alive so that its id stays unique.
        _compiled[key] = (step, _jit(chunk, compiler_options))
    return _compiled[key][1]


def train_chunked(
    step: StepFn,
    carry: Any,
    *,
    steps: int,
    hp: Any = None,
    xs: Any = None,
    chunks: int = 10,
    reporter: Reporter | None = None,
    offset: int = 0,
    total: int | None = None,
    tag: str = "",
    compiler_options: dict | None = None,
    ensemble: bool = False,
    xs_axis: int | None = None,
    every: int = 1,
) -> tuple[Any, dict[str, np.ndarray]]:
    """Run ``steps`` iterations of ``step(carry, x, hp) -> (carry, metrics)`` inside ``lax.scan``.

    The loop is split into ``chunks`` compiled calls (one compile, reused) so that progress
    can be reported and cancellation honoured between chunks. ``hp`` holds hyperparameters
    as arrays, so changing them does not recompile. ``xs`` (optional) is per-step data with a
    leading axis of length ``steps``. Returns the final carry and each metric's full history.
    A ``tag`` names the configuration in progress reports (``loss`` is reported as ``loss/<tag>``)
    so that one compiled step can feed a separate live curve per configuration.
    ``compiler_options`` (e.g. :data:`COMPILE_FAST`) trade run speed for compile time on CPU.

    ``ensemble=True`` trains every member at once: ``carry`` and ``hp`` carry a leading member
    axis (see :func:`stack`) and ``step`` is vectorised over it with ``jax.vmap``, so the whole
    ensemble is one compiled program. ``xs`` is shared by all members unless ``xs_axis`` names
    its member axis (after the step axis, i.e. 0 for ``xs`` shaped (steps, members, ...)).
    Each metric's history then has shape (steps, members, ...); progress reports the median.

    ``every`` is how many training steps one call of ``step`` takes: a step that runs a whole
    inner loop and measures once at its end (``steps=chunks`` then gives one compiled call per
    measurement). Progress, ``offset`` and ``total`` count training steps.
    """
    if steps % chunks:
        raise ValueError(f"steps ({steps}) must be a multiple of chunks ({chunks})")
    if ensemble:
        step = vmapped(step, (0, xs_axis, 0))
    length = steps // chunks
    runner = _chunk_runner(step, length, compiler_options)
    history: dict[str, list[np.ndarray]] = {}
    for i in range(chunks):
        part = (
            None
            if xs is None
            else jax.tree_util.tree_map(lambda a, i=i: a[i * length : (i + 1) * length], xs)
        )
        carry, metrics = runner(carry, part, hp)
        metrics = jax.device_get(metrics)
        for name, values in metrics.items():
            history.setdefault(name, []).append(np.asarray(values))
        if reporter is not None:
            suffix = f"/{tag}" if tag else ""
            # Only per-step scalars are reported (for an ensemble, the members' median); a vector
            # metric (one value per run of a vectorised step) stays in the history for the lab.
            scalar = 2 if ensemble else 1
            last = {
                name + suffix: float(np.median(v[-1]))
                for name, v in metrics.items()
                if np.ndim(v) == scalar
            }
            done = offset + (i + 1) * length * every
            reporter.report(done, total or offset + steps * every, **last)
    return carry, {name: np.concatenate(parts) for name, parts in history.items()}


def compiled_call(fn: Callable, *args: Any) -> Any:
    """``fn(*args)`` as one small compiled program: run eagerly, its ops compile one by one.

    ``fn`` should be a module-level function, so that later calls reuse the compiled program.
    """
    return _jit(fn, COMPILE_FAST)(*args)


def init_optimizer(optimizer: Any, params: Any, ensemble: bool = False) -> Any:
    """``optimizer.init(params)`` as one small compiled call (eagerly it costs about 0.3 s).

    With ``ensemble=True`` the params are stacked members and each gets its own state.
    """
    init = vmapped(optimizer.init) if ensemble else optimizer.init
    return compiled_call(init, params)


def zero_state(optimizer: Any, params: Any, ensemble: bool = True) -> Any:
    """The initial state of an optimizer whose state starts at zero (Adam, SGD with momentum),
    built in NumPy from its shapes: compiles nothing, where :func:`init_optimizer` compiles a
    small program (about 0.15 s of a cold run). With ``ensemble=True`` (the default) the params
    are stacked members and each gets its own state."""
    init = vmapped(optimizer.init) if ensemble else optimizer.init
    shapes = jax.eval_shape(init, params)
    return jax.tree_util.tree_map(lambda s: np.zeros(s.shape, s.dtype), shapes)


def finite_or_nan(values: np.ndarray) -> list[float]:
    """A curve as plain floats, keeping NaN/inf so that divergence stays visible as evidence."""
    return [float(v) for v in np.asarray(values, dtype=np.float64)]


# --- Shared by the training-dynamics labs: results as curves, and small generated data sets. ---


def curve(name: str, values: Any, *, max_points: int = 200, every: int = 1) -> Curve:
    """A measured series as a :class:`Curve` of at most ``max_points`` evenly spaced points.

    ``values[i]`` is taken to be the value after step ``(i + 1) * every``; the last point is
    always kept so that the curve ends where the run ended. NaN/inf are kept (divergence).
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    keep = np.unique(
        np.linspace(0, len(values) - 1, min(len(values), max_points)).round().astype(int)
    )
    return Curve(name, [int(i + 1) * every for i in keep], [float(values[i]) for i in keep])


def stack_hidden(params: Params) -> tuple[Any, tuple[np.ndarray, np.ndarray], Any]:
    """``[first, *hidden, last]`` dense layers as ``(first, (weights, biases), last)``.

    Equal-shaped hidden layers stacked on a leading axis can run under ``lax.scan`` over depth:
    one compiled layer body instead of one per layer (a 20-layer MLP step compiles 2-4x faster).
    """
    first, *hidden, last = params
    return first, (np.stack([w for w, _ in hidden]), np.stack([b for _, b in hidden])), last


def xor_data(rng: np.random.Generator, n: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points, a quarter around each corner of the square; label 1 where the signs differ.

    Equal corners keep the best straight line at 75% accuracy, the mark a linear model can't pass.
    """
    corners = np.repeat([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]], -(-n // 4), axis=0)[
        :n
    ]
    x = corners + rng.normal(0.0, noise, size=(n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(np.float32)
    return x.astype(np.float32), y


def spirals_data(
    rng: np.random.Generator, n: int, turns: float = 1.5, noise: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals of ``n // 2`` points each (labels 0 and 1), radius up to 1."""
    half = n // 2
    t = np.sqrt(rng.uniform(0.05, 1.0, size=half))  # sqrt: even density along the arm
    angle = 2 * np.pi * turns * t
    arm = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    x = np.concatenate([arm, -arm]) + rng.normal(0.0, noise, size=(2 * half, 2))
    y = np.concatenate([np.zeros(half), np.ones(half)])
    return x.astype(np.float32), y.astype(np.float32)


def moons_data(
    rng: np.random.Generator, n: int, noise: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles of ``n // 2`` points each (labels 0 and 1)."""
    half = n // 2
    a = rng.uniform(0.0, np.pi, size=half)
    b = rng.uniform(0.0, np.pi, size=half)
    upper = np.stack([np.cos(a), np.sin(a)], axis=1)
    lower = np.stack([1.0 - np.cos(b), 0.5 - np.sin(b)], axis=1)
    x = np.concatenate([upper, lower]) + rng.normal(0.0, noise, size=(2 * half, 2))
    y = np.concatenate([np.zeros(half), np.ones(half)])
    return (x - [0.5, 0.25]).astype(np.float32), y.astype(np.float32)
