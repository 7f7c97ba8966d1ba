"""The compiled bank cache: the same bank as a fresh load, rebuilt on any change, never trusted."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from quizzer.bank import cache, loader
from quizzer.bank.loader import BankError, load_bank
from quizzer.exam_facts import coverage

FIXTURE = Path(__file__).parents[1] / "fixtures" / "bank"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def bank_dir(tmp_path) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(FIXTURE, target)
    return target


def _no_fresh_load(monkeypatch) -> None:
    """Make a load that does not come from the cache fail, to tell a hit from a rebuild."""

    def refuse(root):
        raise AssertionError("read the YAML files although the cache matches")

    monkeypatch.setattr(loader, "_check_files", refuse)


def test_a_warm_load_is_the_same_bank_as_a_fresh_one(bank_dir, monkeypatch):
    fresh = load_bank(bank_dir, cache=False)
    load_bank(bank_dir)  # fills the cache
    _no_fresh_load(monkeypatch)
    warm = load_bank(bank_dir)
    assert warm.root == bank_dir
    assert list(warm.questions) == list(fresh.questions)
    assert warm.questions == fresh.questions
    assert warm.blueprints == fresh.blueprints
    assert warm.topics == fresh.topics
    assert warm.locations == fresh.locations
    assert [warm.content_hash(q) for q in warm.questions] == [
        fresh.content_hash(q) for q in fresh.questions
    ]


def test_the_summary_matches_the_bank(bank_dir):
    bank = load_bank(bank_dir)
    summary = cache.read_summary(bank_dir)
    assert summary is not None and summary.questions == len(bank.questions)
    assert [e.blueprint.id for e in summary.exams] == sorted(bank.blueprints)
    for exam in summary.exams:
        found = coverage(bank, bank.blueprints[exam.blueprint.id])
        assert (exam.tagged, exam.per_domain) == (found.tagged, found.per_domain)
        assert exam.blueprint.name == bank.blueprints[exam.blueprint.id].name


def test_the_cache_keeps_the_forecasts_questions_per_domain(bank_dir, monkeypatch):
    """A warm bank brings each exam's questions per domain, so that the first readiness
    forecast reads only the learner's answered questions, not every question."""
    from quizzer import exam_tags

    fresh = load_bank(bank_dir, cache=False)
    expected = {
        exam_id: exam_tags.domain_counts(exam_tags.question_tags(fresh, blueprint))
        for exam_id, blueprint in fresh.blueprints.items()
    }
    assert any(expected.values())
    load_bank(bank_dir)  # fills the cache
    _no_fresh_load(monkeypatch)
    warm = load_bank(bank_dir)

    def refuse(bank, blueprint):
        raise AssertionError("scanned every question although the cache keeps the counts")

    monkeypatch.setattr(exam_tags, "question_tags", refuse)
    for exam_id in warm.blueprints:
        assert exam_tags.exam_domain_counts(warm, exam_id) == expected[exam_id]


def _first_question_file(root: Path) -> Path:
    return next(
        p
        for p in sorted(root.rglob("*.yaml"))
        if p.parent.name != "exams" and p.name != "topics.yaml"
    )


def test_an_edited_question_is_seen_at_the_next_load(bank_dir):
    first = load_bank(bank_dir)
    path = _first_question_file(bank_dir)
    question = next(
        q for q in first.questions.values() if first.locations[q.id].path.endswith(path.name)
    )
    text = path.read_text(encoding="utf-8")
    assert question.stem[:30] in text
    path.write_text(
        text.replace(question.stem[:30], "Edited stem " + question.stem[:30], 1), encoding="utf-8"
    )
    again = load_bank(bank_dir)
    assert again.questions[question.id].stem.startswith("Edited stem ")
    assert cache.read_summary(bank_dir) is not None  # and the cache holds the new version


def test_a_deleted_file_takes_its_questions_with_it(bank_dir):
    first = load_bank(bank_dir)
    path = _first_question_file(bank_dir)
    gone = {qid for qid, where in first.locations.items() if where.path.endswith(f"/{path.name}")}
    assert gone
    path.unlink()
    again = load_bank(bank_dir)
    assert not gone & set(again.questions)
    assert set(again.questions) == set(first.questions) - gone


def test_a_new_file_is_seen(bank_dir):
    first = load_bank(bank_dir)
    source = _first_question_file(bank_dir)
    text = source.read_text(encoding="utf-8")
    copy = source.with_name("copy.yaml")
    old_id = next(iter(first.questions))
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as error:  # the copy repeats every id: seen, not cached
        load_bank(bank_dir)
    assert any(
        p.question_id == old_id and "duplicate id" in p.message for p in error.value.problems
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not a cache at all",
        b"",
        "header",  # the right header, then garbage
        "truncated",  # the right header and a cut-off body
        "wrong type",  # the right header, a valid pickle of the wrong objects
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(bank_dir, content):
    fresh = load_bank(bank_dir)
    path = cache.cache_path(bank_dir)
    good = path.read_bytes()
    header = cache.MAGIC + cache.bank_key(bank_dir).encode() + b"\n"
    kind = content
    if content == "header":
        content = header + b"\xff" * 40
    elif content == "truncated":
        content = good[: len(good) // 2]
    elif content == "wrong type":
        summary = pickle.dumps({"exams": []})
        body = pickle.dumps({"questions": {}})
        content = (
            header
            + cache._SIZES.pack(len(summary), zlib.crc32(summary), zlib.crc32(body))
            + summary
            + body
        )
    path.write_bytes(content)
    if kind != "truncated":  # (a cut-off bank leaves its summary whole and valid)
        assert cache.read_summary(bank_dir) is None
    assert cache.load(bank_dir, cache.bank_key(bank_dir)) is None
    again = load_bank(bank_dir)
    assert again.questions == fresh.questions
    assert path.read_bytes() == good  # rebuilt
    assert cache.read_summary(bank_dir) is not None


class Payload:
    def __reduce__(self):
        return (Path.touch, (Path("PWNED"),))


def test_a_foreign_cache_cannot_run_code(bank_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    load_bank(bank_dir)
    path = cache.cache_path(bank_dir)
    header = cache.MAGIC + cache.bank_key(bank_dir).encode() + b"\n"
    evil = pickle.dumps(Payload())
    path.write_bytes(
        header + cache._SIZES.pack(len(evil), zlib.crc32(evil), zlib.crc32(evil)) + evil + evil
    )
    assert cache.read_summary(bank_dir) is None
    assert cache.load(bank_dir, cache.bank_key(bank_dir)) is None
    assert not (tmp_path / "PWNED").exists()


def test_lab_links_are_checked_on_a_warm_load_too(bank_dir):
    bank = load_bank(bank_dir)
    linked = next(q for q in bank.questions.values() if q.lab is not None)
    with pytest.raises(BankError) as error:
        load_bank(bank_dir, labs={"some-other-lab": []})
    assert any(
        p.question_id == linked.id and "does not exist" in p.message for p in error.value.problems
    )


def test_an_unwritable_cache_directory_only_costs_time(bank_dir, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocked / "cache")
    assert load_bank(bank_dir).questions == load_bank(bank_dir, cache=False).questions


def test_reading_the_summary_imports_no_pydantic(bank_dir, tmp_path):
    load_bank(bank_dir)
    code = (
        "import sys; from pathlib import Path; from quizzer.bank.cache import read_summary; "
        f"s = read_summary(Path({str(bank_dir)!r})); "
        "print(s is not None, any(m.split('.')[0] in ('pydantic', 'yaml') for m in sys.modules))"
    )
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_bank_check_uses_the_cache_and_still_checks_lab_links(bank_dir, monkeypatch):
    from quizzer.bank.loader import check_bank

    load_bank(bank_dir)
    _no_fresh_load(monkeypatch)
    bank, problems = check_bank(bank_dir)
    assert bank is not None and problems == []
    bank, problems = check_bank(bank_dir, labs={})
    assert bank is None and any("does not exist" in p.message for p in problems)
