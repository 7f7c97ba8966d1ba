"""Each start path imports only what it uses: checked in a fresh interpreter through sys.modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[1]
FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"
HEAVY = ("jax", "sqlalchemy", "sqlmodel", "alembic")


def _run(code: str, home: Path) -> list[str]:
    """Run ``code`` in a fresh interpreter; it prints a JSON list as its last line."""
    env = {**os.environ, "QUIZZER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("QUIZZER_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _heavy(names: str = "HEAVY") -> str:
    return f"sorted({{m.split('.')[0] for m in sys.modules}} & set({names}))"


def test_bank_check_imports_no_database_and_no_jax(tmp_path):
    found = _run(
        f"""
        import contextlib, io, json, sys
        from quizzer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["bank", "check"])  # the shipped bank, with its lab links
        assert code == 0, code
        print(json.dumps({_heavy(repr(HEAVY))}))
        """,
        tmp_path,
    )
    assert found == []


def test_lab_list_imports_no_database_and_no_jax(tmp_path):
    found = _run(
        f"""
        import contextlib, io, json, sys
        from quizzer.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["lab", "list"])
        assert code == 0 and out.getvalue().strip(), code
        print(json.dumps({_heavy(repr(HEAVY))}))
        """,
        tmp_path,
    )
    assert found == []


def test_the_dashboard_screen_builds_without_heavy_imports(tmp_path):
    found = _run(
        f"""
        import json, sys
        from quizzer.app import QuizzerApp

        app = QuizzerApp()
        screen = app.get_default_screen()
        assert type(screen).__name__ == "DashboardScreen"
        print(json.dumps({_heavy(repr(HEAVY + ("pydantic", "textual_plotext")))}))
        """,
        tmp_path,
    )
    assert found == []


def test_the_exam_table_shows_from_the_cache_before_any_heavy_import(tmp_path):
    """With a warm bank cache, the dashboard's exam rows (with coverage) are on screen before
    pydantic, SQLAlchemy, Alembic, plotting or JAX is imported."""
    from quizzer.bank.loader import load_bank

    env_home = os.environ.get("QUIZZER_HOME")
    os.environ["QUIZZER_HOME"] = str(tmp_path)  # the child reads the cache this fills
    try:
        load_bank(FIXTURE_BANK)
    finally:
        if env_home is not None:
            os.environ["QUIZZER_HOME"] = env_home
    report = _run(
        f"""
        import json, sys
        from quizzer.app import QuizzerApp

        class Probe(QuizzerApp):
            def start_context(self):  # the dashboard asks for the context once its rows are painted
                table = self.screen.query_one("#exams")
                cells = [str(c) for c in table.get_row_at(0)] if table.row_count else []
                heavy = {_heavy(repr(HEAVY + ("pydantic", "textual_plotext", "yaml")))}
                self.found = [cells, heavy]
                self.exit()

        app = Probe(bank_root={str(FIXTURE_BANK)!r}, labs=None)
        app.run(headless=True, size=(100, 30))
        print(json.dumps(app.found))
        """,
        tmp_path,
    )
    cells, heavy = report
    assert cells[0] == "TEST-EXAM" and cells[2].startswith("8 q,")
    assert heavy == []


def test_opening_a_current_database_imports_no_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    found = _run(
        f"""
        import json, subprocess, sys
        # a first, separate start creates and migrates the database
        start = "from quizzer.store.opening import open_store; open_store({url!r}).dispose()"
        subprocess.run([sys.executable, "-c", start], check=True)
        from quizzer.store.opening import open_store
        from quizzer.store import migrate
        engine = open_store({url!r})
        assert migrate.current_revision(engine) == migrate.head_revision()
        print(json.dumps({_heavy("['alembic']")}))
        """,
        tmp_path,
    )
    assert found == []


def test_only_the_screens_that_plot_import_plotting(tmp_path):
    found = _run(
        """
        import importlib, json, sys
        light = ["dashboard", "practice_setup", "mock_setup", "labs", "exam_detail", "practice",
                 "mock_exam", "results"]
        plotting = {}
        for name in light:
            importlib.import_module(f"quizzer.screens.{name}")
            plotting[name] = "textual_plotext" in sys.modules
        importlib.import_module("quizzer.screens.history")
        plotting["history"] = "textual_plotext" in sys.modules
        print(json.dumps(sorted(name for name, imported in plotting.items() if imported)))
        """,
        tmp_path,
    )
    assert found == ["history"]


def test_the_app_starts_without_importing_the_sub_commands(tmp_path):
    """A plain ``quizzer`` (with its own options) builds no sub-command parser; anything else
    goes to the full parser, which imports them."""
    found = _run(
        """
        import json, sys
        import quizzer.launch
        from quizzer import cli

        started = []
        quizzer.launch.launch_app = lambda **options: started.append(options) or 0
        code = cli.main(["--db", "sqlite:///x.db", "--profile", "ann"])
        plain = sorted(m for m in sys.modules if m.startswith("quizzer.commands."))
        rejected = [cli.app_args(a) for a in (["bank", "check"], ["--help"], ["--profile", ""])]
        print(json.dumps([code, started, plain, rejected]))
        """,
        tmp_path,
    )
    code, started, plain, rejected = found
    assert code == 0 and started == [{"db_url": "sqlite:///x.db", "profile": "ann"}]
    assert plain == []
    assert rejected == [None, None, None]
