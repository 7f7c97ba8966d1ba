"""Hide passwords in database URLs before text reaches a person, a log file or an error message."""

from __future__ import annotations

import re

# scheme://user:password@host -> scheme://user:***@host (the password may hold any byte but '@').
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:)(?P<password>[^@\s]+)(?=@)", re.I
)
# PASSWORD '...' in a role statement, should one ever appear in an error.
_SQL_PASSWORD = re.compile(r"(?P<head>\bPASSWORD\s+)'(?:[^']|'')*'", re.I)


def redact(text: str) -> str:
    """``text`` with every URL password and SQL password literal replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    return _SQL_PASSWORD.sub(lambda m: m.group("head") + "'***'", text)
