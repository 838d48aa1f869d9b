"""Statistics for a period: the report's figures, with bars drawn in the terminal."""

from __future__ import annotations

from datetime import date

from rich.console import Console, Group
from rich.measure import Measurement
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
from tui.widgets.banner import StoreBanner

BAR_WIDTH, MIN_BAR_WIDTH = 30, 6
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


def rich_table(table: LayoutTable, title: str, width: int, console: Console) -> Table:
    """A layout table for the terminal; a table with a chart gets a column of bars in the
    width the figures leave over, so no figure is cut short for a bar."""
    headers, rows, numeric = text_table(table)
    chart = table.chart

    def build(bar_width: int) -> Table:
        shown = Table(title=title, title_justify="left", title_style="bold", box=None,
                      padding=(0, 1), header_style="bold")
        for header, number in zip(headers, numeric, strict=True):
            shown.add_column(header, justify="right" if number else "left")
        if chart and bar_width:
            shown.add_column("", no_wrap=True)
        highest = max([row[chart.value] for row in table.rows] + [1]) if chart else 1
        for values, cells in zip(table.rows, rows, strict=True):
            bar = [Text("█" * round(bar_width * values[chart.value] / highest), "cyan")] \
                if chart and bar_width else []
            shown.add_row(*map(Text, cells), *bar)
        return shown

    figures_only = build(0)
    natural = Measurement.get(console, console.options.update_width(1000), figures_only)
    spare = width - natural.maximum - 2
    return build(min(BAR_WIDTH, spare)) if chart and spare >= MIN_BAR_WIDTH else figures_only


def rich_report(report: Report, width: int, console: Console) -> Group:
    """Every section of the report, one table after another, as the other formats."""
    parts: list = []
    for section in report.sections:
        for index, table in enumerate(section.tables):
            title = section.title if index == 0 else table.title or ""
            parts += [rich_table(table, title, width, console), Text("")]
    return Group(*parts)


class StatisticsScreen(TranslatedScreen):
    report: Report | None = None  # the period's report, once computed

    def compose(self) -> ComposeResult:
        yield Header()
        yield StoreBanner()
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
                self._clear_charts()
                return
            if period.end < period.start:
                self.query_one("#figures", Static).update(_("The period ends before it starts."))
                self._clear_charts()
                return
        else:
            period = period_named(choice, today)
        self.app.run_in_store(
            lambda store: summary_document(compute_summary(store, period.start, period.end)),
            self._show, changes=False)

    def _show(self, document: dict) -> None:
        self.report = build_report(document, Labels(self.app.store.taxonomy), _("Statistics"))
        self.query_one("#figures", Static).update(
            Text(f"{self.report.heading}\n{self.report.opening}"))
        self._draw()

    def _clear_charts(self) -> None:
        """A period that cannot be computed shows no figures of an earlier one."""
        self.report = None
        self.query_one("#charts", Static).update("")

    def _draw(self) -> None:
        charts = self.query_one("#charts", Static)
        charts.update(rich_report(self.report, charts.size.width, self.app.console))

    def on_resize(self) -> None:
        """The bars take the width the figures leave: draw them again for the new width."""
        if self.report is not None:
            self.call_after_refresh(self._draw)
