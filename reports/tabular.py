"""The summary as JSON (design.md 3.5), as one tidy CSV table, and as an XLSX workbook."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.formatting import Labels
from store.i18n import _

CSV_COLUMNS = ("section", "key", "count", "share", "previous_share")
PERCENT_FORMAT = "0.0%"


def _rounded(value: Any) -> Any:
    """Shares to three decimals, as in the contract's example; everything else as it is."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def render_json(document: dict[str, Any]) -> str:
    return json.dumps(_rounded(document), ensure_ascii=False, indent=2) + "\n"


def long_rows(document: dict[str, Any]) -> Iterator[tuple[str, str, int | None, float | None,
                                                        float | None]]:
    """(section, key, count, share, previous_share): every figure of the summary once."""
    total = document["inquiries"]
    yield "total", "inquiries", total, None, None
    yield "total", "previous_inquiries", document["previous"]["inquiries"], \
        document["change_share"], None
    for kind, count in document["by_kind"].items():
        yield "kind", kind, count, count / total if total else None, None
    yield "taken_up", "taken_up", document["taken_up"]["count"], document["taken_up"]["share"], None
    for row in document["by_area"]:
        yield "area", row["area"], row["count"], row["share"], row["previous_share"]
    for row in document["by_department"]:
        key = f"{row['area']}/{row['unit']}" if row["unit"] else row["area"]
        yield "department", key, row["count"], row["share"], row["previous_share"]
        yield "department_taken_up", key, row["taken_up"], None, None
    for row in document["by_topic"]:
        yield "topic_primary", row["topic"], row["primary"], None, None
        yield "topic_involved", row["topic"], row["involved"], None, None
    for section in ("by_handling", "by_channel"):
        for key, count in document[section].items():
            yield section.removeprefix("by_"), key, count, None, None
    response = document["response"]
    yield "response", "answered", response["answered"], None, None
    yield "response", "within_target", response["within_target"], \
        response["share_within_target"], None
    yield "response", "median_working_days", None, None, None
    yield "response", "open_overdue", response["open_overdue"], None, None
    yield "meetings", "meetings", document["meetings"], None, None
    yield "repeat_citizens", "repeat_citizens", None, document["repeat_citizen_share"], None
    yield "open_at_end", "open_at_end", document["open_at_end"], None, None
    for row in document["monthly"]:
        yield "month", row["month"], row["inquiries"], row["share_within_target"], None


def render_csv(document: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    median = document["response"]["median_working_days"]
    for section, key, count, share, previous in long_rows(document):
        if key == "median_working_days":
            count = median  # a number of days, not a count of inquiries
        writer.writerow([section, key, "" if count is None else count,
                         "" if share is None else round(share, 4),
                         "" if previous is None else round(previous, 4)])
    return buffer.getvalue()


class Share:
    """A cell value to show as a percentage."""

    def __init__(self, value: float | None) -> None:
        self.value = value


def render_xlsx(document: dict[str, Any], labels: Labels) -> bytes:
    """One sheet per section; numbers are numbers and shares carry a percent format."""
    workbook = Workbook()
    workbook.remove(workbook.active)

    def sheet(title: str, headers: list[str], rows: list[list[Any]]) -> None:
        worksheet = workbook.create_sheet(title[:31])
        worksheet.append(headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            worksheet.append([v.value if isinstance(v, Share) else v for v in row])
            for column, value in enumerate(row, start=1):
                if isinstance(value, Share):
                    worksheet.cell(row=worksheet.max_row, column=column).number_format = \
                        PERCENT_FORMAT
        for column_cells in worksheet.columns:
            width = max(len(str(cell.value or "")) for cell in column_cells)
            worksheet.column_dimensions[column_cells[0].column_letter].width = min(60, width + 2)

    response = document["response"]
    sheet(_("Overview"), [_("Figure"), _("Value")], [
        [_("Inquiries"), document["inquiries"]],
        [_("Previous period"), document["previous"]["inquiries"]],
        [_("Change"), Share(document["change_share"])],
        [labels.kind("complaint"), document["by_kind"]["complaint"]],
        [labels.kind("other"), document["by_kind"]["other"]],
        [_("Taken up"), document["taken_up"]["count"]],
        [_("Taken up, share"), Share(document["taken_up"]["share"])],
        [_("Answered"), response["answered"]],
        [_("Answered in time, share"), Share(response["share_within_target"])],
        [_("Median working days to first response"), response["median_working_days"]],
        [_("Open and overdue at the end of the period"), response["open_overdue"]],
        [_("Open at the end of the period"), document["open_at_end"]],
        [_("Matters with meetings attended"), document["meetings"]],
        [_("From citizens who contacted the office before"),
         Share(document["repeat_citizen_share"])],
    ])
    sheet(_("Departments"), [_("Area"), _("Unit"), _("Inquiries"), _("Share"),
                             _("Share of area"), _("Previous share"), _("Taken up")],
          [[row["area"], labels.unit(row["unit"]), row["count"], Share(row["share"]),
            Share(row["share_in_area"]), Share(row["previous_share"]), row["taken_up"]]
           for row in document["by_department"]])
    sheet(_("Topics"), [_("Topic"), _("Primary problem"), _("Involved")],
          [[labels.topic(row["topic"]), row["primary"], row["involved"]]
           for row in document["by_topic"]])
    sheet(_("Handling"), [_("Handling"), _("Inquiries")],
          [[labels.handling(code), count] for code, count in document["by_handling"].items()])
    sheet(_("Channels"), [_("Channel"), _("Inquiries")],
          [[labels.channel(code), count] for code, count in document["by_channel"].items()])
    sheet(_("By month"), [_("Month"), _("Inquiries"), _("Percent answered in time")],
          [[row["month"], row["inquiries"], Share(row["share_within_target"])]
           for row in document["monthly"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
