"""Lab processes compile with the labs' XLA flags, added to (never replacing) the user's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from labs import xla_flags

SHOW = (
    "import json, os\n"
    "from labs import jaxkit\n"
    "jaxkit.setup()\n"
    "print(json.dumps(os.environ.get('XLA_FLAGS')))\n"
)


def flags_in_a_lab_process(user_flags: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
    if user_flags is not None:
        env["XLA_FLAGS"] = user_flags
    done = subprocess.run(
        [sys.executable, "-c", SHOW], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_flags_are_set_before_the_backend_starts():
    # XLA aborts on a flag it does not know, at backend start: the process ran, so the flags
    # were read and accepted.
    assert flags_in_a_lab_process(None).split() == list(xla_flags.FLAGS)


def test_the_users_own_flags_are_kept():
    flags = flags_in_a_lab_process("--xla_cpu_enable_fast_math=false").split()
    assert flags == ["--xla_cpu_enable_fast_math=false", *xla_flags.FLAGS]


def test_an_option_the_user_sets_is_left_alone():
    mine = "--xla_backend_extra_options=xla_cpu_disable_slp_vectorizer"
    assert flags_in_a_lab_process(mine) == mine
