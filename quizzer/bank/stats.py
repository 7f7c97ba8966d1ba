"""Counts over a loaded bank: per exam, domain, objective, type, topic, difficulty and lab link."""

from __future__ import annotations

from collections import Counter

from quizzer.bank.depth import MOCKS_DEEP, exam_depth, is_current
from quizzer.bank.loader import Bank


def bank_stats(bank: Bank) -> dict:
    """A JSON-ready summary of the bank's coverage."""
    questions = list(bank.questions.values())
    exams = {}
    for exam_id, blueprint in bank.blueprints.items():
        prefix = f"{exam_id}:"
        tagged = [q for q in questions if any(o.startswith(prefix) for o in q.objectives)]
        domains = {}
        depth = {d.domain_id: d for d in exam_depth(bank, blueprint)}
        for domain in blueprint.domains:
            in_domain = [
                q
                for q in tagged
                if any(
                    o.startswith(prefix) and blueprint.domain_of(o[len(prefix) :]) is domain
                    for o in q.objectives
                )
            ]
            objectives = {}
            for objective in [None, *domain.objectives]:
                ref = prefix + (domain.id if objective is None else objective.id)
                objectives[ref.split(":", 1)[1]] = sum(ref in q.objectives for q in in_domain)
            domains[domain.id] = {
                "name": domain.name,
                "weight": domain.weight,
                "questions": len(in_domain),
                "need": depth[domain.id].need,
                "deep_enough": depth[domain.id].deep_enough,
                "objectives": objectives,
            }
        exams[exam_id] = {
            "current": is_current(blueprint),
            "questions": len(tagged),
            "mock_length": blueprint.questions,
            "domains": domains,
        }
    return {
        "questions": len(questions),
        "retired": len(bank.retired),
        "exams": exams,
        "types": dict(sorted(Counter(q.type for q in questions).items())),
        "topics": dict(sorted(Counter(q.topic for q in questions).items())),
        "difficulty": {
            str(k): v for k, v in sorted(Counter(q.difficulty for q in questions).items())
        },
        "lab_linked": sum(q.lab is not None for q in questions),
        "labs": dict(sorted(Counter(q.lab for q in questions if q.lab).items())),
    }


def format_stats(stats: dict) -> str:
    """The same summary as readable text."""
    out = [
        f"{stats['questions']} questions ({stats['retired']} retired not counted),"
        f" {stats['lab_linked']} linked to a lab",
        "",
        f"Per exam, per domain (have/need: questions / {MOCKS_DEEP} mocks at its weight), per "
        "objective:",
    ]
    for exam_id, exam in stats["exams"].items():
        state = "current" if exam["current"] else "retired"
        out.append(
            f"  {exam_id} ({state}): {exam['questions']} tagged, mock length {exam['mock_length']}"
        )
        for domain_id, domain in exam["domains"].items():
            weight = domain["weight"] or "-"
            need = "-" if domain["need"] is None else domain["need"]
            verdict = (
                ("  deep enough" if domain["deep_enough"] else "  SHORT") if exam["current"] else ""
            )
            have = f"{domain['questions']}/{need}"
            out.append(f"    {domain_id:<5} {weight:>7}  {have:>7}  {domain['name'][:50]}{verdict}")
            for objective_id, count in domain["objectives"].items():
                if count or objective_id != domain_id:
                    out.append(f"             {objective_id:<22} {count:>4}")
    for title, key in (
        ("Types", "types"),
        ("Topics", "topics"),
        ("Difficulty", "difficulty"),
        ("Labs", "labs"),
    ):
        out.append("")
        out.append(f"{title}:")
        out.extend(f"  {name:<22} {count:>4}" for name, count in stats[key].items())
    return "\n".join(out)
