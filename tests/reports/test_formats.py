"""Each format, read back by an independent reader; a year shaped like the published reports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from html.parser import HTMLParser

import docx
import jsonschema
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reports import FORMATS, compute_summary, render, summary_document, write_summary
from store import Department, InquiryDraft, Kind, Store, StoreSettings, Taxonomy
from store.i18n import speaking

SCHEMA = {
    "type": "object",
    "required": ["period", "inquiries", "previous", "change_share", "by_kind", "taken_up",
                 "by_department", "by_topic", "by_handling", "by_channel", "response",
                 "meetings", "repeat_citizen_share", "open_at_end"],
    "properties": {
        "period": {"$ref": "#/$defs/period"},
        "inquiries": {"type": "integer", "minimum": 0},
        "previous": {"type": "object", "required": ["period", "inquiries"],
                     "properties": {"period": {"$ref": "#/$defs/period"},
                                    "inquiries": {"type": "integer"}}},
        "change_share": {"type": ["number", "null"]},
        "by_kind": {"type": "object", "required": ["complaint", "other"],
                    "additionalProperties": {"type": "integer"}},
        "taken_up": {"type": "object", "required": ["count", "share"]},
        "by_department": {"type": "array", "items": {
            "type": "object",
            "required": ["area", "unit", "count", "share", "taken_up", "previous_share"]}},
        "by_topic": {"type": "array", "items": {
            "type": "object", "required": ["topic", "primary", "involved"]}},
        "by_handling": {"type": "object", "required": [
            "signposting", "forwarding", "advice", "complaint_help", "investigation",
            "meeting", "mediation"], "additionalProperties": {"type": "integer"}},
        "by_channel": {"type": "object", "required": [
            "phone", "email", "chat", "walk_in", "letter", "own_initiative"]},
        "response": {"type": "object", "required": [
            "target_working_days", "answered", "within_target", "share_within_target",
            "median_working_days", "open_overdue"]},
        "meetings": {"type": "integer"},
        "repeat_citizen_share": {"type": ["number", "null"]},
        "open_at_end": {"type": "integer"},
    },
    "$defs": {"period": {"type": "object", "required": ["start", "end"],
                         "properties": {"start": {"type": "string", "format": "date"},
                                        "end": {"type": "string", "format": "date"}}}},
}


def test_a_year_shaped_like_the_published_reports(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking("da"):
        markdown = render(summary, "md", report_year.taxonomy, "Borgerrådgiveren").decode()
    opening = markdown.split("\n\n")[1]
    assert opening == ("252 henvendelser mod 210 i 2022-01-01 – 2022-12-31 (+20 %). 96 klager "
                       "og 156 andre henvendelser. 63 taget op til nærmere behandling (25 %).")
    assert "| Vejledning | 40 | 130 |" in markdown
    assert "| Hjælp til klage og andre processer | 18 | 7,1 |" in markdown
    assert "| Deltagelse i møde | 45 | 17,9 |" in markdown
    assert "| Sager med deltagelse i møder | 45 | 17,9 |" in markdown
    # The area table: this year's percent with last year's in parentheses, as "53,5 (56)".
    # Social has units 0-2 of 8: 3 x 32 of 252 (32 taken up); in 2022 158 of 210.
    assert "| Forvaltning | Henvendelser | Procent (sidste periode) | Taget op |" in markdown
    assert "| Social- og Sundhedsforvaltningen | 96 | 38,1 (75,2) | 32 |" in markdown
    # The unit table in percent of its area: Psychiatry has the odd numbers (none taken up).
    assert ("| Social- og Sundhedsforvaltningen | Psykiatri- og Handicapafdelingen | 32 | "
            "33,3 | 12,7 (50) | 0 |") in markdown


def test_json_is_the_contract_and_valid(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    document = json.loads(render(summary, "json", report_year.taxonomy, "x"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["inquiries"] == 252
    assert document["by_kind"] == {"complaint": 96, "other": 156}
    assert document["taken_up"] == {"count": 63, "share": 0.25}
    assert document["by_handling"]["complaint_help"] == 18
    assert document["meetings"] == 45


def test_csv_is_one_tidy_long_table_in_the_language(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking("da"):
        text = render(summary, "csv", report_year.taxonomy, "x").decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Afsnit", "Tabel", "Række", "Kolonne", "Værdi"]
    assert all(len(row) == 5 for row in rows)
    values = {(row[0], row[2], row[3]): row[4] for row in rows[1:]}
    assert values[("Overblik", "Denne periode / 2023-01-01 / 2023-12-31", "Henvendelser")] \
        == "252"
    area = ("Henvendelser fordelt på forvaltninger", "Social- og Sundhedsforvaltningen")
    assert values[(*area, "Procent")] == "38,1"
    assert values[(*area, "Procent sidste periode")] == "75,2"
    topics = "Problemstillinger: primær og involveret"
    assert values[(topics, "Vejledning", "Primær problemstilling")] == "40"
    assert values[(topics, "Vejledning", "Involveret")] == "130"
    with speaking("en"):
        english = render(summary, "csv", report_year.taxonomy, "x").decode()
    rows = list(csv.reader(io.StringIO(english)))
    assert rows[0] == ["Section", "Table", "Row", "Column", "Value"]
    assert ["Inquiries by area", "Inquiries by area", "Social- og Sundhedsforvaltningen",
            "Percent", "38.1"] in rows


def test_xlsx_has_a_sheet_per_section_with_numbers_formats_charts(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    workbook = openpyxl.load_workbook(io.BytesIO(render(summary, "xlsx",
                                                        report_year.taxonomy, "x")))
    assert workbook.sheetnames == ["Overview", "Areas", "Units", "Topics", "Handling",
                                   "Channels", "Response", "By month"]
    areas = workbook["Areas"]
    assert [cell.value for cell in areas[3]] == [
        "Area", "Inquiries", "Percent", "Percent last period", "Taken up"]
    assert areas.freeze_panes == "A4"  # the header row stays in view
    for sheet in workbook:  # every sheet: the header of its first table frozen, in bold
        header = sheet[int(sheet.freeze_panes[1:]) - 1]
        assert header[0].font.bold and header[0].value in ("Period", "Area", "Topic", "Figure",
                                                           "Handling", "Channel", "Month")
    social = next(row for row in areas.iter_rows(min_row=4)
                  if row[0].value == "Social- og Sundhedsforvaltningen")
    assert [cell.value for cell in social[:2]] == ["Social- og Sundhedsforvaltningen", 96]
    assert social[1].number_format == "#,##0"
    assert social[2].value == pytest.approx(96 / 252)
    assert social[2].number_format == social[3].number_format == "0.0%"
    assert social[3].value == pytest.approx(158 / 210)
    topics = {row[0].value: (row[1].value, row[2].value)
              for row in workbook["Topics"].iter_rows(min_row=4)}
    assert topics["Guidance"] == (40, 130)
    median = next(row for row in workbook["Response"].iter_rows()
                  if row[0].value == "Median working days to first response")
    assert median[1].value == summary_document(summary)["response"]["median_working_days"]
    assert median[1].number_format == "0.0"
    charts = {name: workbook[name]._charts for name in workbook.sheetnames}
    assert all(len(charts[name]) == 1 for name in
               ("Areas", "Units", "Topics", "Handling", "Channels", "By month"))
    assert len(charts["Topics"][0].series) == 2  # primary and involved


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        if self.tags and self.tags[-1] in ("h1", "h2", "h3") and data.strip():
            self.headings.append(data)


def test_html_is_self_contained_with_charts_and_translated_headings(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking("da"):
        page = render(summary, "html", report_year.taxonomy, "Borgerrådgiveren").decode()
    parser = _Elements()
    parser.feed(page)
    assert parser.tags.count("svg") == 6
    assert parser.tags.count("rect") > 40
    assert not {"script", "link", "img", "iframe", "object"} & set(parser.tags)
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@page { size: A4" in page and "@media print" in page
    assert {"header", "main", "section", "th", "thead"} <= set(parser.tags)
    headings = parser.headings
    assert headings[0] == "Borgerrådgiveren: 2023-01-01 – 2023-12-31"
    with speaking("en"):
        english = _Elements()
        english.feed(render(summary, "html", report_year.taxonomy,
                            "Borgerrådgiveren").decode())
    assert len(english.headings) == len(headings)
    shared = [h for h, e in zip(headings[1:], english.headings[1:], strict=True) if h == e]
    assert shared == []  # every heading is translated


def test_text_from_the_configuration_is_escaped_in_html_and_markdown(data_dir, clock):
    taxonomy = Taxonomy(departments={"<script>alert(1)</script>": ("A | B",)})
    store = Store(data_dir, StoreSettings(taxonomy=taxonomy), clock=clock)
    store.create_inquiry(InquiryDraft(
        received_at=clock.now, department=Department(area="<script>alert(1)</script>",
                                                     unit="A | B")))
    summary = compute_summary(store, date(2026, 11, 1), date(2026, 11, 30))
    page = render(summary, "html", taxonomy, "<b>x</b>").decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page
    assert "A \\| B" in render(summary, "md", taxonomy, "x").decode()


def test_write_summary_adds_its_own_files_and_keeps_everything_else(report_year: Store,
                                                                     tmp_path):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    folder = tmp_path / "exports" / "2023"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    (folder / ".hidden").mkdir()
    stale = folder / ".summary.md.999999999.1.tmp"  # a writer killed halfway (no such pid)
    stale.write_text("half")
    written = write_summary(summary, FORMATS, folder, report_year.taxonomy, "x")
    assert sorted(path.name for path in written) == [f"summary.{f}" for f in sorted(FORMATS)]
    write_summary(summary, ["md"], folder, report_year.taxonomy, "x")
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [".hidden", "notes.txt", *(f"summary.{f}" for f in FORMATS)])
    assert (folder / "notes.txt").read_text() == "mine"
    assert [path.name for path in folder.parent.iterdir()] == ["2023"]  # nothing left over


def test_summaries_hold_no_personal_data(store: Store, clock):
    from store import Citizen

    store.create_inquiry(InquiryDraft(
        received_at=clock.now, subject="Secret subject", description="Secret health",
        citizen=Citizen(name="Hemmelig Person", phone="55667788", email="hp@example.dk")))
    summary = compute_summary(store, date(2026, 11, 1), date(2026, 11, 30))
    for format_ in FORMATS:
        content = render(summary, format_, store.taxonomy, "x")
        if format_ in ("xlsx", "docx"):  # zip files of XML parts
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                text = "".join(package.read(name).decode() for name in package.namelist()
                               if name.endswith((".xml", ".rels")))
        else:
            text = content.decode()
        for personal in ("Secret", "Hemmelig", "55667788", "hp@example.dk"):
            assert personal not in text, (format_, personal)


def test_word_has_heading_styles_and_real_tables_in_danish(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking("da"):
        document = docx.Document(io.BytesIO(render(summary, "docx", report_year.taxonomy,
                                                   "Borgerrådgiveren")))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Borgerrådgiveren: 2023-01-01 – 2023-12-31")
    assert ("Heading 2", "Henvendelser fordelt på forvaltninger") in headings
    assert ("Heading 2", "Problemstillinger: primær og involveret") in headings
    assert document.paragraphs[1].text.startswith("252 henvendelser mod 210")
    assert document.core_properties.language == "da-DK"
    proofing = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert proofing.get(qn("w:val")) == "da-DK"  # spelling checked in Danish
    assert len(document.tables) == 10
    areas = next(t for t in document.tables if t.cell(0, 0).text == "Forvaltning"
                 and len(t.columns) == 4)
    assert [cell.text for cell in areas.rows[0].cells] == [
        "Forvaltning", "Henvendelser", "Procent (sidste periode)", "Taget op"]
    social = next(row for row in areas.rows if row.cells[0].text.startswith("Social"))
    assert [cell.text for cell in social.cells] == [
        "Social- og Sundhedsforvaltningen", "96", "38,1 (75,2)", "32"]
    assert social.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert areas.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert areas.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert areas.style.name == "Table Grid"
    topics = next(t for t in document.tables if t.cell(0, 0).text == "Problemstilling")
    assert [c.text for c in topics.rows[1].cells] == ["Vejledning", "40", "130"]


def test_the_opening_sentence_counts_in_the_singular_too(store: Store, clock):
    store.create_inquiry(InquiryDraft(received_at=clock.now, kind=Kind.COMPLAINT))
    summary = compute_summary(store, date(2026, 11, 1), date(2026, 11, 30))
    with speaking("da"):
        opening = render(summary, "md", store.taxonomy, "x").decode().split("\n\n")[1]
    assert opening == ("1 henvendelse mod 0 i 2026-10-01 – 2026-10-31 (–). 1 klage og "
                       "0 andre henvendelser. 0 taget op til nærmere behandling (0 %).")
