"""The keys that work where the learner is, and their binding ids (for remapping in keymap.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def area(node: DOMNode) -> str:
    """Where a binding works: the node's BINDING_GROUP_TITLE, else its class name in words."""
    if node.BINDING_GROUP_TITLE:
        return node.BINDING_GROUP_TITLE
    name = re.sub(r"(Screen|Dialog)$", "", type(node).__name__) or type(node).__name__
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def key_rows(active: Iterable[ActiveBinding]) -> list[tuple[DOMNode, Binding, list[str]]]:
    """(node, binding, keys) per binding with an id, nearest the focus first; the keys of one
    binding (``escape,q``) share its row."""
    rows: dict[tuple[int, str], tuple[DOMNode, Binding, list[str]]] = {}
    for found in active:
        binding = found.binding
        if binding.id is None or binding.system:
            continue
        row = rows.setdefault((id(found.node), binding.id), (found.node, binding, []))
        row[2].append(binding.key)
    return list(rows.values())


class HelpScreen(ModalScreen[None]):
    """A table of the keys active on the screen below; the Id column is what keymap.toml uses."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 110; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close"),
    ]
    """Esc, F1 or q closes the help."""

    def __init__(self, active: Iterable[ActiveBinding], *, hint: str = "") -> None:
        """``active``: the screen's active bindings (``Screen.active_bindings``); ``hint``: the
        typed keys of the answer input in focus, which are not bindings."""
        super().__init__()
        self.active = list(active)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "[b]Keys[/b] here — remap any key by its id in keymap.toml in the data directory "
                "(see docs/app.md). Ctrl+P opens the command palette.",
            )
            if self.hint:
                yield Static(f"Answering: {self.hint}", id="hint", markup=False)
            table: DataTable[str] = DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Where", "Key", "Id", "Does")
            yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for node, binding, keys in key_rows(self.active):
            shown = " ".join(self.app.get_key_display(Binding(key, "")) for key in keys)
            table.add_row(area(node), shown, binding.id, binding.description or binding.action)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
