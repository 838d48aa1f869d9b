"""One inquiry: every field, call-backs, the journal, classification and status.

Edits that replace fields carry the version they were based on; if another process changed
the inquiry meanwhile, the advisor is asked whether to apply the change on top or to keep the
other one, and nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from store import ConflictError, Inquiry, Status, Store
from store.i18n import N_, _
from store.outbox import describe, route_of
from store.taxonomy import label
from tui.dialogs.answer import AnswerDialog
from tui.dialogs.callback import CallbackDialog, CallbackInput
from tui.dialogs.classify import ClassifyDialog
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.journal import JournalDialog, JournalInput
from tui.dialogs.text import TextDialog
from tui.i18n import TranslatedScreen
from tui.text import (
    citizen_name,
    history_line,
    journal_kind,
    journal_text,
    literal,
    when,
)
from tui.widgets.banner import StoreBanner


class InquiryDetailScreen(TranslatedScreen):
    BINDINGS = [
        Binding("j", "journal", N_("Journal"),
                tooltip=N_("Add a note, call, e-mail, letter or meeting")),
        Binding("a", "answer", N_("Answer"),
                tooltip=N_("Answer the citizen in their chat or by e-mail")),
        Binding("c", "callback", N_("Call-back"), tooltip=N_("Schedule a call-back")),
        Binding("d", "complete_callback", N_("Call-back done"),
                tooltip=N_("Mark a call-back done (the first one answers)")),
        Binding("k", "classify", N_("Classify"),
                tooltip=N_("Classify: kind, department, topics, handling")),
        Binding("o", "status('open')", N_("Open"), tooltip=N_("Set open")),
        Binding("w", "status('waiting')", N_("Waiting"), tooltip=N_("Set waiting")),
        Binding("x", "close_inquiry", N_("Close"), tooltip=N_("Close with the outcome")),
        Binding("r", "reject", N_("Reject"), tooltip=N_("Reject with a reason")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.inquiry: Inquiry | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StoreBanner()
        with VerticalScroll(id="detail"):
            yield Static(id="fields")
            yield Static(id="text")
            yield Label(_("Call-backs"), classes="section")
            yield DataTable(id="callbacks", cursor_type="row")
            yield Label(_("Journal"), classes="section")
            yield DataTable(id="journal", cursor_type="row")
            yield Label(_("History"), classes="section")
            yield Static(id="history")
        yield Footer()

    def on_mount(self) -> None:
        callbacks = self.query_one("#callbacks", DataTable)
        for title, width in ((_("No."), 4), (_("Due"), 16), (_("Note"), 50), (_("Done"), 16)):
            callbacks.add_column(title, width=width)
        journal = self.query_one("#journal", DataTable)
        for title, width in ((_("When"), 16), (_("Type"), 12), (_("By"), 14), (_("Text"), 64)):
            journal.add_column(title, width=width)
        self.show_data()
        self.app.run_in_store(lambda store: store.get(self.ref), self._show, changes=False)
        self.app.run_in_store(lambda store: store.privacy.record_view(self.ref),
                              lambda _result: self._load_audit(), changes=False)
        if self.ref in self.app.data.unread:  # the citizen's messages are read now
            self.app.run_in_store(lambda store: store.chat.mark_seen(self.ref))

    def _load_audit(self) -> None:
        self.app.run_in_store(lambda store: store.privacy.audit(self.ref), self._show_audit,
                              changes=False)

    def _show_audit(self, records) -> None:
        """Changes and views, newest first; field names only, never the values."""
        calendar = self.app.store.calendar
        history = Text()
        for record in reversed(records):
            history.append(f"{when(calendar, record.at)}  {record.by}  "
                           f"{history_line(record.action, record.fields)}\n")
        self.query_one("#history", Static).update(history)

    def on_data_changed(self) -> None:
        self.show_data()

    def show_data(self) -> None:
        if not self.query_one("#journal", DataTable).columns:  # not mounted yet
            return
        for inquiry in self.app.data.inquiries:
            if inquiry.ref == self.ref:
                self._show(inquiry)

    def _show(self, inquiry: Inquiry) -> None:
        if self.inquiry is not None and inquiry.version < self.inquiry.version:
            return
        self.inquiry = inquiry
        calendar, taxonomy = self.app.store.calendar, self.app.store.taxonomy
        self.sub_title = inquiry.ref
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        answer = (_("answered {day}").format(day=when(calendar, inquiry.first_response_at))
                  if inquiry.answered else
                  _("answer by {day}").format(day=when(calendar, inquiry.response_due, False)))
        citizen = inquiry.citizen
        rows = [
            (_("Reference"), literal(f"{inquiry.ref}   {label(inquiry.status)}")),
            (_("Received"), literal(f"{when(calendar, inquiry.received_at)}  "
                                    f"{label(inquiry.channel)}  ·  {answer}")),
            (_("Citizen"), citizen_name(inquiry)),
            (_("Contact"), literal("  ".join(filter(None, [
                citizen.phone, citizen.email, citizen.chat_id])) if citizen else "")),
            (_("On behalf of"), literal(
                f"{inquiry.on_behalf_of.name} ({inquiry.on_behalf_of.relation})"
                if inquiry.on_behalf_of else "")),
            (_("Kind"), literal(label(inquiry.kind))),
            (_("Department"), literal(str(inquiry.department or "–"))),
            (_("Primary topic"), literal(taxonomy.topics.label(inquiry.primary_topic)
                                         if inquiry.primary_topic else "–")),
            (_("Topics"), literal(", ".join(taxonomy.topics.label(t) for t in inquiry.topics))),
            (_("Handling"), literal(", ".join(taxonomy.handling.label(h)
                                              for h in inquiry.handling))),
            (_("Taken up"), literal(_("yes") if inquiry.taken_up else _("no"))),
            (_("Meetings"), literal(inquiry.meetings)),
            (_("Earlier inquiries"), literal(", ".join(inquiry.related_refs) or "–")),
            (_("Outcome"), literal(inquiry.outcome)),
        ]
        for name, value in rows:
            grid.add_row(name, value)
        self.query_one("#fields", Static).update(grid)
        text = Text.assemble((inquiry.subject or _("(no subject)"), "bold"), "\n",
                             inquiry.description)  # assembled as plain text, never markup
        self.query_one("#text", Static).update(text)
        callbacks = self.query_one("#callbacks", DataTable)
        callbacks.clear()
        for callback in inquiry.callbacks:
            callbacks.add_row(str(callback.id), when(calendar, callback.due_at),
                              literal(callback.note),
                              when(calendar, callback.done_at) if callback.done_at else "",
                              key=str(callback.id))
        journal = self.query_one("#journal", DataTable)
        journal.clear()
        for entry in reversed(inquiry.journal):
            journal.add_row(when(calendar, entry.at), journal_kind(entry), literal(entry.by),
                            journal_text(entry))
        if self.is_mounted:
            self._load_audit()

    # -- actions -----------------------------------------------------------------------
    def _save(self, change: Callable[[Store, int], Inquiry], version: int | None = None) -> None:
        """Run a versioned change based on ``version`` (taken when its dialog opened; else
        the version on screen); if another process changed the inquiry since, ask before
        applying it on top."""
        if self.inquiry is None:
            return
        based_on = self.inquiry.version if version is None else version

        def on_conflict(error) -> None:
            if not isinstance(error, ConflictError):
                self.app.show_error(error)
                return

            def decided(mine: bool | None) -> None:
                if mine:
                    self.app.run_in_store(
                        lambda store: change(store, store.get(self.ref).version), self._show)
                else:
                    self.app.run_in_store(lambda store: store.get(self.ref), self._show,
                                          changes=False)

            self.app.push_screen(ConflictDialog(error), decided)

        self.app.run_in_store(lambda store: change(store, based_on), self._show, on_conflict)

    def action_journal(self) -> None:
        def add(entry: JournalInput | None) -> None:
            if entry is not None:
                self.app.run_in_store(lambda store: store.add_journal(
                    self.ref, entry.kind, entry.text, is_response=entry.is_response),
                    self._show)

        self.app.push_screen(JournalDialog(), add)

    def action_answer(self) -> None:
        """Write to the citizen where they wrote; the service sends it (the outbox)."""
        if self.inquiry is None:
            return
        route = route_of(self.inquiry)
        if route is None:
            citizen = self.inquiry.citizen
            contact = "  ".join(filter(None, [citizen.phone, citizen.email])) if citizen else ""
            self.app.notify(describe(None) + "\n" + (contact or _("No contact details.")),
                            title=_("Cannot answer in writing"), severity="warning",
                            timeout=20, markup=False)
            return

        def send(text: str | None) -> None:
            if text:
                self.app.run_in_store(
                    lambda store: (store.outbox.answer(self.ref, text),
                                   store.outbox.sender_running()), self._answered)

        self.app.push_screen(AnswerDialog(self.ref, describe(route)), send)

    def _answered(self, stored: tuple[Inquiry, bool]) -> None:
        inquiry, sender_running = stored
        self._show(inquiry)
        if sender_running:
            self.app.notify(_("The answer is stored and will be sent in a moment."),
                            title=_("Answer"))
        else:  # said plainly: the advisor must not take it for sent
            self.app.notify(_("The answer is stored, but no service runs on this data: it is "
                              "sent when borgerdesk serve starts."), title=_("Answer"),
                            severity="warning", timeout=15)

    def action_callback(self) -> None:
        def schedule(entry: CallbackInput | None) -> None:
            if entry is not None:
                self.app.run_in_store(lambda store: store.schedule_callback(
                    self.ref, entry.due_at, note=entry.note), self._show)

        self.app.push_screen(CallbackDialog(self.app.store.calendar, self.app.now()), schedule)

    def action_complete_callback(self) -> None:
        if self.inquiry is None or not self.inquiry.open_callbacks():
            self.app.notify(_("No open call-back."), severity="warning")
            return
        table = self.query_one("#callbacks", DataTable)
        selected = None
        if table.row_count and table.has_focus:
            selected = int(str(table.coordinate_to_cell_key(table.cursor_coordinate)
                               .row_key.value))
        open_ids = [callback.id for callback in self.inquiry.open_callbacks()]
        callback_id = selected if selected in open_ids else open_ids[0]
        self.app.run_in_store(lambda store: store.complete_callback(self.ref, callback_id),
                              self._show)

    def action_classify(self) -> None:
        if self.inquiry is None:
            return

        opened = self.inquiry.version

        def classify(changes: dict | None) -> None:
            if changes is not None:  # only the fields edited; saved even if none, to ask
                self._save(lambda store, version: store.update(self.ref, version, changes),
                           opened)

        self.app.push_screen(ClassifyDialog(self.inquiry, self.app.store.taxonomy), classify)

    def action_status(self, status: str) -> None:
        self._save(lambda store, version: store.set_status(self.ref, version, Status(status)))

    def action_close_inquiry(self) -> None:
        if self.inquiry is None:
            return
        opened = self.inquiry.version

        def close(outcome: str | None) -> None:
            if outcome is not None:
                self._save(lambda store, version: store.close(self.ref, version, outcome),
                           opened)

        if self.inquiry.status.is_finished:  # change the outcome only on purpose
            dialog = TextDialog(_("{ref} is already closed: change its outcome?").format(
                ref=self.ref), _("Outcome"), value=self.inquiry.outcome)
        else:
            dialog = TextDialog(_("Close {ref}").format(ref=self.ref),
                                _("Outcome, e.g. what the citizen was told"))
        self.app.push_screen(dialog, close)

    def action_reject(self) -> None:
        if self.inquiry is None:
            return
        opened = self.inquiry.version

        def reject(reason: str | None) -> None:
            if reason:
                self._save(lambda store, version: store.reject(self.ref, version, reason),
                           opened)

        self.app.push_screen(TextDialog(_("Reject {ref}").format(ref=self.ref),
                                        _("Reason, e.g. outside the advisor's competence"),
                                        required=True), reject)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        """This screen's entries in the command palette."""
        return [
            (_("Add to the journal"), self.ref, self.action_journal),
            (_("Answer citizen"), self.ref, self.action_answer),
            (_("Schedule a call-back"), self.ref, self.action_callback),
            (_("Mark call-back done"), self.ref, self.action_complete_callback),
            (_("Classify"), self.ref, self.action_classify),
            (_("Set waiting"), self.ref, lambda: self.action_status("waiting")),
            (_("Close"), self.ref, self.action_close_inquiry),
            (_("Reject"), self.ref, self.action_reject),
        ]
