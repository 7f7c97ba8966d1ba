"""``quizzer lab audit`` over two labs and a few seeds; the lab commands' imports, seeds, Ctrl-C."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from labs.framework import Evidence, LabResult
from quizzer import lab_registry
from quizzer.cli import main

STORE = ("sqlalchemy", "sqlmodel", "alembic")


@pytest.mark.slow
def test_audit_two_labs(capsys):
    assert main(["lab", "audit", "robust-losses", "l1-sparsity", "--seeds", "3000-3002"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("robust-losses: 3/3 seeds supported; failing: none; RMSE")
    assert lines[1].startswith("l1-sparsity: 3/3 seeds supported")
    assert "median" in lines[1] and "range" in lines[1] and "threshold 50" in lines[1]


@pytest.mark.slow
def test_audit_json(capsys):
    assert main(["lab", "audit", "robust-losses", "--seeds", "3000-3001", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["id"], row["total"], row["supported"], row["failing"]) == (
        "robust-losses",
        2,
        2,
        [],
    )
    assert row["seeds"] == "3000-3001" and row["members"] >= 3
    effect = row["effect"]
    assert effect["low"] <= effect["median"] <= effect["high"] and effect["threshold"] == 5.0


def test_audit_counts_failing_seeds(monkeypatch, capsys):
    def run(seed: int = 0, reporter=None) -> LabResult:
        return LabResult(
            "learning-rate",
            seed,
            "CPU",
            seed != 4,
            "v",
            [],
            effect=float(seed),
            effect_label="e",
            threshold=4.5,
            members=5,
        )

    monkeypatch.setattr(lab_registry, "load", lambda lab_id: SimpleNamespace(run=run))
    assert main(["lab", "audit", "learning-rate", "--seeds", "2-5", "--json"]) == 1
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["supported"], row["total"], row["failing"]) == (3, 4, [4])
    assert (row["effect"]["low"], row["effect"]["high"]) == (2.0, 5.0)


@pytest.mark.parametrize("bad", [["--seed", "-1"], ["--seed", "x"]])
def test_a_bad_seed_is_a_usage_error(bad, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["lab", "run", "learning-rate", *bad])
    assert caught.value.code == 2
    assert "seed" in capsys.readouterr().err


@pytest.mark.parametrize("seeds", ["5-3", "a-b", "-1"])
def test_a_bad_seed_range_is_a_usage_error(seeds, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["lab", "audit", "learning-rate", "--seeds", seeds])
    assert caught.value.code == 2


def test_an_unknown_lab_in_an_audit_is_a_usage_error(capsys):
    assert main(["lab", "audit", "no-such-lab", "--seeds", "1-2"]) == 2
    assert "no-such-lab" in capsys.readouterr().err


def test_ctrl_c_during_a_run_is_one_line(monkeypatch, capsys):
    def run(seed: int = 0, reporter=None) -> LabResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(lab_registry, "load", lambda lab_id: SimpleNamespace(run=run))
    assert main(["lab", "run", "learning-rate"]) == 130
    err = capsys.readouterr().err.strip()
    assert err == "lab stopped (Ctrl-C); nothing was recorded." and "Traceback" not in err


def test_run_prints_the_margin_and_ensemble(monkeypatch, capsys):
    def run(seed: int = 0, reporter=None) -> LabResult:
        return LabResult(
            "learning-rate",
            seed,
            "CPU",
            True,
            "It showed.",
            [Evidence.of("loss", [0.1, 0.2, 0.3])],
            members=3,
            margin="well inside",
        )

    monkeypatch.setattr(lab_registry, "load", lambda lab_id: SimpleNamespace(run=run))
    assert main(["lab", "run", "learning-rate"]) == 0
    out = capsys.readouterr().out
    assert "0.2 (range 0.1 to 0.3 over 3 runs)" in out and "Margin: well inside" in out
    assert "3 runs" in out


def modules_after(argv: list[str], env: dict | None = None) -> tuple[int, set[str], str]:
    """Run the CLI in a fresh interpreter; return its exit code and the top-level modules loaded."""
    code = (
        "import sys\n"
        "from quizzer.cli import main\n"
        f"rc = main({argv!r})\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')))
    return done.returncode, loaded, done.stderr


def test_lab_list_imports_no_jax_and_no_store():
    rc, loaded, _ = modules_after(["lab", "list"])
    assert rc == 0 and not loaded & {"jax", "jaxlib", *STORE}


@pytest.mark.slow
def test_lab_run_imports_no_store(tmp_path):
    rc, loaded, _ = modules_after(
        ["lab", "run", "robust-losses"], {"QUIZZER_JAX_CACHE": str(tmp_path / "cache")}
    )
    assert rc == 0 and "jax" in loaded and not loaded & set(STORE)


@pytest.mark.slow
def test_a_cache_folder_that_cannot_be_made_is_a_warning(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    rc, _, err = modules_after(
        ["lab", "run", "robust-losses"], {"QUIZZER_JAX_CACHE": str(blocker / "cache")}
    )
    assert rc == 0
    assert err.count("warning: cannot create the compile cache") == 1 and "Traceback" not in err


@pytest.mark.parametrize("platform", ["cuda", "gpu"])
def test_a_missing_gpu_is_one_sentence_and_exit_3(platform, tmp_path):
    rc, _, err = modules_after(
        ["lab", "run", "robust-losses"],
        {"JAX_PLATFORMS": platform, "QUIZZER_JAX_CACHE": str(tmp_path / "cache")},
    )
    assert rc == 3
    assert f"JAX_PLATFORMS='{platform}'" in err and "unset JAX_PLATFORMS" in err
    assert "Traceback" not in err


def test_the_compile_cache_follows_quizzer_home(monkeypatch, tmp_path):
    from labs import jaxkit

    monkeypatch.delenv("QUIZZER_JAX_CACHE", raising=False)
    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path))
    assert jaxkit.cache_dir() == tmp_path / "jax-cache"
    monkeypatch.setenv("QUIZZER_JAX_CACHE", str(tmp_path / "elsewhere"))
    assert jaxkit.cache_dir() == tmp_path / "elsewhere"
