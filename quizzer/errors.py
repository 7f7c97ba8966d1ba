"""Failures a person can act on, and the exit codes the command line returns for them.

Every known failure is a :class:`QuizzerError` whose message is one sentence naming what went
wrong and what to change; the command line prints it (never a traceback) and exits with its code.
"""

from __future__ import annotations

OK = 0
"""Success."""
NOT_SUPPORTED = 1
"""A lab ran to the end and its evidence did not support the keyed answer."""
USAGE = 2
"""A usage or input error: a bad argument, a malformed file, an unknown id."""
ENVIRONMENT = 3
"""An environment error: the database, the disk, the device or a permission is not usable."""
INTERRUPTED = 130
"""Ctrl-C: the shell's convention (128 + SIGINT)."""
INTERNAL = 4
"""An unexpected failure (a bug): one line points at the log, which holds the traceback."""


class QuizzerError(Exception):
    """A failure with a message fit to show a person; ``exit_code`` is what the CLI returns."""

    exit_code: int = ENVIRONMENT


class InputError(QuizzerError):
    """Bad input from the person: an argument, a file or an id."""

    exit_code = USAGE


class EnvironmentFailure(QuizzerError):
    """The machine is not in a state to do the work: database, disk, device, permissions."""

    exit_code = ENVIRONMENT
