"""The README's tables render as single tables: no blank line splits one in two."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_no_table_is_split_by_a_blank_line():
    lines = README.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:-1], start=2):
        if not line.strip():
            before, after = lines[number - 2], lines[number]
            assert not (before.startswith("|") and after.startswith("|")), (
                f"README.md:{number}: a blank line splits a table; delete it"
            )


def test_the_command_table_lists_every_command_in_one_table():
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| command | what it does |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert any("`quizzer db info`" in row for row in rows)  # the last command is in the table
