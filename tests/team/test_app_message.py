"""The app shows the same one sentence as the command line when the team server cannot be used."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from app.fakes import FakeRegistry, screen_text  # noqa: E402

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "bank"


async def test_a_server_that_is_down_is_one_sentence_in_the_app(tmp_path):
    from quizzer.app import QuizzerApp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://ada:hunter2@127.0.0.1:{port}/team"
    app = QuizzerApp(
        db_url=url, bank_root=FIXTURE_BANK, labs=FakeRegistry(), keymap_file=tmp_path / "keys.toml"
    )
    async with app.run_test(size=(120, 30)) as pilot:
        text = ""
        for _ in range(500):  # until the error screen is up and painted (slow on a loaded machine)
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "ErrorScreen":
                text = " ".join(screen_text(app).split())
                if "answers at" in text:
                    break
        assert type(app.screen).__name__ == "ErrorScreen"
        assert app.screen.message.startswith("No database server answers")
        assert f"No database server answers at 127.0.0.1:{port}" in text
        assert "hunter2" not in text and "Traceback" not in text
        await pilot.press("escape")
    log = (Path(os.environ["QUIZZER_HOME"]) / "quizzer.log").read_text()
    assert "No database server answers" in log and "hunter2" not in log


def test_the_app_refuses_a_chosen_profile_before_it_starts(capsys):
    from quizzer.launch import launch_app

    url = "postgresql+psycopg://ada@127.0.0.1:1/team"
    assert launch_app(db_url=url, profile="bob") == 2
    err = capsys.readouterr().err
    assert "--profile bob is not used with a team database" in err and "'ada'" in err
