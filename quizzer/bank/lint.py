"""Item-writing checks that make a bank better but do not stop it loading (warnings).

``quizzer bank check --strict`` turns every warning into an error; the shipped bank passes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from quizzer import qtypes
from quizzer.bank import markup, yamlsafe
from quizzer.bank.cues import CUE_LIMIT, cue_report
from quizzer.bank.depth import shallow_domains
from quizzer.bank.loader import Bank
from quizzer.bank.problems import Problem
from quizzer.bank.schema import MultipleQuestion, SingleQuestion, stated_choose_count
from quizzer.interchange.checks import imported_problems

_CATCH_ALL = re.compile(
    r"\b(all|none|both|neither) of the (above|options|answers)\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z0-9]+")
_OTHERWISE_NO = re.compile(r"otherwise,? select no\b", re.IGNORECASE)
_AWS_SCENARIO = re.compile(r"\bmeets? (?:these|the) requirements\b", re.IGNORECASE)
NEAR_DUPLICATE = 0.8
LONGEST_SHARE_LIMIT = 0.40
MIN_RATIONALE = 12
MAX_TAGS = 3
AWS_EXAMS = ("AIF-C01", "MLA-C01", "MLS-C01")
MICROSOFT_EXAMS = ("AI-900", "AI-901")
AWS_SCENARIO_SHARE = 0.5
_NUMBER_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}


def _warn(bank: Bank, question_id: str, message: str) -> Problem:
    where = bank.locations[question_id]
    return Problem(where.path, where.line, question_id, message, "warning")


def _option_texts(question) -> list[tuple[str, str]]:
    """(text, rationale) of every answer choice a question shows."""
    return qtypes.of(question).answer_texts(question)


def keyed_is_longest(question: SingleQuestion) -> bool:
    lengths = [len(o.text) for o in question.options]
    keyed = next(len(o.text) for o in question.options if o.correct)
    return keyed == max(lengths) and lengths.count(keyed) == 1


def _gives_away(question: SingleQuestion | MultipleQuestion) -> bool:
    keyed = [len(o.text) for o in question.options if o.correct]
    others = [len(o.text) for o in question.options if not o.correct]
    return min(keyed) >= 1.5 * max(others) and min(keyed) - max(others) >= 20


def _shingles(stem: str) -> frozenset[str]:
    words = _WORD.findall(stem.lower())
    return frozenset(" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2)))


def _near_duplicates(bank: Bank) -> list[tuple[str, str, float]]:
    shingles = {qid: _shingles(q.stem) for qid, q in bank.questions.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for qid, grams in shingles.items():
        for gram in grams:
            index[gram].append(qid)
    candidates: set[tuple[str, str]] = set()
    for ids in index.values():
        if len(ids) < 50:  # a 3-gram shared by many stems ("which of the") says nothing
            candidates.update(combinations(sorted(ids), 2))
    pairs = []
    for a, b in sorted(candidates):
        union = len(shingles[a] | shingles[b])
        similarity = len(shingles[a] & shingles[b]) / union if union else 1.0
        if similarity >= NEAR_DUPLICATE:
            pairs.append((a, b, similarity))
    return pairs


def lint_bank(bank: Bank) -> list[Problem]:
    """Every quality warning for the bank."""
    problems: list[Problem] = []
    singles = []
    for qid, question in bank.questions.items():
        for text, rationale in _option_texts(question):
            if _CATCH_ALL.search(text):
                problems.append(
                    _warn(
                        bank,
                        qid,
                        f"option {text!r} is a catch-all ('all/none of the above'); write a real "
                        "distractor",
                    )
                )
            if len(rationale) < MIN_RATIONALE:
                problems.append(
                    _warn(
                        bank,
                        qid,
                        f"rationale for {text[:40]!r} is too short to teach anything; say why it "
                        "is right or wrong",
                    )
                )
        problems += [_warn(bank, qid, m) for m in qtypes.of(question).checks(question)]
        if isinstance(question, SingleQuestion):
            singles.append(question)
        if isinstance(question, (SingleQuestion, MultipleQuestion)) and _gives_away(question):
            problems.append(
                _warn(
                    bank,
                    qid,
                    "the keyed option is much longer than every distractor, which gives it away; "
                    "balance the lengths",
                )
            )
        if isinstance(question, MultipleQuestion) and stated_choose_count(question.stem) is None:
            count = _NUMBER_WORDS.get(question.choose, question.choose)
            problems.append(
                _warn(
                    bank, qid, f"the stem does not say how many to choose; add '(Select {count}.)'"
                )
            )
        if len(question.objectives) > MAX_TAGS:
            problems.append(
                _warn(
                    bank,
                    qid,
                    f"{len(question.objectives)} objective tags (at most {MAX_TAGS}); keep the "
                    "objectives it truly tests",
                )
            )
        microsoft = _exams(question) & set(MICROSOFT_EXAMS)
        if question.type == "yes_no" and microsoft and not _OTHERWISE_NO.search(question.stem):
            problems.append(
                _warn(
                    bank, qid, "a Microsoft-style yes/no series ends with 'Otherwise, select No.'"
                )
            )
    for a, b, similarity in _near_duplicates(bank):
        problems.append(
            _warn(
                bank,
                b,
                f"stem is {similarity:.0%} similar to {a}'s; merge them or make them test "
                "different things",
            )
        )
    if singles:
        share = sum(keyed_is_longest(q) for q in singles) / len(singles)
        if share > LONGEST_SHARE_LIMIT:
            problems.append(
                Problem(
                    str(bank.root.name),
                    1,
                    None,
                    f"the keyed option is the longest in {share:.0%} of single-choice questions "
                    f"(limit {LONGEST_SHARE_LIMIT:.0%}); shorten keys or lengthen distractors",
                    "warning",
                )
            )
    problems.extend(_surface_cues(bank, singles))
    problems.extend(_aws_form(bank))
    problems.extend(_uncovered_objectives(bank))
    problems.extend(_shallow_domains(bank))
    problems.extend(markup.check_bank(bank) + imported_problems(bank))
    return problems


def _exams(question) -> set[str]:
    return {ref.partition(":")[0] for ref in question.objectives}


def _surface_cues(bank: Bank, singles: list[SingleQuestion]) -> list[Problem]:
    """A strategy reading only the options' surface must not beat chance by more than the limit."""
    report = cue_report(singles)
    return [
        Problem(
            str(bank.root.name),
            1,
            None,
            f"surface cue: '{name}' finds the key in {rate:.1%} of single-choice questions,"
            f" {rate - report.chance:+.1%} against chance {report.chance:.1%} (limit "
            f"+{CUE_LIMIT:.0%});"
            " make keys and distractors alike bare decisions",
            "warning",
        )
        for name, rate in report.beyond_limit().items()
    ]


def _aws_form(bank: Bank) -> list[Problem]:
    """At least half of the AWS-tagged choice items ask in the vendor's '... requirements?' form."""
    items = [
        q
        for q in bank.questions.values()
        if isinstance(q, (SingleQuestion, MultipleQuestion)) and _exams(q) & set(AWS_EXAMS)
    ]
    share = sum(bool(_AWS_SCENARIO.search(q.stem)) for q in items) / len(items) if items else 1.0
    if share >= AWS_SCENARIO_SHARE:
        return []
    message = (
        f"only {share:.0%} of AWS-tagged choice items are scenarios that ask 'Which solution meets"
        f" these requirements?' (at least {AWS_SCENARIO_SHARE:.0%})"
    )
    return [Problem(str(bank.root.name), 1, None, message, "warning")]


def _shallow_domains(bank: Bank) -> list[Problem]:
    """Every domain of a current exam holds two mocks' worth of questions, in_bank or not."""
    problems = []
    for depth in shallow_domains(bank):
        path = bank.root / "exams" / f"{depth.exam_id}.yaml"
        line = _objective_lines(path).get(depth.domain_id, 1)
        where = f"{bank.root.name}/exams/{depth.exam_id}.yaml"
        assert depth.need is not None  # a domain without a need is deep enough
        message = (
            f"domain {depth.domain_id} has {depth.have} questions; two mocks at its weight"
            f" ({depth.share:.0%}) need {depth.need}; write {depth.need - depth.have} more"
        )
        problems.append(Problem(where, line, None, message, "warning"))
    return problems


def _objective_lines(path) -> dict[str, int]:
    """Line of each domain and objective id in a blueprint file (1 when unknown)."""
    try:
        data = yamlsafe.read(path)
    except (OSError, yamlsafe.YamlError):
        return {}
    lines = {}
    for domain in data.get("domains", []):
        lines[str(domain.get("id"))] = domain.line
        for objective in domain.get("objectives") or []:
            lines[str(objective.get("id"))] = objective.line
    return lines


def _uncovered_objectives(bank: Bank) -> list[Problem]:
    """Weighted objectives without questions; a group counts as covered through its children."""
    tagged = {ref for q in bank.questions.values() for ref in q.objectives}

    def covered(ref: str) -> bool:
        return ref in tagged or any(t.startswith(ref + ".") for t in tagged)

    problems = []
    for exam_id, blueprint in bank.blueprints.items():
        path = bank.root / "exams" / f"{exam_id}.yaml"
        lines = _objective_lines(path)
        where = f"{bank.root.name}/exams/{exam_id}.yaml"
        for domain in blueprint.domains:
            if not domain.in_bank or domain.weight is None:
                continue
            if not domain.objectives and not covered(f"{exam_id}:{domain.id}"):
                problems.append(
                    Problem(
                        where,
                        lines.get(domain.id, 1),
                        None,
                        f"domain {domain.id} carries {domain.weight} but has no questions; write "
                        "some or mark it 'in_bank: false'",
                        "warning",
                    )
                )
            for objective in domain.objectives:
                if objective.in_bank and not covered(f"{exam_id}:{objective.id}"):
                    problems.append(
                        Problem(
                            where,
                            lines.get(objective.id, 1),
                            None,
                            f"objective {objective.id} (domain {domain.id}, {domain.weight}) has "
                            "no questions; write some or mark it 'in_bank: false'",
                            "warning",
                        )
                    )
    return problems
