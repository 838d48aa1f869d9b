"""Asking for one piece of text: a close outcome, a rejection reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from store.i18n import _
from tui.dialogs.base import Dialog


class TextDialog(Dialog[str | None]):
    """Returns the text entered, or None when cancelled; ``value`` prefills it."""

    def __init__(self, title: str, prompt: str, required: bool = False,
                 value: str = "") -> None:
        super().__init__()
        self.title_text, self.prompt, self.required = title, prompt, required
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.prompt)
            yield Input(self.value, id="text", select_on_focus=False)
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("OK"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        text = self.query_one(Input).value.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update(_("This cannot be empty."))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
