"""The lab registry lists labs from their literal META without importing them; rejects bad META."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizzer import lab_registry
from quizzer.lab_registry import LabError, scan

GOOD_META = """\
META = {
    "id": "%s",
    "title": "A title",
    "claim": "What it shows.",
    "questions": ["lab-%s"],
    "topic": "optimizers",
}
import jax  # never imported by the registry
"""


def write_lab(folder: Path, stem: str, text: str) -> Path:
    path = folder / f"{stem}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_listing_does_not_import_jax_or_any_lab():
    code = (
        "import sys\n"
        "from quizzer import lab_registry\n"
        "labs = lab_registry.list_labs()\n"
        "assert labs, 'no labs found'\n"
        "imported = [m for m in sys.modules if m == 'jax' or m.startswith(('jax.', 'labs.'))]\n"
        "assert not imported, imported\n"
        "print(len(labs))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(lab_registry.list_labs())


def test_shipped_labs_are_listed_with_valid_meta():
    labs = lab_registry.list_labs()
    ids = [lab.id for lab in labs]
    assert ids == sorted(set(ids))
    assert {"learning-rate", "optimizers", "early-stopping"} <= set(ids)
    for lab in labs:
        assert lab.module.startswith("labs.") and lab.questions and lab.title and lab.claim


def test_get_and_load():
    info = lab_registry.get("l1-sparsity")
    assert info.module == "labs.l1_sparsity"
    assert callable(lab_registry.load("l1-sparsity").run)


def test_unknown_id_lists_the_valid_ones():
    with pytest.raises(KeyError) as caught:
        lab_registry.get("no-such-lab")
    assert "no-such-lab" in str(caught.value) and "learning-rate" in str(caught.value)


def test_scan_skips_helpers_and_private_modules(tmp_path):
    write_lab(tmp_path, "good", GOOD_META % ("good-lab", "good"))
    for helper in ("__init__", "framework", "jaxkit", "_draft"):
        write_lab(tmp_path, helper, "x = 1\n")
    labs = scan(tmp_path, package="pkg")
    assert list(labs) == ["good-lab"]
    assert labs["good-lab"].module == "pkg.good" and labs["good-lab"].questions == ("lab-good",)


def test_typed_meta_is_read_and_a_bare_annotation_is_not_meta(tmp_path):
    typed = GOOD_META.replace("META = {", "from __future__ import annotations\n\nMETA: LabMeta = {")
    write_lab(tmp_path, "typed", typed % ("typed-lab", "typed"))
    assert scan(tmp_path)["typed-lab"].questions == ("lab-typed",)
    write_lab(tmp_path, "typed", "META: LabMeta\n")
    with pytest.raises(LabError, match="no module-level 'META"):
        scan(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = 1\n", "no module-level 'META"),
        ("META = dict(id='a')\n", "literal dict"),
        ("META = {'id': 'a', 'title': 't', 'claim': 'c', 'topic': 'x'}\n", "lacks questions"),
        (
            "META = {'id': 'Bad_Id', 'title': 't', 'claim': 'c', 'questions': ['q'], 'topic': 't'}",
            "kebab-case",
        ),
        (
            "META = {'id': 'a', 'title': 't', 'claim': 'c', 'questions': 'q', 'topic': 'x'}\n",
            "questions",
        ),
        (
            "META = {'id': 'a', 'title': '', 'claim': 'c', 'questions': ['q'], 'topic': 'x'}\n",
            "title",
        ),
        (
            "META = {'id': 'a', 'title': 't', 'claim': 'c', 'questions': [], 'topic': 'x'}\n",
            "questions",
        ),
        ("META = {\n", "syntax error"),
    ],
)
def test_bad_meta_is_reported_with_the_file(tmp_path, text, message):
    write_lab(tmp_path, "broken", text)
    with pytest.raises(LabError) as caught:
        scan(tmp_path)
    assert "broken.py" in str(caught.value) and message in str(caught.value)


def test_optional_deterministic_flag(tmp_path):
    text = GOOD_META % ("timed", "timed")
    write_lab(tmp_path, "timed", text.replace('"topic"', '"deterministic": False,\n    "topic"'))
    assert scan(tmp_path)["timed"].deterministic is False
    write_lab(tmp_path, "timed", text.replace('"topic"', '"deterministic": "no",\n    "topic"'))
    with pytest.raises(LabError, match="deterministic"):
        scan(tmp_path)


def test_duplicate_ids_are_rejected(tmp_path):
    write_lab(tmp_path, "first", GOOD_META % ("same", "one"))
    write_lab(tmp_path, "second", GOOD_META % ("same", "two"))
    with pytest.raises(LabError, match=r"second\.py.*'same'.*first\.py"):
        scan(tmp_path)


def test_meta_read_on_its_own_matches_the_whole_module_parse():
    # A lab run reads every lab's META: only the META statement is parsed, and it must be the
    # same statement, at the same line, as in a parse of the whole module.
    import ast

    for path in sorted(lab_registry.labs_dir().glob("*.py")):
        text = path.read_text(encoding="utf-8")
        whole = next((n for n in ast.parse(text).body if lab_registry._is_meta(n)), None)
        alone = lab_registry._meta_statement(text)
        if whole is None:
            assert alone is None, path.name
            continue
        assert alone is not None, path.name
        assert alone.lineno == whole.lineno, path.name
        assert ast.literal_eval(alone.value) == ast.literal_eval(whole.value), path.name


def test_meta_after_a_docstring_that_starts_a_line_with_meta(tmp_path):
    docstring = '"""Notes.\nMETA is read without importing the module.\n"""\n'
    write_lab(tmp_path, "noted", docstring + GOOD_META % ("noted", "noted"))
    info = scan(tmp_path)["noted"]
    assert info.questions == ("lab-noted",)


def test_a_syntax_error_after_meta_is_left_to_the_import(tmp_path):
    # Listing reads META alone; the module's own syntax is checked when the lab is imported.
    write_lab(tmp_path, "later", GOOD_META % ("later", "later") + "def broken(:\n")
    assert scan(tmp_path)["later"].title == "A title"


def test_a_syntax_error_found_on_import_names_the_file_and_line(tmp_path, monkeypatch):
    package = tmp_path / "brokenlabs"
    package.mkdir()
    (package / "__init__.py").write_text("")
    write_lab(package, "later", GOOD_META % ("later", "later") + "def broken(:\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(lab_registry, "_labs", lambda: scan(package, package="brokenlabs"))
    with pytest.raises(LabError, match=r"later\.py:9: syntax error"):
        lab_registry.load("later")
