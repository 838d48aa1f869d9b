"""Writing an answer to the citizen: where it goes is shown, Ctrl+S sends, Escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label, Static, TextArea

from store.i18n import N_, _
from tui.dialogs.base import Dialog
from tui.text import literal


class AnswerDialog(Dialog[str | None]):
    """Returns the answer's text, or None when cancelled. The TUI only stores it; the
    service sends it (design.md 5)."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Send"), priority=True)]

    def __init__(self, ref: str, destination: str) -> None:
        super().__init__()
        self.ref, self.destination = ref, destination

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Answer the citizen in {ref}").format(ref=self.ref),
                        classes="dialog-title")
            yield Static(literal(self.destination), id="destination")
            yield Label(_("Answer"))
            yield TextArea(id="text")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Send"), variant="primary", id="send")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    @on(Button.Pressed, "#send")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#problem", Static).update(_("Write the answer first."))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
