"""Someone else changed the inquiry while it was being edited: what now?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label, Static

from store import ConflictError
from store.i18n import N_, _
from tui.i18n import TranslatedModalScreen
from tui.text import literal


class ConflictDialog(TranslatedModalScreen[bool]):
    """True: apply my change on top of theirs; False (and Escape): keep theirs and look
    again. The cursor starts on the choice that loses nothing of theirs."""

    AUTO_FOCUS = "#theirs"
    BINDINGS = [Binding("escape", "theirs", N_("Keep theirs"))]

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
        yield Footer()

    @on(Button.Pressed, "#mine")
    def _mine(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#theirs")
    def action_theirs(self) -> None:
        self.dismiss(False)
