"""Statistics for a period: the report's figures, with bars drawn in the terminal."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Select, Static

from reports import Period, compute_summary, summary_document
from reports.formatting import Labels, decimal, percent, percent_with_previous
from store.i18n import N_, _
from tui.i18n import TranslatedScreen

BAR_WIDTH = 30
PERIODS = [(N_("This month"), "this_month"), (N_("Last month"), "last_month"),
           (N_("This year"), "this_year"), (N_("Last year"), "last_year"),
           (N_("From … to …"), "custom")]


def period_named(name: str, today: date) -> Period:
    if name == "this_month":
        return Period.month(today.year, today.month)
    if name == "last_month":
        return Period.month(today.year, today.month).previous()
    if name == "this_year":
        return Period.year(today.year)
    return Period.year(today.year - 1)


def bars(title: str, rows: list[tuple[str, int, str]]) -> Table:
    """A table of labelled horizontal bars made of block characters."""
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(max_width=44, no_wrap=True)
    table.add_column()
    table.add_column(justify="right")
    highest = max([value for _name, value, _shown in rows] + [1])
    for name, value, shown in rows:
        table.add_row(Text(name), Text("█" * round(BAR_WIDTH * value / highest), "cyan"),
                      shown)
    return table


class StatisticsScreen(TranslatedScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="period-row"):
            yield Select([(_(title), value) for title, value in PERIODS], value="this_year",
                         allow_blank=False, id="period")
            yield Input(placeholder=_("from, e.g. 2026-01-01"), id="start", disabled=True)
            yield Input(placeholder=_("to, e.g. 2026-06-30"), id="end", disabled=True)
        with VerticalScroll(id="statistics"):
            yield Static(_("Computing…"), id="figures")
            yield Static(id="charts")
        yield Footer()

    def on_mount(self) -> None:
        self.compute()

    @on(Select.Changed, "#period")
    @on(Input.Submitted)
    def compute(self) -> None:
        today = self.app.store.calendar.local_date(self.app.now())
        choice = str(self.query_one("#period", Select).value)
        for field in self.query(Input):
            field.disabled = choice != "custom"
        if choice == "custom":
            try:
                period = Period(date.fromisoformat(self.query_one("#start", Input).value),
                                date.fromisoformat(self.query_one("#end", Input).value))
            except ValueError:
                self.query_one("#figures", Static).update(
                    _("Write both dates as 2026-01-31 and press Enter."))
                return
            if period.end < period.start:
                self.query_one("#figures", Static).update(_("The period ends before it starts."))
                return
        else:
            period = period_named(choice, today)
        self.app.run_in_store(
            lambda store: summary_document(compute_summary(store, period.start, period.end)),
            self._show, changes=False)

    def _show(self, document: dict) -> None:
        labels = Labels(self.app.store.taxonomy)
        response = document["response"]
        figures = Table(show_header=False, box=None, padding=(0, 2))
        figures.add_column(style="bold")
        figures.add_column(justify="right")
        for name, value in [
            (_("Period"), f"{document['period']['start']} – {document['period']['end']}"),
            (_("Inquiries"), f"{document['inquiries']} "
                             f"({_('previous')}: {document['previous']['inquiries']})"),
            (labels.kind("complaint"), str(document["by_kind"]["complaint"])),
            (labels.kind("other"), str(document["by_kind"]["other"])),
            (_("Taken up"), f"{document['taken_up']['count']} "
                            f"({percent(document['taken_up']['share'])} %)"),
            (_("Answered in time"), f"{percent(response['share_within_target'])} %"),
            (_("Median working days to first response"),
             decimal(response["median_working_days"])),
            (_("Open and overdue"), str(response["open_overdue"])),
            (_("Open at the end of the period"), str(document["open_at_end"])),
        ]:
            figures.add_row(name, value)
        self.query_one("#figures", Static).update(figures)
        charts = Table.grid(padding=(1, 0))
        charts.add_row(bars(_("By department"), [
            (row["area"], row["count"],
             percent_with_previous(row["share"], row["previous_share"]))
            for row in document["by_area"]]))
        charts.add_row(bars(_("Topics (primary / involved)"), [
            (labels.topic(row["topic"]), row["involved"], f"{row['primary']} / "
                                                          f"{row['involved']}")
            for row in document["by_topic"]]))
        charts.add_row(bars(_("By month"), [
            (row["month"], row["inquiries"], str(row["inquiries"]))
            for row in document["monthly"]]))
        self.query_one("#charts", Static).update(charts)
