"""``python -m quizzer``: the same entry point as the ``quizzer`` console script."""

from quizzer.cli import main

raise SystemExit(main())
