"""All inquiries: incremental search, filters and columns sorted from the keyboard.

Filtering runs on the app's in-memory inquiries with the store's own matching rule, so a
keystroke never waits on a file; every match is listed, and the table draws only the rows on
screen. Typing always reaches the search field: it has the focus whenever the screen shows.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Select, Static

from store import Channel, Filters, Inquiry, Kind, Status
from store.i18n import N_, _
from store.search import search_words
from store.taxonomy import label
from tui.i18n import TranslatedScreen
from tui.text import citizen_name, literal, unread_mark, when
from tui.widgets.banner import StoreBanner
from tui.widgets.row_table import Column, RowTable

PERIODS = {"30": 30, "365": 365}
COLUMNS = [Column("ref", N_("Reference"), 12), Column("received", N_("Received"), 15),
           Column("status", N_("Status"), 9), Column("kind", N_("Kind"), 16, grow=1),
           Column("citizen", N_("Citizen"), 18, grow=2), Column("subject", N_("Subject"), 24,
                                                                 grow=4),
           Column("due", N_("Answer by"), 10)]


class InquiryListScreen(TranslatedScreen):
    """Every inquiry, newest first; type to search, choose filters, F6/F7 to sort."""

    BINDINGS = [
        Binding("ctrl+f", "focus_search", N_("Search")),
        Binding("f6", "sort_next", N_("Sort by")),
        Binding("f7", "sort_reverse", N_("Reverse order")),
        Binding("down", "to_results", show=False),
        Binding("escape", "clear", N_("Clear search"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key, self.sort_reverse = "received", True
        self._table: RowTable | None = None
        self._cells: dict[str, tuple[Inquiry, bool, tuple[Text, ...]]] = {}  # by reference

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
        yield RowTable([Column(c.key, _(c.title), max(c.width, len(_(c.title)) + 2), c.grow)
                        for c in COLUMNS], id="list")  # room for the title and ▲
        yield Footer()

    def on_mount(self) -> None:
        self._table = self.query_one(RowTable)
        self.show_data()
        search = self.query_one("#search", Input)
        # Filtered as the letter is typed, not on the Changed message after it: so the table
        # is redrawn in the same frame as the search field, not one frame (17+ ms) later.
        self.watch(search, "value", self.show_data, init=False)
        search.focus()

    def on_screen_resume(self) -> None:
        """Back from an inquiry (Escape): the cursor is where typing is expected."""
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
        found = self.app.data.search_index.find(words, self.filters(), self.app.now(),
                                                self.app.store.calendar)
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
        table = self._table
        if table is None:  # not mounted yet; on_mount shows it
            return
        found = self.found()
        by_ref = {inquiry.ref: inquiry for inquiry in found}
        table.set_rows(list(by_ref), lambda ref: self.cells(by_ref[ref]))
        table.show_sort(self.sort_key, self.sort_reverse)
        shown = _("{count} of {total} inquiries").format(count=len(found),
                                                         total=len(self.app.data.inquiries))
        self.query_one("#found", Static).update(shown, layout=False)  # one line, fixed

    def cells(self, inquiry: Inquiry) -> tuple[Text, ...]:
        """One row's cells, built when the row is drawn and kept while it is unchanged."""
        unread = inquiry.ref in self.app.data.unread
        kept = self._cells.get(inquiry.ref)
        # The same inquiry as drawn before: not its version alone, since a year file
        # restored from a backup (or erased) can hold other data under the same version.
        if kept is not None and kept[1] == unread and (kept[0] is inquiry or kept[0] == inquiry):
            return kept[2]
        calendar = self.app.store.calendar
        cells = (
            literal(inquiry.ref), literal(when(calendar, inquiry.received_at)),
            literal(label(inquiry.status)), literal(label(inquiry.kind)),
            unread_mark(citizen_name(inquiry), unread), literal(inquiry.subject),
            literal("✓" if inquiry.answered else when(calendar, inquiry.response_due, False)))
        self._cells[inquiry.ref] = (inquiry, unread, cells)
        return cells

    @on(Select.Changed)
    def _refilter(self) -> None:
        self.show_data()

    @on(RowTable.HeaderSelected)
    def _sort(self, event: RowTable.HeaderSelected) -> None:
        self.sort_by(event.key)

    def sort_by(self, key: str) -> None:
        """Sort by this column; again by the same column turns the order round."""
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.show_data()

    def action_sort_next(self) -> None:
        keys = [column.key for column in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = False
        self.show_data()

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_key)

    @on(RowTable.RowSelected)
    def _open(self, event: RowTable.RowSelected) -> None:
        self.app.open_inquiry(event.key)

    @on(Input.Submitted, "#search")
    def action_to_results(self) -> None:
        self.query_one(RowTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.focus()
