"""The data directory and default database URL are found without importing SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_paths_do_not_import_sqlalchemy(tmp_path):
    code = (
        "import sys; from quizzer.paths import data_dir, default_url; "
        "print(data_dir()); print(default_url()); "
        "print('sqlalchemy' in sys.modules)"
    )
    env = {"QUIZZER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    home, url, imported = done.stdout.split()
    assert home == str(tmp_path)
    assert url == f"sqlite:///{tmp_path / 'quizzer.db'}"
    assert imported == "False"


def test_engine_module_still_exports_them():
    from quizzer import paths
    from quizzer.store import engine

    assert engine.data_dir is paths.data_dir
    assert engine.default_url is paths.default_url
