"""The XLA flags every lab process runs with: set before JAX starts its backend, once per process.

XLA reads ``XLA_FLAGS`` once, when JAX first starts a backend, and applies them to every program
the process compiles. Labs are deterministic per seed only under one set of flags, so the flags
are process-wide and the same for every lab (the app runs labs in its own process, one after
another), and :func:`apply` runs when ``labs.jaxkit`` is imported, before any lab computes.
"""

from __future__ import annotations

import os

#: LLVM's loop unrolling is the costliest part of compiling the labs' small programs on a CPU and
#: does not make them run faster. Measured cold (fresh process, empty compile cache) on 2 cores:
#: compiling cnn-vs-mlp's training step took 0.3 s less, lstm-vs-rnn's and residual-depth's
#: 0.3 s less; run times were unchanged (benchmarks/labs_bench.py, docs/performance.md).
#: It names a CPU backend option; no GPU run has tried it (docs/labs.md, GPU).
FLAGS = ("--xla_backend_extra_options=xla_cpu_disable_loop_unrolling",)


def apply() -> None:
    """Add :data:`FLAGS` to ``XLA_FLAGS`` unless the user already sets the same options.

    A learner's own ``XLA_FLAGS`` stay in force; an option they set themselves is left alone.
    """
    current = os.environ.get("XLA_FLAGS", "")
    missing = [flag for flag in FLAGS if flag.partition("=")[0] not in current]
    if missing:
        os.environ["XLA_FLAGS"] = " ".join([current, *missing]).strip()
