"""The dashboard: who is waiting for an answer, most urgent first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, Static

from store import DueKind, Status, Urgency
from store.i18n import N_, _
from store.taxonomy import label
from tui.i18n import TranslatedScreen
from tui.text import citizen_name, literal, unread_mark, when
from tui.widgets.banner import StoreBanner

URGENCY = {Urgency.OVERDUE: (N_("Overdue"), "bold red"),
           Urgency.TODAY: (N_("Today"), "dark_orange"),
           Urgency.SOON: (N_("Soon"), "")}


class DashboardScreen(TranslatedScreen):
    """Overdue first responses and call-backs (red), due today (amber), due soon."""

    BINDINGS = [Binding("enter", "open", N_("Open"), show=False)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield StoreBanner()
        yield Static(id="counts")
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty")
        yield Label(_("New, not yet answered"), id="fresh-title", classes="section")
        yield DataTable(id="fresh", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agenda", DataTable)
        # Fixed widths: the table never waits to measure its rows, and fits 120 columns.
        for key, title, width in (("urgency", _("When"), 11), ("ref", _("Reference"), 12),
                                  ("what", _("What"), 14), ("due", _("Due"), 21),
                                  ("citizen", _("Citizen"), 16), ("subject", _("Subject"), 32)):
            table.add_column(title, key=key, width=width)
        fresh = self.query_one("#fresh", DataTable)
        for key, title, width in (("ref", _("Reference"), 12), ("received", _("Received"), 15),
                                  ("channel", _("Channel"), 10), ("due", _("Answer by"), 11),
                                  ("citizen", _("Citizen"), 16), ("subject", _("Subject"), 32)):
            fresh.add_column(title, key=key, width=width)
        for widget in (fresh, self.query_one("#fresh-title")):
            widget.display = False  # until there is something new
        self.show_data()
        table.focus()

    def on_data_changed(self) -> None:
        self.show_data()

    def show_data(self) -> None:
        if not self.query_one("#agenda", DataTable).columns:  # not mounted yet; on_mount shows it
            return
        app = self.app
        if not app.data.loaded:
            self.query_one("#counts", Static).update(
                _("The inquiries could not be read.") if app.data.problem else _("Loading…"))
            return
        by_ref = {inquiry.ref: inquiry for inquiry in app.data.inquiries}
        calendar = app.store.calendar
        table = self.query_one("#agenda", DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, item in enumerate(app.data.agenda):
            urgency, style = URGENCY[item.urgency]
            inquiry = by_ref.get(item.ref)
            what = (_("First response") if item.kind is DueKind.FIRST_RESPONSE
                    else _("Call-back"))
            due = (_("answer by {day}").format(day=when(calendar, item.due_at, False))
                   if item.kind is DueKind.FIRST_RESPONSE
                   else when(calendar, item.due_at))
            table.add_row(literal(_(urgency), style), literal(item.ref), literal(what),
                          literal(due, style),
                          unread_mark(literal(inquiry.citizen.name
                                              if inquiry and inquiry.citizen else ""),
                                      item.ref in app.data.unread),
                          literal(item.subject), key=f"{index}:{item.ref}")
        table.move_cursor(row=min(cursor, max(table.row_count - 1, 0)))
        counts = {urgency: sum(item.urgency is urgency for item in app.data.agenda)
                  for urgency in Urgency}
        open_count = sum(not inquiry.status.is_finished for inquiry in app.data.inquiries)
        summary = _(
            "Overdue: {overdue}   Due today: {today}   Soon: {soon}   Open inquiries: {open}"
        ).format(overdue=counts[Urgency.OVERDUE], today=counts[Urgency.TODAY],
                 soon=counts[Urgency.SOON], open=open_count)
        if app.data.unread:  # not only those on the agenda: an answered one can get one too
            summary += "   " + _("✉ Messages from citizens: {refs}").format(
                refs=", ".join(sorted(app.data.unread)))
        self.query_one("#counts", Static).update(literal(summary))
        self.query_one("#empty", Static).update(
            "" if app.data.agenda else _("Nothing is due. Press F4 to register an inquiry."))
        self._show_fresh()

    def _show_fresh(self) -> None:
        """New inquiries nobody has answered that are not due yet (a chat at night): on the
        dashboard until answered, not only as a toast of a few seconds."""
        app, calendar = self.app, self.app.store.calendar
        on_agenda = {item.ref for item in app.data.agenda}
        fresh = [inquiry for inquiry in app.data.inquiries
                 if inquiry.status is Status.NEW and not inquiry.answered
                 and inquiry.ref not in on_agenda]
        table = self.query_one("#fresh", DataTable)
        table.clear()
        for inquiry in sorted(fresh, key=lambda inquiry: inquiry.received_at):
            table.add_row(literal(inquiry.ref), literal(when(calendar, inquiry.received_at)),
                          literal(label(inquiry.channel)),
                          literal(when(calendar, inquiry.response_due, False)),
                          unread_mark(citizen_name(inquiry), inquiry.ref in app.data.unread),
                          literal(inquiry.subject), key=f"fresh:{inquiry.ref}")
        for widget in (table, self.query_one("#fresh-title")):
            widget.display = bool(fresh)

    @on(DataTable.RowSelected)
    def _open_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_inquiry(str(event.row_key.value).split(":", 1)[1])

    def action_open(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else self.query_one(
            "#agenda", DataTable)
        if table.row_count:
            table.action_select_cursor()
