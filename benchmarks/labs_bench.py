"""Time each lab in a fresh process, cold (empty compile cache) and warm; one lab against PyTorch.

Each run is a new Python process, timed from the parent (wall clock, and CPU seconds of the child),
so import, compile and training all count, as they do for a learner pressing "run". Cold runs get
an empty ``QUIZZER_JAX_CACHE``; warm runs reuse the cache a cold run filled. Prints medians, and
each lab's cold time against the floor every JAX lab pays (a fresh process that imports jax and
optax and runs one jitted op, cold), measured in the same run, next to the lab's ensemble size.
The target: cold at most 2x the floor.

The learning-rate lab (tanh MLP 2-16-16-1, plain SGD at three rates, 300 full-batch steps each) is
also run in PyTorch on the CPU on the same data and initial weights, in a fresh process, so that the
two frameworks are compared on the same experiment: end to end and training only.

    python benchmarks/labs_bench.py [--runs 3] [--labs learning-rate optimizers]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN_LAB = """
import json, sys, time
start = time.perf_counter()
from quizzer import lab_registry
result = lab_registry.load(sys.argv[1]).run(seed=0)
print(json.dumps({
    "supports": result.supports, "inside": time.perf_counter() - start, "members": result.members
}))
"""

FLOOR = """
import json
import jax, jax.numpy as jnp, optax
jax.jit(lambda x: x * 2 + 1)(jnp.ones(8)).block_until_ready()
print(json.dumps({}))
"""

JAX_LR = """
import json, sys, time
start = time.perf_counter()
from labs import jaxkit, learning_rate as lab
import numpy as np
data = np.load(sys.argv[1])
x, y = data["x"], data["y"]
init = [(data[f"w{i}"], data[f"b{i}"]) for i in range(3)]
jaxkit.setup()
imported = time.perf_counter()
finals = []
for lr in lab.RATES.values():
    _, history = jaxkit.train_chunked(
        lab.sgd_step, init, steps=lab.STEPS, hp=(np.float32(lr), x, y),
        compiler_options=jaxkit.COMPILE_FAST,
    )
    finals.append(float(history["loss"][-1]))
done = time.perf_counter()
print(json.dumps({"import": imported - start, "train": done - imported, "finals": finals}))
"""

TORCH_LR = """
import json, sys, time
start = time.perf_counter()
import numpy as np
import torch
# One thread: intra-op parallelism only adds synchronisation on matrices this small, and on a
# shared 2-core machine PyTorch's spinning worker threads made it about 10x slower.
torch.set_num_threads(1)
data = np.load(sys.argv[1])
rates, steps = json.loads(sys.argv[2]), int(sys.argv[3])
x, y = torch.from_numpy(data["x"]), torch.from_numpy(data["y"])
imported = time.perf_counter()
finals = []
for lr in rates:
    params = [torch.tensor(data[f"{k}{i}"], requires_grad=True) for i in range(3) for k in "wb"]
    optimizer = torch.optim.SGD(params, lr=lr)
    for _ in range(steps):
        h = x
        for i in range(3):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < 2:
                h = torch.tanh(h)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    finals.append(float(loss))  # the loss before the last step, as the JAX lab records it
done = time.perf_counter()
print(json.dumps({"import": imported - start, "train": done - imported, "finals": finals}))
"""


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, dict]:
    """(wall seconds, child CPU seconds, the JSON line the child printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout.strip().splitlines()[-1])


def floor_once() -> tuple[float, float]:
    """(wall, CPU) seconds of the floor once: a fresh process, ``import jax, optax``, one op."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "QUIZZER_JAX_CACHE": cache}
        wall, cpu, _ = timed([sys.executable, "-c", FLOOR], env)
    return wall, cpu


def lab_once(lab_id: str) -> tuple[float, float, float, dict]:
    """(cold wall, cold CPU, warm wall, last output) of one lab: a fresh process on an empty
    compile cache, then another on the cache the first one filled."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "QUIZZER_JAX_CACHE": cache}
        wall, cpu, out = timed([sys.executable, "-c", RUN_LAB, lab_id], env)
        warm, _, out2 = timed([sys.executable, "-c", RUN_LAB, lab_id], env)
    return wall, cpu, warm, out | {"supports": out["supports"] and out2["supports"]}


class LabRow(NamedTuple):
    lab_id: str
    members: int
    supports: bool
    cold: float
    cold_cpu: float
    warm: float


def bench_labs(lab_ids: list[str], runs: int) -> None:
    """Each lab's cold and warm time against the floor, measured interleaved with the labs: one
    floor run before each lab run, so that a change in the machine's load hits both alike."""
    floor_once()  # untimed: the first process after a while reads its files from disk
    floors: list[tuple[float, float]] = []
    rows: list[LabRow] = []
    for lab_id in lab_ids:
        cold, cold_cpu, warm, supports, members = [], [], [], True, 1
        for _ in range(runs):
            floors.append(floor_once())
            wall, cpu, warm_wall, out = lab_once(lab_id)
            cold.append(wall)
            cold_cpu.append(cpu)
            warm.append(warm_wall)
            supports = supports and out["supports"]
            members = out["members"]
        medians = (statistics.median(v) for v in (cold, cold_cpu, warm))
        rows.append(LabRow(lab_id, members, supports, *medians))
    floor = statistics.median(f[0] for f in floors)
    floor_cpu = statistics.median(f[1] for f in floors)
    print(
        f"\nFloor (import jax, optax + one jitted op, cold), median of {len(floors)} runs "
        f"interleaved with the labs': {floor:.2f} s wall, {floor_cpu:.2f} s CPU; "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"Labs, fresh process each, median of {runs} (wall s / CPU s):\n")
    print(
        f"| {'lab':<22} | {'members':>7} | {'cold wall':>9} | {'cold CPU':>8} | "
        f"{'cold / floor':>12} | {'CPU / floor CPU':>15} | {'warm wall':>9} | {'supports':>8} |"
    )
    print(
        f"|{'-' * 24}|{'-' * 9}|{'-' * 11}|{'-' * 10}|{'-' * 14}|{'-' * 17}|{'-' * 11}|{'-' * 10}|"
    )
    for row in rows:
        print(
            f"| {row.lab_id:<22} | {row.members:>7} | {row.cold:>9.2f} | {row.cold_cpu:>8.2f} | "
            f"{row.cold / floor:>11.2f}x | {row.cold_cpu / floor_cpu:>14.2f}x | "
            f"{row.warm:>9.2f} | {row.supports!s:>8} |",
            flush=True,
        )
    within = sum(row.cold <= 2 * floor for row in rows)
    print(f"\n{within} of {len(rows)} labs cold within 2x the floor (wall)")


def bench_torch(runs: int) -> None:
    import numpy as np

    from labs import jaxkit
    from labs import learning_rate as lab

    print(
        "\nThe learning-rate lab in JAX and in PyTorch (CPU), fresh process each, median of", runs
    )
    try:
        import torch
    except ImportError:
        print("PyTorch is NOT installed: skipped the comparison (pip install torch==2.13.0).")
        return
    rng = np.random.default_rng(0)  # the lab's own data and initial weights for seed 0
    x, y = jaxkit.moons_data(rng, 200, noise=0.1)
    init = jaxkit.mlp_init(rng, [2, 16, 16, 1], gain=1.0)
    arrays = {"x": x, "y": y} | {
        f"{k}{i}": a for i, layer in enumerate(init) for k, a in zip("wb", layer, strict=True)
    }
    results: dict[str, list[dict]] = {"JAX": [], "PyTorch": []}
    with tempfile.TemporaryDirectory() as folder:
        data = str(Path(folder) / "data.npz")
        np.savez(data, **arrays)
        rates, steps = json.dumps(list(lab.RATES.values())), str(lab.STEPS)
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cache:
                env = {**os.environ, "QUIZZER_JAX_CACHE": cache}
                wall, cpu, out = timed([sys.executable, "-c", JAX_LR, data], env)
                results["JAX"].append(out | {"wall": wall, "cpu": cpu})
            wall, cpu, out = timed(
                [sys.executable, "-c", TORCH_LR, data, rates, steps], dict(os.environ)
            )
            results["PyTorch"].append(out | {"wall": wall, "cpu": cpu})
    print(
        f"torch {torch.__version__} (1 thread); {len(lab.RATES)} x {lab.STEPS} "
        "full-batch SGD steps\n"
    )
    print("| framework | process wall s | import s | train s (JAX: incl. compile) | steps/s |")
    print("|---|---|---|---|---|")
    medians = {}
    for name, rows in results.items():
        m = {
            key: statistics.median(row[key] for row in rows) for key in ("wall", "import", "train")
        }
        medians[name] = m
        rate = len(lab.RATES) * lab.STEPS / m["train"]
        print(f"| {name} | {m['wall']:.2f} | {m['import']:.2f} | {m['train']:.3f} | {rate:,.0f} |")
    ratio = medians["PyTorch"]["train"] / medians["JAX"]["train"]
    print(
        f"\ntraining time PyTorch / JAX: {ratio:.2f}x; whole process: "
        f"{medians['PyTorch']['wall'] / medians['JAX']['wall']:.2f}x"
    )
    jax_finals, torch_finals = results["JAX"][0]["finals"], results["PyTorch"][0]["finals"]
    print(
        "final losses (too low, moderate, too high):",
        "JAX",
        [f"{v:.4g}" for v in jax_finals],
        "PyTorch",
        [f"{v:.4g}" for v in torch_finals],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--labs", nargs="*", help="lab ids (default: all)")
    parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison")
    parser.add_argument("--no-labs", action="store_true", help="only the PyTorch comparison")
    args = parser.parse_args()

    from quizzer import lab_registry

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    )
    if not args.no_labs:
        bench_labs(args.labs or [lab.id for lab in lab_registry.list_labs()], args.runs)
    if not args.no_torch:
        bench_torch(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
