"""Every figure of ``summary.json`` is found, printed for the language, in its own row of every
format: the Markdown, the HTML, the Word tables, the CSV, the XLSX cells and the TUI's
statistics screen.

The walk goes over the JSON file itself (what a reader of the contract sees) and takes each
value unrounded from the document at the same place. A figure is found when one row of the
format names what it is (the area, the topic, "Answered", ...) and holds the figure as that
language prints it: a share as "53,5" in Danish and "53.5" in English, a count as "1.234" /
"1,234", working days as "2,5" / "2.5"; in the XLSX as a number with its number format.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import docx
import openpyxl
import pytest

from reports import compute_summary, render, summary_document
from reports.formatting import Labels, count, decimal, percent
from store import Store
from store.i18n import _, set_language, speaking
from tests.tui.conftest import make_app, settle

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SHARES = {"share", "share_in_area", "previous_share", "change_share", "share_within_target",
          "repeat_citizen_share"}
DAYS = {"median_working_days", "target_working_days"}
XLSX_FORMATS = {"count": "#,##0", "share": "0.0%", "days": "0.0"}


def figures(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, kind) of every figure: "count", "share", "days" or "date"."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from figures(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from figures(value, (*path, index))
    elif node is not None:
        key = next(part for part in reversed(path) if isinstance(part, str))
        if key in ("start", "end", "month"):
            yield path, "date"
        elif key in SHARES:
            yield path, "share"
        elif key in DAYS:
            yield path, "days"
        elif isinstance(node, int):
            yield path, "count"


def row_label(path: tuple, document: dict, labels: Labels) -> str:
    """What the row holding this figure is called, in the active language."""
    head = path[0]
    if head in ("by_department", "by_area", "by_topic", "monthly"):
        row = document[head][path[1]]
        return {"by_department": lambda: labels.unit(row["unit"]),
                "by_area": lambda: row["area"], "by_topic": lambda: labels.topic(row["topic"]),
                "monthly": lambda: row["month"]}[head]()
    if head in ("by_kind", "by_handling", "by_channel"):
        method = {"by_kind": labels.kind, "by_handling": labels.handling,
                  "by_channel": labels.channel}[head]
        return method(path[1])
    if head == "response":
        return {"answered": _("Answered"), "due": _("Due by the end of the period"),
                "within_target": _("Answered within {days} working days"),
                "share_within_target": _("Answered within {days} working days"),
                "median_working_days": _("Median working days to first response"),
                "target_working_days": _("Target for the first response"),
                "open_overdue": _("Open and overdue at the end of the period"),
                }[path[1]].format(days=document["response"]["target_working_days"])
    return {"period": _("This period"), "inquiries": _("This period"),
            "previous": _("Previous period"),
            "change_share": _("Change against the previous period"),
            "taken_up": _("Taken up for closer handling"),
            "meetings": _("Matters with meetings attended"),
            "repeat_citizens": _("From citizens who contacted the office before"),
            "repeat_citizen_share": _("From citizens who contacted the office before"),
            "open_at_end": _("Open at the end of the period")}[head]


def shown(kind: str, value: Any) -> str:
    """A figure as the text formats print it, in the active language."""
    return {"count": count, "share": percent, "days": decimal}.get(kind, str)(value)


@pytest.fixture(params=["da", "en"])
def language(request):
    set_language(request.param)
    return request.param


@pytest.fixture
def year(report_year: Store, language):
    """The store, the summary and every figure as (path, kind, value, its row's label)."""
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    document = summary_document(summary)
    labels = Labels(report_year.taxonomy)
    walked = list(figures(json.loads(render(summary, "json", report_year.taxonomy, "x"))))
    assert len(walked) > 150  # every department, topic, handling, channel and month

    def value(path: tuple) -> Any:
        node: Any = document
        for part in path:
            node = node[part]
        return node

    return report_year, summary, [(path, kind, value(path), row_label(path, document, labels))
                                  for path, kind in walked]


def missing_in_rows(rows: list[str], walked: list, print_count=count) -> list[tuple]:
    """The figures that no row both names and holds."""
    tokens = [(row, set(NUMBER.findall(row))) for row in rows]
    missing = []
    for path, kind, value, label in walked:
        if kind == "date":
            ok = any(label in row and value in row for row, _numbers in tokens)
        else:
            text = print_count(value) if kind == "count" else shown(kind, value)
            ok = any(label in row and text.lstrip("-") in numbers for row, numbers in tokens)
        if not ok:
            missing.append(path)
    return missing


@pytest.mark.parametrize("format_", ["md", "html"])
def test_every_figure_in_the_text_formats(year, language, format_):
    store, summary, walked = year
    text = render(summary, format_, store.taxonomy, "Borgerrådgiveren").decode()
    if format_ == "html":
        rows = [html.unescape(re.sub(r"<[^>]+>", " ", row))
                for row in re.findall(r"<tr>.*?</tr>", text)]
    else:
        rows = [line for line in text.splitlines() if line.startswith("|")]
    assert missing_in_rows(rows, walked) == []


def test_every_figure_in_the_word_tables(year, language):
    store, summary, walked = year
    document = docx.Document(io.BytesIO(render(summary, "docx", store.taxonomy, "x")))
    rows = [" | ".join(cell.text for cell in row.cells) for table in document.tables
            for row in table.rows]
    assert missing_in_rows(rows, walked) == []


def test_every_figure_in_the_csv(year, language):
    store, summary, walked = year
    text = render(summary, "csv", store.taxonomy, "x").decode()
    lines = list(csv.reader(io.StringIO(text), delimiter=";" if language == "da" else ","))
    rows = [f"{row} | {value}" for _section, _table, row, _column, value in lines[1:]]
    assert missing_in_rows(rows, walked, print_count=str) == []  # counts without separators


def test_every_figure_in_the_xlsx_cells(year, language):
    store, summary, walked = year
    workbook = openpyxl.load_workbook(io.BytesIO(render(summary, "xlsx", store.taxonomy, "x")))
    rows = [[cell for cell in row if cell.value is not None]
            for sheet in workbook for row in sheet.iter_rows()]
    missing = []
    for path, kind, value, label in walked:
        def holds(cells, kind=kind, value=value, label=label) -> bool:
            texts = " | ".join(str(c.value) for c in cells if isinstance(c.value, str))
            if label not in texts:
                return False
            if kind == "date":
                return value in texts
            return any(isinstance(c.value, int | float) and c.value == pytest.approx(value)
                       and c.number_format == XLSX_FORMATS[kind] for c in cells)

        if not any(holds(cells) for cells in rows):
            missing.append(path)
    assert missing == []


def screen_rows(svg: str) -> list[str]:
    """The lines of a Textual screenshot, each cell's text kept apart from the next."""
    lines: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return [" ".join(parts) for parts in lines.values()]


async def test_every_figure_on_the_statistics_screen(year, language):
    store, _summary, walked = year
    app = make_app(store)
    async with app.run_test(size=(200, 230)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#period").value = "last_year"  # the clock is in 2024
        await settle(pilot)
        rows = screen_rows(app.export_screenshot())
    assert any("2023-01-01 – 2023-12-31" in row for row in rows)
    assert missing_in_rows(rows, walked) == []


def test_counts_and_shares_are_printed_for_the_language():
    with speaking("da"):
        assert (count(33000), percent(0.535), percent(0.56), decimal(2.25)) == \
            ("33.000", "53,5", "56", "2,2")
    with speaking("en"):
        assert (count(33000), percent(0.535), percent(0.56), decimal(2.25)) == \
            ("33,000", "53.5", "56", "2.2")
