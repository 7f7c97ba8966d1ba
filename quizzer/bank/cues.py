"""Surface cues: how often a test-wise guesser who never reads the content finds the key.

Each strategy picks among a single-choice question's options by their surface alone; its hit
rate over the bank is compared with chance (the mean of 1/number of options). Ties count as a
uniform guess among the tied options, so a strategy earns only the credit it really has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quizzer.bank.schema import Option, SingleQuestion

CUE_LIMIT = 0.05
"""No strategy may find the key more than this far above chance (5 points)."""
MIN_SAMPLE = 20
"""Below this many single-choice questions the rates are noise; they are reported, not judged."""

_ABSOLUTE = re.compile(
    r"(?<![\w-])"
    r"(always|never|only|all|every|must|cannot|can't|none|guarantees?|guaranteed)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_REASON = re.compile(r"\b(because|so that|since)\b|, which\b", re.IGNORECASE)


def has_absolute(text: str) -> bool:
    """An absolute word (all-reduce and other hyphenated terms do not count)."""
    return _ABSOLUTE.search(text) is not None


def has_reason(text: str) -> bool:
    """A built-in justification: 'because', 'so that', 'since' or ', which'."""
    return _REASON.search(text) is not None


def _credit(options: Sequence[Option], picked: Sequence[int]) -> float:
    """Expected hit of a uniform guess among ``picked`` (all options when empty)."""
    picked = list(picked) or list(range(len(options)))
    return sum(options[i].correct for i in picked) / len(picked)


def _extreme(options: Sequence[Option], among: Sequence[int], pick: Callable) -> list[int]:
    best = pick(len(options[i].text) for i in among)
    return [i for i in among if len(options[i].text) == best]


def longest(options: Sequence[Option]) -> float:
    return _credit(options, _extreme(options, range(len(options)), max))


def shortest(options: Sequence[Option]) -> float:
    return _credit(options, _extreme(options, range(len(options)), min))


def skip_absolute_then_longest(options: Sequence[Option]) -> float:
    plain = [i for i, o in enumerate(options) if not has_absolute(o.text)] or range(len(options))
    return _credit(options, _extreme(options, plain, max))


def skip_absolute(options: Sequence[Option]) -> float:
    return _credit(options, [i for i, o in enumerate(options) if not has_absolute(o.text)])


def reason_clause(options: Sequence[Option]) -> float:
    return _credit(options, [i for i, o in enumerate(options) if has_reason(o.text)])


def skip_reason_clause(options: Sequence[Option]) -> float:
    return _credit(options, [i for i, o in enumerate(options) if not has_reason(o.text)])


STRATEGIES: dict[str, Callable[[Sequence[Option]], float]] = {
    "pick the longest option": longest,
    "pick the shortest option": shortest,
    "skip absolute words, then the longest": skip_absolute_then_longest,
    "skip options with absolute words": skip_absolute,
    "pick an option with a reason clause": reason_clause,
    "skip options with a reason clause": skip_reason_clause,
}


@dataclass(frozen=True)
class CueReport:
    """Hit rates of every strategy, chance, and how cue words split between keys and distractors."""

    questions: int
    chance: float
    rates: dict[str, float]
    key_absolute: float
    distractor_absolute: float
    key_reason: float
    distractor_reason: float
    key_position: dict[str, float]
    """Share of keys at each position in file order (A, B, ...)."""

    def beyond_limit(self) -> dict[str, float]:
        """Strategies more than CUE_LIMIT above chance (none while the sample is too small)."""
        if self.questions < MIN_SAMPLE:
            return {}
        limit = self.chance + CUE_LIMIT + 1e-9
        return {name: rate for name, rate in self.rates.items() if rate > limit}


def _position_strategy(k: int) -> Callable[[SingleQuestion], float]:
    """'Pick what is shown at position k': file order when unshuffled, chance when shuffled."""

    def hit(question: SingleQuestion) -> float:
        if question.shuffle:
            return 1 / len(question.options)
        return float(k < len(question.options) and question.options[k].correct)

    return hit


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def cue_report(questions: Sequence[SingleQuestion]) -> CueReport:
    """Measure every strategy over a bank's single-choice questions."""
    n = len(questions) or 1
    rates = {name: sum(s(q.options) for q in questions) / n for name, s in STRATEGIES.items()}
    widest = max((len(q.options) for q in questions), default=0)
    for k in range(widest):
        hit = _position_strategy(k)
        rates[f"pick the option shown {chr(65 + k)}"] = sum(hit(q) for q in questions) / n
    keys = [o for q in questions for o in q.options if o.correct]
    distractors = [o for q in questions for o in q.options if not o.correct]
    positions = [next(i for i, o in enumerate(q.options) if o.correct) for q in questions]
    return CueReport(
        questions=len(questions),
        chance=sum(1 / len(q.options) for q in questions) / n,
        rates=rates,
        key_absolute=_share([has_absolute(o.text) for o in keys]),
        distractor_absolute=_share([has_absolute(o.text) for o in distractors]),
        key_reason=_share([has_reason(o.text) for o in keys]),
        distractor_reason=_share([has_reason(o.text) for o in distractors]),
        key_position={chr(65 + k): positions.count(k) / n for k in range(widest)},
    )


def format_report(report: CueReport) -> str:
    """The cue rates as lines of text for ``quizzer bank check``."""
    out = [
        f"surface cues over {report.questions} single-choice questions"
        f" (chance {report.chance:.1%}, limit +{CUE_LIMIT:.0%}):"
    ]
    for name, rate in report.rates.items():
        mark = "  over the limit" if name in report.beyond_limit() else ""
        out.append(f"  {name:<40} {rate:6.1%}  ({rate - report.chance:+.1%}){mark}")
    for label, keys, distractors in (
        ("absolute words", report.key_absolute, report.distractor_absolute),
        ("reason clauses", report.key_reason, report.distractor_reason),
    ):
        out.append(f"  {label}: {keys:.1%} of keys, {distractors:.1%} of distractors")
    positions = ", ".join(f"{p} {share:.0%}" for p, share in report.key_position.items())
    out.append(f"  key position in file order (options are shuffled when shown): {positions}")
    if report.questions < MIN_SAMPLE:
        out.append(f"  (fewer than {MIN_SAMPLE} questions: reported, not judged)")
    return "\n".join(out)
