"""All inquiries: incremental search, filters and sortable columns.

Filtering runs on the app's in-memory inquiries with the store's own matching rule, so a
keystroke never waits on a file; at most ``SHOWN`` rows are put in the table.
"""

from __future__ import annotations

from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from store import Channel, Filters, Inquiry, Kind, Status
from store.i18n import N_, _
from store.search import matches, search_words, searchable_text
from store.taxonomy import label
from tui.i18n import TranslatedScreen
from tui.text import citizen_name, literal, unread_mark, when
from tui.widgets.banner import StoreBanner

SHOWN = 100  # a screenful or three; more only slows every keystroke
PERIODS = {"30": 30, "365": 365}


class InquiryListScreen(TranslatedScreen):
    """Every inquiry, newest first; type to search, choose filters, click a header to sort."""

    BINDINGS = [
        Binding("ctrl+f", "focus_search", N_("Search")),
        Binding("escape", "clear", N_("Clear search"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key, self.sort_reverse = "received", True
        self._texts: dict[tuple[str, int], str] = {}  # (ref, version) -> searchable text

    def compose(self) -> ComposeResult:
        yield Header()
        yield StoreBanner()
        yield Input(placeholder=_("Search reference, name, subject or text"), id="search")
        with Horizontal(id="filters"):
            yield Select([(label(s), s.value) for s in Status], prompt=_("Status"),
                         id="status")
            yield Select([(label(k), k.value) for k in Kind], prompt=_("Kind"), id="kind")
            yield Select([(label(c), c.value) for c in Channel], prompt=_("Channel"),
                         id="channel")
            yield Select([(area, area) for area in self.app.store.taxonomy.departments],
                         prompt=_("Area"), id="area")
            yield Select([(_("Overdue"), "yes"), (_("Not overdue"), "no")],
                         prompt=_("Due"), id="overdue")
            yield Select([(_("Taken up"), "yes"), (_("Not taken up"), "no")],
                         prompt=_("Taken up"), id="taken_up")
            yield Select([(_("Last 30 days"), "30"), (_("Last 365 days"), "365")],
                         prompt=_("Period"), id="period")
        yield Static(id="found")
        yield DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, title, width in (
                ("ref", _("Reference"), 12), ("received", _("Received"), 15),
                ("status", _("Status"), 9), ("kind", _("Kind"), 16),
                ("citizen", _("Citizen"), 18), ("subject", _("Subject"), 24),
                ("due", _("Answer by"), 10)):
            table.add_column(title, key=key, width=width)
        self.show_data()
        self.query_one("#search", Input).focus()

    def filters(self) -> Filters:
        def chosen(widget_id: str) -> str | None:
            value = self.query_one(f"#{widget_id}", Select).value
            return None if value is Select.NULL else str(value)

        def yes_no(widget_id: str) -> bool | None:
            value = chosen(widget_id)
            return None if value is None else value == "yes"

        period = chosen("period")
        today = self.app.store.calendar.local_date(self.app.now())
        return Filters(
            status=frozenset({Status(chosen("status"))}) if chosen("status") else None,
            kind=Kind(chosen("kind")) if chosen("kind") else None,
            channel=Channel(chosen("channel")) if chosen("channel") else None,
            area=chosen("area"), overdue=yes_no("overdue"), taken_up=yes_no("taken_up"),
            start=today - timedelta(days=PERIODS[period]) if period else None)

    def found(self) -> list[Inquiry]:
        """The inquiries that match the search and filters, in the chosen order."""
        words = search_words(self.query_one("#search", Input).value)
        filters, now, calendar = self.filters(), self.app.now(), self.app.store.calendar
        texts = self._texts
        if len(texts) > 2 * len(self.app.data.inquiries) + 100:  # forget old versions
            texts.clear()
        found = []
        for inquiry in self.app.data.inquiries:
            key = (inquiry.ref, inquiry.version)
            if key not in texts:
                texts[key] = searchable_text(inquiry)
            if matches(inquiry, words, filters, now, calendar, texts[key]):
                found.append(inquiry)
        sort_keys = {
            "ref": lambda i: (i.year, i.ref), "received": lambda i: i.received_at,
            "status": lambda i: i.status.value, "kind": lambda i: i.kind.value,
            "citizen": lambda i: (i.citizen.name.casefold() if i.citizen else ""),
            "subject": lambda i: i.subject.casefold(), "due": lambda i: i.response_due,
        }
        return sorted(found, key=sort_keys[self.sort_key], reverse=self.sort_reverse)

    def on_data_changed(self) -> None:
        self.show_data()

    def show_data(self) -> None:
        if not self.query_one(DataTable).columns:  # not mounted yet; on_mount shows it
            return
        found = self.found()
        calendar = self.app.store.calendar
        table = self.query_one(DataTable)
        table.clear()
        for inquiry in found[:SHOWN]:
            table.add_row(
                literal(inquiry.ref), literal(when(calendar, inquiry.received_at)),
                literal(label(inquiry.status)), literal(label(inquiry.kind)),
                unread_mark(citizen_name(inquiry), inquiry.ref in self.app.data.unread),
                literal(inquiry.subject),
                literal("✓" if inquiry.answered
                        else when(calendar, inquiry.response_due, False)),
                key=inquiry.ref)
        shown = _("{count} of {total} inquiries").format(count=len(found),
                                                         total=len(self.app.data.inquiries))
        if len(found) > SHOWN:
            shown += " " + _("(the first {shown} are listed)").format(shown=SHOWN)
        self.query_one("#found", Static).update(shown, layout=False)  # one line, fixed

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _refilter(self) -> None:
        self.show_data()

    @on(DataTable.HeaderSelected)
    def _sort(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.show_data()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_inquiry(str(event.row_key.value))

    @on(Input.Submitted, "#search")
    def _to_results(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
