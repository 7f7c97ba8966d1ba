"""``quizzer irt calibrate``: fit 2PL item parameters from every learner's submitted mocks.

Run by an instructor (in team mode the row policies let an instructor read every learner's
mocks). One learner's own history is not a calibration sample: with fewer than
``--min-responses`` answers an item keeps its prior from the authored difficulty.
"""

from __future__ import annotations

import argparse
import sys

from quizzer.argtypes import positive_int


def register(subparsers: argparse._SubParsersAction) -> None:
    irt = subparsers.add_parser(
        "irt", help="item response theory parameters for the adaptive check"
    )
    sub = irt.add_subparsers(dest="irt_command", metavar="ACTION", required=True)
    calibrate = sub.add_parser(
        "calibrate",
        help="fit item parameters from submitted mocks (instructors)",
        description="Marginal maximum likelihood fit of 2PL parameters over every submitted mock "
        "the acting profile can see. Items with fewer responses than --min-responses keep their "
        "priors. Method: docs/adaptive.md.",
    )
    calibrate.add_argument(
        "--min-responses",
        type=positive_int,
        default=30,
        metavar="N",
        help="responses an item needs to be fitted (default 30)",
    )
    calibrate.set_defaults(func=run_calibrate)


def run_calibrate(args: argparse.Namespace) -> int:
    import numpy as np

    from quizzer.bank.loader import load_bank
    from quizzer.commands.profile import scope
    from quizzer.context import bank_root
    from quizzer.store import item_parameters
    from quizzer.store.opening import opened_store
    from quizzer.store.records import FittedItem
    from quizzer.store.reports import mock_attempts

    bank = load_bank(bank_root())
    with opened_store(args.db) as engine:
        acting, profile_id = scope(engine, args)
        if acting is None:
            return 1
        if profile_id is not None:
            print(
                "calibration needs every learner's mocks: run it as an instructor", file=sys.stderr
            )
            return 2
        attempts = mock_attempts(engine)
        versions = sorted(
            {
                (i.question_id, i.content_hash)
                for m in attempts
                for i in m.items
                if i.question_id in bank.questions
                and bank.content_hash(i.question_id) == i.content_hash
            }
        )
        column = {v: k for k, v in enumerate(versions)}
        responses = np.zeros((len(attempts), len(versions)))
        observed = np.zeros_like(responses, dtype=bool)
        for row, mock in enumerate(attempts):
            for item in mock.items:
                k = column.get((item.question_id, item.content_hash))
                if k is not None:
                    responses[row, k], observed[row, k] = item.score, True
        counts = observed.sum(axis=0)
        keep = [k for k in range(len(versions)) if counts[k] >= args.min_responses]
        if not keep:
            print(
                f"no item has {args.min_responses} responses yet ({len(attempts)} mocks): "
                "every item keeps its prior from the authored difficulty"
            )
            return 0
        from quizzer.learning.irt import prior_parameters
        from quizzer.learning.irt_fit import fit_2pl

        priors = [
            prior_parameters(versions[k][0], bank.questions[versions[k][0]].difficulty)
            for k in keep
        ]
        fit = fit_2pl(
            responses[:, keep], observed[:, keep], [p.a for p in priors], [p.b for p in priors]
        )
        saved = item_parameters.save(
            engine,
            [
                FittedItem(
                    versions[k][0], versions[k][1], float(fit.a[j]), float(fit.b[j]), int(counts[k])
                )
                for j, k in enumerate(keep)
            ],
        )
        print(
            f"fitted {saved} item(s) from {len(attempts)} mocks; "
            f"{len(versions) - saved} seen item(s) keep their priors"
        )
        return 0
