"""Item-writing checks: tag counts, vendor conventions, depth of current exams, retired items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizzer.bank.blueprint import Blueprint, Domain
from quizzer.bank.depth import exam_depth, shallow_domains
from quizzer.bank.lint import lint_bank
from quizzer.bank.loader import Bank, Location, load_bank
from quizzer.bank.schema import question_adapter


def blueprint(
    exam_id: str = "X", *, retired: dt.date | None = None, questions: int = 10
) -> Blueprint:
    return Blueprint(
        id=exam_id,
        vendor="v",
        name="n",
        status="active",
        outline="o",
        questions=questions,
        questions_note="q",
        minutes=30,
        coverage="c",
        retired=retired,
        domains=[
            Domain(id="1", name="One", weight="60-70%"),
            Domain(id="2", name="Two", weight="35%", in_bank=False),
        ],
    )


def question(qid: str, objectives: list[str], **extra):
    data = {
        "id": qid,
        "type": "single",
        "stem": f"Which setting fits case {qid}?",
        "explanation": "Because.",
        "objectives": objectives,
        "topic": "t",
        "difficulty": 1,
        "options": [
            {"text": f"Setting {k} for {qid}", "rationale": "Says why it fits.", "correct": k == 0}
            for k in range(4)
        ],
    }
    return question_adapter.validate_python({**data, **extra})


def make_bank(questions, blueprints) -> Bank:
    return Bank(
        root=Path("bank"),
        questions={q.id: q for q in questions},
        blueprints={b.id: b for b in blueprints},
        topics={"t": ""},
        locations={q.id: Location("bank/q.yaml", i + 1) for i, q in enumerate(questions)},
    )


def test_depth_needs_two_mocks_at_the_normalised_midpoint_weight():
    bank = make_bank([question(f"q{i}", ["X:1"]) for i in range(13)], [blueprint()])
    depth = {d.domain_id: d for d in exam_depth(bank, bank.blueprints["X"])}
    # midpoints 65 and 35 over 100: 2 x 10 x 0.65 = 13, 2 x 10 x 0.35 = 7
    assert (depth["1"].have, depth["1"].need, depth["1"].deep_enough) == (13, 13, True)
    assert (depth["2"].have, depth["2"].need, depth["2"].deep_enough) == (0, 7, False)


def test_in_bank_false_no_longer_excuses_a_current_exam():
    bank = make_bank([question(f"q{i}", ["X:1"]) for i in range(13)], [blueprint()])
    assert [d.domain_id for d in shallow_domains(bank)] == ["2"]
    messages = [p.message for p in lint_bank(bank)]
    assert any("domain 2 has 0 questions" in m and "need 7" in m for m in messages)


def test_a_retired_exam_is_not_held_to_depth():
    bank = make_bank([question("q1", ["X:1"])], [blueprint(retired=dt.date(2020, 1, 1))])
    assert shallow_domains(bank) == []


def test_a_deep_bank_passes_depth():
    items = [question(f"a{i}", ["X:1"]) for i in range(13)]
    items += [question(f"b{i}", ["X:2"]) for i in range(7)]
    bank = make_bank(items, [blueprint()])
    assert shallow_domains(bank) == []
    assert not any("questions; two mocks" in p.message for p in lint_bank(bank))


def test_more_than_three_tags_is_flagged():
    exams = [blueprint(e) for e in ("A", "B", "C", "D")]
    bank = make_bank(
        [question("many", ["A:1", "B:1", "C:1", "D:1"]), question("few", ["A:1", "B:1", "C:1"])],
        exams,
    )
    flagged = [p.question_id for p in lint_bank(bank) if "objective tags" in p.message]
    assert flagged == ["many"]


def test_microsoft_yes_no_series_ends_with_otherwise_no():
    def yes_no(qid: str, stem: str):
        return question_adapter.validate_python(
            {
                "id": qid,
                "type": "yes_no",
                "stem": stem,
                "explanation": "e",
                "objectives": ["AI-901:1"],
                "topic": "t",
                "difficulty": 1,
                "statements": [
                    {"text": "One", "answer": True, "rationale": "It is so, as shown."},
                    {"text": "Two", "answer": False, "rationale": "It is not so, as shown."},
                ],
            }
        )

    bank = make_bank(
        [
            yes_no("plain", "For each statement, select Yes if it is true."),
            yes_no("vendor", "For each statement, select Yes if it is true. Otherwise, select No."),
        ],
        [blueprint("AI-901", questions=2)],
    )
    flagged = [p.question_id for p in lint_bank(bank) if "Otherwise, select No" in p.message]
    assert flagged == ["plain"]


def test_aws_items_mostly_in_vendor_scenario_form():
    recall = [question(f"r{i}", ["MLA-C01:1"]) for i in range(3)]
    form = "A company needs to tune a model. Which solution meets these requirements?"
    scenarios = [question(f"s{i}", ["MLA-C01:1"], stem=form) for i in range(2)]
    aws = blueprint("MLA-C01", questions=2)
    assert any("AWS-tagged" in p.message for p in lint_bank(make_bank(recall + scenarios, [aws])))
    scenarios.append(question("s2", ["MLA-C01:1"], stem=form))
    problems = lint_bank(make_bank(recall + scenarios, [aws]))
    assert not any("AWS-tagged" in p.message for p in problems)


def test_retired_question_keeps_its_id_but_leaves_practice(tmp_path):
    (tmp_path / "exams").mkdir()
    (tmp_path / "exams" / "X.yaml").write_text(
        "id: X\nvendor: v\nname: n\nstatus: active\noutline: o\nquestions: 2\nquestions_note: q\n"
        "minutes: 5\ncoverage: c\ndomains:\n  - {id: '1', name: One, weight: 100%}\n"
    )
    (tmp_path / "topics.yaml").write_text("topics:\n  t: a topic\n")
    item = (
        "  - id: {qid}\n    type: true_false\n    stem: A statement {n}.\n    answer: true\n"
        "    rationale_true: It holds here.\n    rationale_false: It does not.\n"
        "    explanation: e\n"
        "    objectives: ['X:1']\n    topic: t\n    difficulty: 1\n{extra}"
    )
    (tmp_path / "q.yaml").write_text(
        "questions:\n"
        + item.format(qid="kept", n=1, extra="")
        + item.format(qid="old", n=2, extra="    retired: true\n")
    )
    bank = load_bank(tmp_path)
    assert list(bank.questions) == ["kept"] and list(bank.retired) == ["old"]
    (tmp_path / "r.yaml").write_text("questions:\n" + item.format(qid="old", n=3, extra=""))
    from quizzer.bank.loader import check_bank

    _, problems = check_bank(tmp_path)
    assert any(p.question_id == "old" and "duplicate id" in p.message for p in problems)


def test_stats_show_have_need_and_verdict_per_domain():
    from quizzer.bank.stats import bank_stats, format_stats

    bank = make_bank([question(f"q{i}", ["X:1"]) for i in range(13)], [blueprint()])
    stats = bank_stats(bank)
    exam = stats["exams"]["X"]
    assert exam["current"] is True
    one, two = exam["domains"]["1"], exam["domains"]["2"]
    assert (one["questions"], one["need"], one["deep_enough"]) == (13, 13, True)
    assert (two["need"], two["deep_enough"]) == (7, False)
    text = format_stats(stats)
    assert "13/13" in text and "deep enough" in text and "0/7" in text and "SHORT" in text
