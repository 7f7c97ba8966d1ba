"""Surface-cue rates: a guesser who reads only the options' surface must not beat chance."""

from __future__ import annotations

from quizzer.bank.cues import MIN_SAMPLE, cue_report, has_absolute, has_reason
from quizzer.bank.schema import SingleQuestion

N = range(MIN_SAMPLE)


def single(qid: str, key: str, *distractors: str, shuffle: bool = True) -> SingleQuestion:
    options = [{"text": key, "rationale": "right", "correct": True}]
    options += [{"text": d, "rationale": "wrong"} for d in distractors]
    return SingleQuestion(
        id=qid,
        type="single",
        stem="Which?",
        explanation="e",
        objectives=["X:1"],
        topic="t",
        difficulty=1,
        options=options,
        shuffle=shuffle,
    )


def test_cue_words():
    assert has_absolute("It always converges") and has_absolute("None are needed")
    assert not has_absolute("Use all-reduce across the ring")
    assert not has_absolute("Allocate memory")
    assert has_reason("Use Adam because it adapts") and has_reason("Scale out, which halves time")
    assert not has_reason("Use Adam with warmup")


def test_padded_keys_fail_the_longest_strategy():
    key = "Lower the learning rate by ten"
    bank = [single(f"q{i}", key, "Add", "Drop", "Stop") for i in N]
    report = cue_report(bank)
    assert report.chance == 0.25
    assert report.rates["pick the longest option"] == 1.0
    assert "pick the longest option" in report.beyond_limit()


def test_reason_clauses_only_in_keys_fail_and_balanced_pass():
    key = "Use Adam because it adapts"
    cued = [single(f"q{i}", key, "Use SGD", "Use Lion", "Use LAMB") for i in N]
    assert "pick an option with a reason clause" in cue_report(cued).beyond_limit()
    assert cue_report(cued).key_reason == 1.0 and cue_report(cued).distractor_reason == 0.0
    # an absolute word only in distractors: skipping them finds the key
    wrong = ("Always use SGD", "Never use Lion", "Use LAMB only")
    absolutes = [single(f"q{i}", "Use Adam", *wrong) for i in N]
    assert "skip options with absolute words" in cue_report(absolutes).beyond_limit()


def test_balanced_bank_passes():
    # The key takes each length rank in turn, so no length strategy beats chance.
    texts = [
        "Use Adam",
        "Use SGD with momentum",
        "Use a cosine schedule",
        "Use LAMB at a large batch",
    ]
    bank = [
        single(f"q{i}", texts[i % 4], *(t for t in texts if t != texts[i % 4]))
        for i in range(4 * MIN_SAMPLE)
    ]
    report = cue_report(bank)
    assert report.beyond_limit() == {}
    assert abs(report.rates["pick the longest option"] - 0.25) < 1e-9


def test_unshuffled_key_position_counts_and_shuffled_does_not():
    options = ("a1", "b22", "c333", "d4444")
    fixed = [single(f"q{i}", *options, shuffle=False) for i in N]
    assert cue_report(fixed).rates["pick the option shown A"] == 1.0
    shuffled = [single(f"q{i}", "a1", "b22", "c333", "d4444") for i in N]
    assert cue_report(shuffled).rates["pick the option shown A"] == 0.25
    assert cue_report(shuffled).key_position["A"] == 1.0


def test_small_samples_are_reported_not_judged():
    bank = [single("q1", "Lower the learning rate by ten", "Add", "Drop", "Stop")]
    assert cue_report(bank).rates["pick the longest option"] == 1.0
    assert cue_report(bank).beyond_limit() == {}


def test_ties_share_the_credit():
    bank = [single(f"q{i}", "aaaa", "bbbb", "cc", "dd") for i in N]
    assert cue_report(bank).rates["pick the longest option"] == 0.5
