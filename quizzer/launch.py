"""Start the terminal app; imported only when ``quizzer`` runs without a sub-command."""

from __future__ import annotations


def launch_app(*, db_url: str | None = None, profile: str | None = None) -> int:
    from quizzer.paths import default_url

    if (db_url or default_url()).startswith("postgres"):
        checked = _team_url(db_url or default_url(), profile)
        if isinstance(checked, int):
            return checked
        db_url = checked
    from quizzer.app import QuizzerApp

    app = QuizzerApp(db_url=db_url, profile=profile or "default")
    app.run()
    return int(app.return_code or 0)


def _team_url(url: str, profile: str | None) -> str | int:
    """A team database's URL once it accepts the login (asking for a password here, before the
    app owns the terminal), or the exit code after printing why it cannot be used."""
    import getpass
    import sys

    from quizzer.errors import QuizzerError
    from quizzer.store.engine import connected_engine, parse_url
    from quizzer.store.identity import refuse_profile

    try:
        if profile is not None:
            raise refuse_profile(profile, parse_url(url).username or getpass.getuser())
        engine = connected_engine(url)
    except QuizzerError as error:
        print(f"quizzer: {error}", file=sys.stderr)
        return error.exit_code
    engine.dispose()
    return engine.url.render_as_string(hide_password=False)
