"""Someone else changed the inquiry while it was being edited: what now?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from store import ConflictError
from store.i18n import _
from tui.text import literal


class ConflictDialog(ModalScreen[bool]):
    """True: apply my change on top of theirs; False: keep theirs and look again."""

    def __init__(self, conflict: ConflictError) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Changed by someone else"), classes="dialog-title")
            yield Static(literal(str(self.conflict)))
            yield Static(_("Your change was not saved. Apply it on top of the other change, "
                           "or keep the other change and look again?"))
            with Horizontal(classes="buttons"):
                yield Button(_("Apply mine"), variant="warning", id="mine")
                yield Button(_("Keep theirs"), variant="primary", id="theirs")

    @on(Button.Pressed, "#mine")
    def _mine(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#theirs")
    def _theirs(self) -> None:
        self.dismiss(False)
