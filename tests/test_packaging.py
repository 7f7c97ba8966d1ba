"""A plain (non-editable) install ships the question bank, the labs and the migrations."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src") / "quizzer"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", ".pytest_cache", "build", "*.egg-info", "benchmarks"
        ),
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    [path] = out.glob("quizzer-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_contains_content_and_engine(wheel):
    names = set(wheel.namelist())
    shipped = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "question_bank").rglob("*.yaml")
    )
    assert shipped, "the repository has a question bank"
    missing = [p for p in shipped if p not in names]
    assert not missing, f"not in the wheel: {missing[:5]}"
    for required in (
        "labs/framework.py",
        "labs/jaxkit.py",
        "quizzer/store/migrations/env.py",
        "quizzer/store/migrations/versions/0001_initial.py",
        "quizzer/cli.py",
    ):
        assert required in names
    assert not any(n.startswith("tests/") for n in names)
    entry = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "quizzer = quizzer.cli:main" in entry
