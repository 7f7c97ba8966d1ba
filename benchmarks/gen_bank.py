"""Generate a synthetic question bank of N questions (all types) for load benchmarks."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tests" / "fixtures" / "bank"
PER_FILE = 100


def generate(target: Path, count: int) -> Path:
    """Write ``count`` questions (cycled over the fixture's eight types) under ``target``."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(TEMPLATE / "exams", target / "exams")
    shutil.copy(TEMPLATE / "topics.yaml", target / "topics.yaml")
    templates = yaml.safe_load((TEMPLATE / "questions" / "all_types.yaml").read_text())["questions"]
    for template in templates:
        template.pop("lab", None)
    (target / "questions").mkdir()
    for start in range(0, count, PER_FILE):
        batch = []
        for i in range(start, min(count, start + PER_FILE)):
            question = copy.deepcopy(
                templates[i % len(templates)]
            )  # no shared objects, so no YAML aliases
            question["id"] = f"gen-{i:06d}"
            question["stem"] = f"{question['stem']} (variant {i})"
            batch.append(question)
        path = target / "questions" / f"part-{start // PER_FILE:04d}.yaml"
        # libyaml's emitter: the pure-Python one takes minutes for 50,000 questions
        text = yaml.dump(
            {"questions": batch}, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True
        )
        path.write_text(text, encoding="utf-8")
    return target


def generated(count: int) -> Path:
    """A generated bank of ``count`` questions kept in the temporary directory between runs
    (regenerated when this script or the template changes), so benchmarks share one copy."""
    import hashlib
    import tempfile

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(TEMPLATE.rglob("*.yaml")):
        digest.update(path.read_bytes())
    target = Path(tempfile.gettempdir()) / f"quizzer-bench-bank-{count}-{digest.hexdigest()[:12]}"
    done = target / ".complete"
    if not done.exists():
        generate(target, count)
        done.touch()
    return target
