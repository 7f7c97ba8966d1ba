"""Time a 1000x1000 float32 matmul properly: milliseconds on a CPU, not about a second."""

META = {
    "id": "matmul-timing",
    "title": "How long does a 1000x1000 matmul take?",
    "claim": (
        "Timed properly (compiled and warmed up first, waiting for the result with "
        "block_until_ready, median of repeats), a 1000x1000 float32 matrix multiplication "
        "takes milliseconds even on a small CPU, well under the 'about a second' sometimes "
        "quoted for CPUs."
    ),
    "questions": ["lab-matmul-timing"],
    "topic": "hardware",
    "deterministic": False,  # the evidence is wall-clock time: it differs from run to run
}

import time
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from labs import jaxkit
from labs.framework import Curve, Evidence, LabResult, Reporter

N, REPEATS = 1000, 5
FLOPS = 2 * N**3  # one multiply and one add per term of every output element
QUOTED_SECONDS, WELL_UNDER = 1.0, 0.2


def time_calls(
    call: Callable[[], object], name: str, reporter: Reporter | None, offset: int
) -> list[float]:
    """Seconds per call, after one untimed warm-up call (compilation, caches, thread start-up)."""
    call()
    seconds = []
    for i in range(REPEATS):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
        if reporter is not None:
            reporter.report(offset + i + 1, 2 * REPEATS, **{f"ms/{name}": 1e3 * seconds[-1]})
    return seconds


def run(seed: int = 0, reporter: Reporter | None = None) -> LabResult:
    jaxkit.setup()
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((2, N, N), dtype=np.float32)
    a_dev, b_dev = jax.device_put(a), jax.device_put(b)
    matmul = jax.jit(jnp.matmul)
    # JAX dispatches asynchronously: without block_until_ready the clock would stop as soon
    # as the work was queued, not when it finished.
    timings = {
        "JAX": time_calls(lambda: matmul(a_dev, b_dev).block_until_ready(), "JAX", reporter, 0),
        "NumPy": time_calls(lambda: a @ b, "NumPy", reporter, REPEATS),
    }

    device = jaxkit.device_label()
    median = {name: float(np.median(seconds)) for name, seconds in timings.items()}
    evidence = []
    for name, seconds in median.items():
        where = device if name == "JAX" else "CPU"
        evidence += [
            Evidence(f"{name} on {where}: median time of {REPEATS} runs", 1e3 * seconds, "ms"),
            Evidence(f"{name} on {where}: throughput", FLOPS / seconds / 1e9, "GFLOP/s"),
        ]
    evidence.append(Evidence("the quoted 'about a second'", 1e3 * QUOTED_SECONDS, "ms"))
    curves = [
        Curve(f"ms/{name}", list(range(1, REPEATS + 1)), [1e3 * s for s in seconds])
        for name, seconds in timings.items()
    ]

    # NumPy always runs on the CPU; JAX runs on the CPU here, or on the GPU where there is one.
    supports = bool(max(median.values()) < WELL_UNDER)
    verdict = (
        f"A {N}x{N} float32 matmul ({FLOPS / 1e9:.0f} GFLOP) took a median "
        f"{1e3 * median['NumPy']:.1f} ms with NumPy on the CPU "
        f"({FLOPS / median['NumPy'] / 1e9:.0f} GFLOP/s) and {1e3 * median['JAX']:.1f} ms with JAX "
        f"on {device}: even the CPU is about {QUOTED_SECONDS / median['NumPy']:.0f}x faster than "
        f"the quoted second."
    )
    return LabResult(
        lab_id=META["id"],
        seed=seed,
        device=device,
        supports=supports,
        verdict=verdict,
        evidence=evidence,
        curves=curves,
    )
