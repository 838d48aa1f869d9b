"""A journal entry: a note, a call, an e-mail, a letter or a meeting."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Select, Static, TextArea

from store import JournalKind
from store.i18n import N_, _
from store.taxonomy import label
from tui.i18n import TranslatedModalScreen


@dataclass(frozen=True)
class JournalInput:
    kind: JournalKind
    text: str
    is_response: bool


class JournalDialog(TranslatedModalScreen[JournalInput | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel")),
                Binding("ctrl+s", "save", N_("Save"), priority=True)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Add to the journal"), classes="dialog-title")
            yield Select([(label(kind), kind.value) for kind in JournalKind
                          if kind is not JournalKind.CHAT],  # chat entries come from the chat
                         value=JournalKind.NOTE.value, allow_blank=False, id="kind")
            yield TextArea(id="text")
            yield Checkbox(_("This answered the citizen"), id="response")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#problem", Static).update(_("Write what happened."))
            return
        self.dismiss(JournalInput(JournalKind(self.query_one(Select).value), text,
                                  self.query_one(Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
