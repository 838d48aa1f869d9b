"""A journal entry: a note, a call, an e-mail, a letter or a meeting."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Label, Select, Static, TextArea

from store import JournalKind
from store.i18n import _
from store.taxonomy import label
from tui.dialogs.base import Dialog


@dataclass(frozen=True)
class JournalInput:
    kind: JournalKind
    text: str
    is_response: bool


class JournalDialog(Dialog[JournalInput | None]):
    """A text and its kind (a note unless chosen)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Add to the journal"), classes="dialog-title")
            yield Label(_("Text"))
            yield TextArea(id="text")
            yield Label(_("Type"))
            yield Select([(label(kind), kind.value) for kind in JournalKind
                          if kind is not JournalKind.CHAT],  # chat entries come from the chat
                         value=JournalKind.NOTE.value, allow_blank=False, id="kind")
            yield Checkbox(_("This answered the citizen"), id="response")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#problem", Static).update(_("Write what happened."))
            return
        self.dismiss(JournalInput(JournalKind(self.query_one(Select).value), text,
                                  self.query_one(Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
