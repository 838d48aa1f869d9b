"""Numbers and labels as people read them: "53,5" in Danish, "53.5" in English.

Rounding happens here and only here, when a figure is printed. The text renderers (Markdown,
HTML, Word, the TUI) print a layout table through ``text_table``, which joins each share with
last period's share beside it, as the annual reports do: "53,5 (56)".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal

from store import Taxonomy
from store.i18n import _, active_language
from store.taxonomy import Channel, Kind, label

if TYPE_CHECKING:
    from reports.layout import Table

MISSING = "–"


def count(value: int | None) -> str:
    """A count with the language's thousands separator: 33000 -> "33.000"."""
    if value is None:
        return MISSING
    return format_decimal(value, format="#,##0", locale=active_language())


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal, ",0" left out: 0.535 -> "53,5"."""
    if value is None:
        return MISSING
    return format_decimal(round(value * 100, 1), format="0.#", locale=active_language())


def decimal(value: float | None) -> str:
    if value is None:
        return MISSING
    return format_decimal(round(value, 1), format="0.#", locale=active_language())


def signed_percent(value: float | None) -> str:
    if value is None:
        return MISSING
    return ("+" if value > 0 else "") + percent(value) + " %"


def cell_text(kind: str, value: Any) -> str:
    """One cell of a layout table as text, by its column's kind."""
    if kind == "text":
        return str(value)
    if kind == "count":
        return count(value)
    if kind == "days":
        return decimal(value)
    return percent(value)  # share, previous_share


def text_table(table: Table) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers, rows of text and which columns are numbers; a previous-period share is
    joined to the share before it ("53,5 (56)") under one heading ("Percent (last period)")."""
    headers: list[str] = []
    numeric: list[bool] = []
    for column in table.columns:
        if column.kind == "previous_share":
            headers[-1] = _("{header} (last period)").format(header=headers[-1])
        else:
            headers.append(column.header)
            numeric.append(column.kind != "text")
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for column, value in zip(table.columns, row, strict=True):
            if column.kind == "previous_share":
                cells[-1] = f"{cells[-1]} ({percent(value)})"
            else:
                cells.append(cell_text(column.kind, value))
        rows.append(cells)
    return headers, rows, numeric


class Labels:
    """Labels of every code in a summary, in the active language."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    def topic(self, code: str) -> str:
        return self.taxonomy.topics.label(code)

    def handling(self, code: str) -> str:
        return self.taxonomy.handling.label(code)

    def channel(self, code: str) -> str:
        return label(Channel(code))

    def kind(self, code: str) -> str:
        return label(Kind(code))

    def unit(self, unit: str | None) -> str:
        return unit or _("(area only)")
