"""``quizzer bank check|stats|schema`` from the command line."""

from __future__ import annotations

import json
import shutil

import pytest

from quizzer.cli import main


@pytest.fixture(autouse=True)
def fixture_labs(monkeypatch):
    """The fixture bank links its questions to a test lab, not to the shipped labs."""
    monkeypatch.setattr("quizzer.commands.bank._lab_links", lambda: {"test-lab": ["t-single"]})


def test_unknown_lab_is_reported(fixture_bank_root, monkeypatch, capsys):
    monkeypatch.setattr("quizzer.commands.bank._lab_links", lambda: {"other-lab": []})
    assert main(["bank", "check", str(fixture_bank_root)]) == 2  # a usage or input error
    assert "lab 'test-lab' does not exist" in capsys.readouterr().err


def test_check_passes_on_fixture_bank(fixture_bank_root, capsys):
    assert main(["bank", "check", str(fixture_bank_root)]) == 0
    assert "ok: 8 questions" in capsys.readouterr().out


def test_check_fails_clearly_on_bad_file(tmp_path, fixture_bank_root, capsys):
    root = tmp_path / "bank"
    shutil.copytree(fixture_bank_root, root)
    (root / "questions" / "bad.yaml").write_text("questions:\n  - id: x\n    type: single\n")
    assert main(["bank", "check", str(root)]) == 2  # a usage or input error
    err = capsys.readouterr().err
    assert "bank/questions/bad.yaml:2: x: stem: required field is missing; add it" in err
    assert "the bank was not loaded" in err


def test_strict_turns_warnings_into_errors(fixture_bank_root, capsys):
    assert (
        main(["bank", "check", "--strict", str(fixture_bank_root)]) == 2
    )  # a usage or input error
    assert "objective 1.1" in capsys.readouterr().err


def test_stats_json_counts(fixture_bank_root, capsys):
    assert main(["bank", "stats", "--json", str(fixture_bank_root)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["questions"] == 8
    assert stats["types"]["multiple"] == 2
    exam = stats["exams"]["TEST-EXAM"]
    assert exam["domains"]["2"]["questions"] == 5
    assert exam["domains"]["1"]["objectives"]["1.2"] == 3
    assert stats["lab_linked"] == 1


def test_schema_is_json_schema(capsys):
    assert main(["bank", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "questions" in schema["properties"]
