"""``quizzer check EXAM``: the adaptive readiness check in the terminal, question by question.

Questions are chosen one at a time (docs/adaptive.md). This text version asks the types that
can be typed on one line (single and multiple choice, true/false, yes/no series, numbers, short
answers); the app's adaptive check asks every type a mock may ask. Each answer is recorded like
a practice answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys

from quizzer.argtypes import non_negative_int

TEXT_TYPES = frozenset({"single", "multiple", "true_false", "yes_no", "numeric", "short_answer"})
LETTERS = "abcdefghij"


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="adaptive readiness check: a precise P(pass) from few questions",
        description="An adaptive check: each question is the most informative for your current "
        "ability estimate, within the exam's domain weights; it stops when the estimate is "
        "precise enough. Type 'q' to stop early.",
    )
    check.add_argument("exam", metavar="EXAM")
    check.add_argument(
        "--seed", type=non_negative_int, default=None, metavar="N", help="seed (0 or more)"
    )
    check.set_defaults(func=run)


def prompt(question) -> str:
    lines = [question.stem.strip()]
    if question.type in ("single", "multiple"):
        lines += [f"  {LETTERS[i]}) {o.text}" for i, o in enumerate(question.options)]
        if question.type == "multiple":
            lines.append(
                f"Answer with {question.choose} letters, e.g. {LETTERS[: question.choose]}:"
            )
        else:
            lines.append("Answer with a letter:")
    elif question.type == "true_false":
        lines.append("True or false? (t/f):")
    elif question.type == "yes_no":
        lines += [f"  {i + 1}. {s.text}" for i, s in enumerate(question.statements)]
        example = ("yn" * len(question.statements))[: len(question.statements)]
        lines.append(f"Answer y or n for each statement, in order, e.g. {example}:")
    elif question.type == "short_answer":
        lines.append("Type your answer:")
    else:
        lines.append("Answer with a number:")
    return "\n".join(lines)


def parse(question, text: str):
    """The response the grader expects, or None when the text is not an answer."""
    if question.type == "short_answer":
        return text.strip() or None
    text = text.strip().lower()
    try:
        if question.type == "single":
            return (
                LETTERS.index(text)
                if len(text) == 1 and LETTERS.index(text) < len(question.options)
                else None
            )
        if question.type == "multiple":
            picks = sorted({LETTERS.index(c) for c in text if c in LETTERS})
            return (
                picks
                if len(picks) == question.choose and max(picks) < len(question.options)
                else None
            )
        if question.type == "true_false":
            return {"t": True, "f": False}.get(text[:1])
        if question.type == "yes_no":
            verdicts = [c == "y" for c in text if c in "yn"]
            return verdicts if len(verdicts) == len(question.statements) else None
        return float(text)
    except ValueError:
        return None


def read_answer(question):
    """The next line that answers ``question``; None when the learner types q or input ends."""
    for line in sys.stdin:
        if line.strip().lower() == "q":
            return None
        response = parse(question, line)
        if response is not None:
            return response
        print("That is not an answer to this question; try again (q stops).")
    return None


def run(args: argparse.Namespace) -> int:
    from quizzer.adaptive_text import result_text
    from quizzer.bank.loader import load_bank
    from quizzer.context import bank_root
    from quizzer.learning.adaptive import for_exam
    from quizzer.scoring import grade
    from quizzer.store import answers as answer_store
    from quizzer.store import item_parameters, profiles, sessions
    from quizzer.store.opening import opened_store

    bank = load_bank(bank_root())
    if args.exam not in bank.blueprints:
        print(
            f"no exam {args.exam!r}; choose one of: {', '.join(sorted(bank.blueprints))}",
            file=sys.stderr,
        )
        return 2
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    with opened_store(args.db) as engine:
        profile = profiles.get_or_create_profile(engine, name=args.profile or "default")
        check = for_exam(
            bank, args.exam, item_parameters.fitted(engine), seed=seed, types=TEXT_TYPES
        )
        session = sessions.start_session(
            engine, profile_id=profile.id, kind="check", exam_id=args.exam
        )
        while (question_id := check.next_question()) is not None:
            question = bank.questions[question_id]
            print(
                f"\nQuestion {len(check.asked) + 1} · precision ±{check.ability.se:.2f} (stops at "
                f"±{check.config.target_se})"
            )
            print(prompt(question))
            response = read_answer(question)
            if response is None:  # q, or the end of the input: stop with the result so far
                break
            result = grade(question, response)
            answer_store.record_answer(
                engine,
                session_id=session,
                profile_id=profile.id,
                question_id=question_id,
                content_hash=bank.content_hash(question_id),
                response=response,
                correct=result.correct,
                score=result.score,
                time_ms=0,
                answered_at=dt.datetime.now(dt.UTC),
            )
            check.record(question_id, result.score)
        sessions.end_session(engine, session_id=session)
    print("\n" + result_text(check.result(), bank.blueprints[args.exam]))
    return 0
