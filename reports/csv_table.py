"""The report layout as one tidy CSV table: a line per figure (section, table, row, column,
value), in the language's number format; Danish uses ";" since "," is its decimal mark, as
Danish spreadsheets expect."""

from __future__ import annotations

import csv
import io
from typing import Any

from reports.formatting import decimal, percent
from reports.layout import Report
from store.i18n import _, active_language


def _value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "count":
        return str(value)  # no thousands separator: spreadsheets read it as a number
    return decimal(value) if kind == "days" else percent(value)


def render(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if active_language() == "da" else ",",
                        lineterminator="\n")
    writer.writerow([_("Section"), _("Table"), _("Row"), _("Column"), _("Value")])
    for section in report.sections:
        for table in section.tables:
            labels = [index for index, column in enumerate(table.columns)
                      if column.kind == "text"]
            for row in table.rows:
                name = " / ".join(str(row[index]) for index in labels)
                for column, value in zip(table.columns, row, strict=True):
                    if column.kind != "text":
                        writer.writerow([section.title, table.title or section.title, name,
                                         column.header, _value(column.kind, value)])
    return buffer.getvalue().encode()
