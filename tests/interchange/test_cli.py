"""The commands end to end: import into a folder the app loads, export, a paper from a mock."""

from __future__ import annotations

from pathlib import Path

from quizzer.assembly import assemble_mock
from quizzer.bank.loader import load_bank
from quizzer.cli import main
from quizzer.context import load_context

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"


def test_import_then_practise_from_the_folder(tmp_path, capsys):
    into = tmp_path / "bank"
    assert main(["bank", "import", str(FIXTURES / "sample.gift"), "--into", str(into)]) == 0
    assert "imported 7 question(s)" in capsys.readouterr().out
    context = load_context(
        bank_root=into, db_url=f"sqlite:///{tmp_path / 'q.db'}", profile_name="t"
    )
    assert len(context.bank.questions) == 7
    context.engine.dispose()
    assert main(["bank", "check", str(into)]) == 0
    assert main(["bank", "check", "--strict", str(into)]) == 2


def test_import_reports_and_fails_on_a_file_that_does_not_fit(tmp_path, capsys):
    assert (
        main(["bank", "import", str(FIXTURES / "unsupported.gift"), "--into", str(tmp_path)]) == 2
    )
    err = capsys.readouterr().err
    assert "unsupported.gift:1: essay:" in err and "nothing imported from this file" in err


def test_export_writes_the_file_and_lists_what_does_not_fit(tmp_path, capsys):
    out = tmp_path / "nca.xml"
    assert (
        main(["bank", "export", "--format", "moodle-xml", "--exam", "NCA-GENL", "--out", str(out)])
        == 0
    )
    err = capsys.readouterr().err
    assert "yes_no questions do not fit Moodle XML; left out" in err
    assert (
        out.read_bytes().startswith(b"<?xml") and b'<question type="ordering">' in out.read_bytes()
    )
    assert main(["bank", "export", "--format", "gift", "--exam", "NOPE"]) == 2


def test_mock_paper_matches_the_seeded_assembly(tmp_path):
    out = tmp_path / "paper.md"
    assert main(["mock", "export", "NCA-GENL", "--seed", "7", "--out", str(out)]) == 0
    bank = load_bank(None, lab_backlinks=False)
    plan = assemble_mock(bank, bank.blueprints["NCA-GENL"], seed=7)
    paper = out.read_text()
    key = (tmp_path / "paper-key.md").read_text()
    first = bank.questions[plan.items[0].question_id]
    assert paper.count("### Question ") == len(plan.items)
    assert first.stem.split("\n")[0] in paper.split("### Question 2")[0]
    assert f"### Question 1 ({first.id})" in key and first.explanation in key
    assert "Key:" not in paper and first.id not in paper
    html_out = tmp_path / "paper.html"
    assert (
        main(
            [
                "mock",
                "export",
                "NCA-GENL",
                "--seed",
                "7",
                "--format",
                "html",
                "--out",
                str(html_out),
            ]
        )
        == 0
    )
    assert "page-break-before" in html_out.read_text() and "Answer key" in html_out.read_text()
