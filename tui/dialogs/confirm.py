"""Asking before something is thrown away: the cursor starts on the answer that keeps it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label

from store.i18n import N_, _
from tui.i18n import TranslatedModalScreen


class ConfirmDialog(TranslatedModalScreen[bool]):
    """True when the advisor chose ``yes``; False (and Escape) keeps things as they are."""

    AUTO_FOCUS = "#no"
    BINDINGS = [Binding("escape", "no", N_("Go back"))]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button(_("Go back"), variant="primary", id="no")
        yield Footer()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
