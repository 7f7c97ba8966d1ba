"""An own bank loads in the app exactly when ``bank check`` passes it, shipped labs or not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzer.bank.problems import BankError
from quizzer.cli import main
from quizzer.context import load_context

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "bank"


@pytest.fixture
def own_bank(tmp_path) -> Path:
    """The test bank without its lab link: no question a shipped lab backs is in it."""
    root = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, root)
    path = root / "questions" / "all_types.yaml"
    path.write_text(path.read_text().replace("    lab: test-lab\n", ""))
    return root


def _app_loads(root: Path, tmp_path: Path, monkeypatch) -> bool:
    monkeypatch.setenv("QUIZZER_BANK", str(root))
    from quizzer.context import bank_root

    try:
        ctx = load_context(
            bank_root=bank_root(None),
            db_url=f"sqlite:///{tmp_path / 'q.db'}",
            profile_name="default",
            registry=True,  # the real labs, as the app uses them
        )
    except BankError:
        return False
    ctx.engine.dispose()
    return True


def test_a_bank_without_the_shipped_lab_questions_loads_in_the_app(own_bank, tmp_path, monkeypatch):
    assert main(["bank", "check", str(own_bank)]) == 0
    assert _app_loads(own_bank, tmp_path, monkeypatch)


def test_the_app_and_bank_check_agree_on_a_broken_bank(own_bank, tmp_path, monkeypatch, capsys):
    path = own_bank / "questions" / "all_types.yaml"
    path.write_text(path.read_text().replace("type: single", "type: singel", 1))
    assert main(["bank", "check", str(own_bank)]) == 2
    err = capsys.readouterr().err
    assert "all_types.yaml" in err
    assert "lab '" not in err, "the real error is not buried under errors about shipped labs"
    assert not _app_loads(own_bank, tmp_path, monkeypatch)
