"""``quizzer lab list|run``: output and exit codes (0 supported, 1 not supported, 2 unknown lab)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from labs.framework import Evidence, LabResult
from quizzer import lab_registry
from quizzer.cli import main


def test_list_prints_every_lab(capsys):
    assert main(["lab", "list"]) == 0
    out = capsys.readouterr().out
    assert all(lab.id in out for lab in lab_registry.list_labs())


def test_list_json(capsys):
    assert main(["lab", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows} == {lab.id for lab in lab_registry.list_labs()}
    assert all(isinstance(row["questions"], list) for row in rows)


def test_run_unknown_lab_exits_2_and_lists_ids(capsys):
    assert main(["lab", "run", "no-such-lab"]) == 2
    assert "learning-rate" in capsys.readouterr().err


@pytest.mark.slow
def test_run_prints_evidence_and_verdict(capsys):
    assert main(["lab", "run", "l1-sparsity", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "SUPPORTED" in out and "irrelevant weights exactly zero, L1" in out and "seed 1" in out


@pytest.mark.slow
def test_run_json_is_the_result(capsys):
    assert main(["lab", "run", "l1-sparsity", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lab_id"] == "l1-sparsity" and data["supports"] is True and data["evidence"]


def test_run_exits_1_when_the_evidence_does_not_support(monkeypatch, capsys):
    def run(seed: int = 0, reporter=None) -> LabResult:
        reporter.report(1, 1, loss=0.5)
        return LabResult(
            "learning-rate", seed, "CPU", False, "It did not show.", [Evidence("loss", 0.5)]
        )

    monkeypatch.setattr(lab_registry, "load", lambda lab_id: SimpleNamespace(run=run))
    assert main(["lab", "run", "learning-rate"]) == 1
    assert "NOT SUPPORTED: It did not show." in capsys.readouterr().out
