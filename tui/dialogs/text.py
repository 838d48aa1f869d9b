"""Asking for one piece of text: a close outcome, a rejection reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from store.i18n import N_, _
from tui.i18n import TranslatedModalScreen


class TextDialog(TranslatedModalScreen[str | None]):
    """Returns the text entered, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, prompt: str, required: bool = False) -> None:
        super().__init__()
        self.title_text, self.prompt, self.required = title, prompt, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.prompt, id="text")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("OK"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one(Input).value.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update(_("This cannot be empty."))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
