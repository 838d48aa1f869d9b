"""The report layout as a Word document for the annual report: Word's heading styles, real
Word tables with a repeating header row, numbers printed in the language's format ("53,5")
and right-aligned, ready to paste into the council's report."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as WordTable

from reports.formatting import text_table
from reports.layout import Report, Table
from store.i18n import active_language

LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}


def _repeat_header(table: WordTable) -> None:
    """Mark the first row as a header row: Word repeats it on every page the table spans."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _proofing_language(document, tag: str) -> None:
    """Word checks spelling in the report's language rather than the template's (en-US)."""
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    document.styles["Normal"].element.get_or_add_rPr().append(language)


def _table(document, table: Table) -> None:
    if table.title:
        document.add_heading(table.title, level=3)
    headers, rows, numeric = text_table(table)
    word_table = document.add_table(rows=1 + len(rows), cols=len(headers), style="Table Grid")
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row_index, cells in enumerate([headers, *rows]):
        for column, text in enumerate(cells):
            paragraph = word_table.cell(row_index, column).paragraphs[0]
            run = paragraph.add_run(text)
            run.bold = row_index == 0
            if numeric[column]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(word_table)
    document.add_paragraph()


def render(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = report.heading
    document.core_properties.language = LANGUAGE_TAGS[active_language()]
    _proofing_language(document, LANGUAGE_TAGS[active_language()])
    document.add_heading(report.heading, level=1)
    document.add_paragraph(report.opening)
    for section in report.sections:
        document.add_heading(section.title, level=2)
        for table in section.tables:
            _table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
