"""A run diverging to NaN/inf is evidence, not a crash: it survives JSON, the table and the CLI."""

from __future__ import annotations

import json
import math

import jax.numpy as jnp
import numpy as np

from labs import jaxkit
from labs.framework import Curve, Evidence, LabResult


def diverging_run() -> dict[str, np.ndarray]:
    """Gradient descent on x**2 with a step of 10: |x| grows 19x a step, to inf, then NaN."""

    def step(x, _, lr):
        grad = 2 * x
        x = x - lr * grad
        return x, {"loss": x * x, "x": x}

    _, history = jaxkit.train_chunked(
        step, jnp.float32(1.0), steps=400, hp=jnp.float32(10.0), chunks=4
    )
    return history


def test_divergence_becomes_evidence():
    history = diverging_run()
    final = float(history["loss"][-1])
    assert not math.isfinite(final)
    result = LabResult(
        lab_id="toy",
        seed=0,
        device=jaxkit.device_label(),
        supports=True,
        verdict="diverged",
        evidence=[Evidence("final loss", final), Evidence("final x", float(history["x"][-1]))],
        curves=[Curve("loss", list(range(400)), jaxkit.finite_or_nan(history["loss"]))],
    )
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))  # strict JSON: no bare NaN
    assert data["evidence"][0]["value"] in ("nan", "inf")
    assert any(v in ("nan", "inf") for v in data["curves"][0]["values"])
    assert all(e.formatted().startswith("diverged") for e in result.evidence)


def test_cli_prints_a_diverged_lab(monkeypatch, capsys):
    from quizzer import lab_registry
    from quizzer.cli import main

    history = diverging_run()

    class Toy:
        @staticmethod
        def run(seed: int = 0, reporter=None) -> LabResult:
            return LabResult(
                "learning-rate",
                seed,
                "CPU",
                True,
                "the loss diverged",
                [Evidence("final loss", float(history["loss"][-1]))],
            )

    monkeypatch.setattr(lab_registry, "load", lambda lab_id: Toy)
    assert main(["lab", "run", "learning-rate"]) == 0
    assert "diverged" in capsys.readouterr().out
    assert main(["lab", "run", "learning-rate", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["evidence"][0]["value"] in ("nan", "inf")
