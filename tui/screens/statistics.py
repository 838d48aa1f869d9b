"""Statistics for a period: the report's figures, with bars drawn in the terminal."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Select, Static

from reports import Period, compute_summary, summary_document
from reports.formatting import Labels, text_table
from reports.layout import Report, build_report
from reports.layout import Table as LayoutTable
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


def rich_table(table: LayoutTable, title: str) -> Table:
    """A layout table for the terminal; a table with a chart gets a column of bars."""
    headers, rows, numeric = text_table(table)
    shown = Table(title=title, title_justify="left", title_style="bold", box=None,
                  padding=(0, 1), header_style="bold")
    for header, number in zip(headers, numeric, strict=True):
        shown.add_column(header, justify="right" if number else "left")
    chart = table.chart
    if chart:
        shown.add_column("")
        highest = max([row[chart.value] for row in table.rows] + [1])
    for values, cells in zip(table.rows, rows, strict=True):
        bar = [Text("█" * round(BAR_WIDTH * values[chart.value] / highest), "cyan")] \
            if chart else []
        shown.add_row(*map(Text, cells), *bar)
    return shown


def rich_report(report: Report) -> Group:
    """Every section of the report, one table after another, as the other formats."""
    parts: list = []
    for section in report.sections:
        for index, table in enumerate(section.tables):
            title = section.title if index == 0 else table.title or ""
            parts += [rich_table(table, title), Text("")]
    return Group(*parts)


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
        report = build_report(document, Labels(self.app.store.taxonomy), _("Statistics"))
        self.query_one("#figures", Static).update(Text(f"{report.heading}\n{report.opening}"))
        self.query_one("#charts", Static).update(rich_report(report))
