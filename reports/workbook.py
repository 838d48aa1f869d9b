"""The report layout as an XLSX workbook: a sheet per section, numbers as numbers with
number formats (Excel shows them with the reader's decimal mark), frozen header rows and a
native Excel bar chart beside each table that has one."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from reports.layout import Report, Section, Table

NUMBER_FORMATS = {"count": "#,##0", "share": "0.0%", "previous_share": "0.0%", "days": "0.0"}
BOLD, TITLE = Font(bold=True), Font(bold=True, size=14)


def _table(sheet: Worksheet, table: Table, top: int) -> tuple[int, int]:
    """Write ``table`` from row ``top``; its header row and the row after its last."""
    if table.title:
        sheet.cell(top, 1, table.title).font = BOLD
        top += 1
    for column, spec in enumerate(table.columns, start=1):
        cell = sheet.cell(top, column, spec.header)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(table.rows, start=1):
        for column, (spec, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(top + offset, column, value)
            if spec.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[spec.kind]
    if table.chart and table.rows:
        _chart(sheet, table, top)
    return top, top + len(table.rows) + 1


def _chart(sheet: Worksheet, table: Table, header: int) -> None:
    spec, last = table.chart, header + len(table.rows)
    chart = BarChart()
    chart.type, chart.style, chart.title = "bar", 10, spec.title
    chart.y_axis.majorGridlines = None
    for column in (spec.value, spec.second):
        if column is not None:
            chart.add_data(Reference(sheet, min_col=column + 1, min_row=header, max_row=last),
                           titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=spec.label + 1, min_row=header + 1,
                                   max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    if spec.second is None:
        chart.legend = None  # one series: the title says what it is
    chart.width, chart.height = 16, max(6, 0.6 * len(table.rows) + 2)
    anchor = sheet.cell(header, len(table.columns) + 2).coordinate
    sheet.add_chart(chart, anchor)


def _sheet(workbook: Workbook, section: Section, report: Report, first: bool) -> None:
    sheet = workbook.create_sheet(section.name[:31])
    sheet.cell(1, 1, report.heading if first else section.title).font = TITLE
    row = 2
    if first:
        sheet.cell(2, 1, report.opening)
        row = 3
    frozen = None
    for table in section.tables:
        header, row = _table(sheet, table, row + 1)
        frozen = frozen or header
    sheet.freeze_panes = sheet.cell(frozen + 1, 1).coordinate
    for column_cells in sheet.iter_cols(min_row=frozen):
        width = max((len(str(cell.value)) for cell in column_cells if cell.value is not None),
                    default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(48, width + 2)


def render(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = report.heading
    for index, section in enumerate(report.sections):
        _sheet(workbook, section, report, first=index == 0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
