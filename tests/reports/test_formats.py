"""Each format, read back by an independent reader; a year shaped like the published reports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import jsonschema
import openpyxl
import pytest

from reports import FORMATS, compute_summary, render, write_summary
from store import Department, InquiryDraft, Kind, Store, StoreSettings, Taxonomy
from store.i18n import speaking

TOPICS = ("processing_time", "case_information", "hearing", "communication", "progression")
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


@pytest.fixture
def report_year(store: Store, clock) -> Store:
    """252 inquiries of 2023 with the published reports' figures: 96 complaints, guidance
    primary in 40 and involved in 130, meetings in 45, help with complaints in 18."""
    clock.now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    units = [(area, unit) for area, units in store.taxonomy.departments.items()
             for unit in units]
    drafts = []
    for number in range(252):
        received = datetime(2023, 1, 2, 9, tzinfo=UTC) + timedelta(hours=34 * number)
        primary = "guidance" if number < 40 else TOPICS[number % len(TOPICS)]
        topics = ("guidance",) if number < 130 else ()
        area, unit = units[number % len(units)]
        drafts.append(InquiryDraft(
            received_at=received, kind=Kind.COMPLAINT if number < 96 else Kind.OTHER,
            primary_topic=primary, topics=topics, taken_up=number % 4 == 0,
            department=Department(area=area, unit=unit),
            handling=(("complaint_help",) if number < 18 else ()) + (
                ("meeting",) if number < 45 else ()),
            meetings=1 if number < 45 else 0,
            first_response_at=received + timedelta(days=1)))
    store.import_inquiries(drafts)
    return store


def test_a_year_shaped_like_the_published_reports(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    with speaking("da"):
        markdown = render(summary, "md", report_year.taxonomy, "Borgerrådgiveren").decode()
    assert "96 klager og 156 andre henvendelser" in markdown
    assert "| Vejledning | 40 | 130 |" in markdown
    assert "| Hjælp til klage og andre processer | 18 |" in markdown
    assert "| Deltagelse i møde | 45 |" in markdown
    assert "| Sager med deltagelse i møder | 45 |" in markdown
    assert "63 taget op til nærmere behandling (25 %)" in markdown


def test_json_is_the_contract_and_valid(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    document = json.loads(render(summary, "json", report_year.taxonomy, "x"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["inquiries"] == 252
    assert document["by_kind"] == {"complaint": 96, "other": 156}
    assert document["taken_up"] == {"count": 63, "share": 0.25}
    assert document["by_handling"]["complaint_help"] == 18
    assert document["meetings"] == 45


def test_csv_is_one_tidy_long_table(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    rows = list(csv.DictReader(io.StringIO(render(summary, "csv", report_year.taxonomy,
                                                  "x").decode())))
    assert set(rows[0]) == {"section", "key", "count", "share", "previous_share"}
    by_key = {(row["section"], row["key"]): row for row in rows}
    assert by_key[("total", "inquiries")]["count"] == "252"
    assert by_key[("kind", "complaint")]["count"] == "96"
    assert by_key[("topic_primary", "guidance")]["count"] == "40"
    assert by_key[("topic_involved", "guidance")]["count"] == "130"
    assert float(by_key[("taken_up", "taken_up")]["share"]) == 0.25
    assert len([row for row in rows if row["section"] == "month"]) == 12


def test_xlsx_has_a_sheet_per_section_with_numbers_and_percent_formats(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    workbook = openpyxl.load_workbook(io.BytesIO(render(summary, "xlsx",
                                                        report_year.taxonomy, "x")))
    assert workbook.sheetnames == ["Overview", "Departments", "Topics", "Handling",
                                   "Channels", "By month"]
    overview = {row[0].value: row[1] for row in workbook["Overview"].iter_rows(min_row=2)}
    assert overview["Inquiries"].value == 252
    assert overview["Taken up, share"].value == 0.25
    assert overview["Taken up, share"].number_format == "0.0%"
    topics = {row[0].value: (row[1].value, row[2].value)
              for row in workbook["Topics"].iter_rows(min_row=2)}
    assert topics["Guidance"] == (40, 130)
    departments = list(workbook["Departments"].iter_rows(min_row=2))
    assert isinstance(departments[0][2].value, int)
    assert departments[0][3].number_format == "0.0%"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_with_charts(report_year: Store):
    summary = compute_summary(report_year, date(2023, 1, 1), date(2023, 12, 31))
    page = render(summary, "html", report_year.taxonomy, "Borgerrådgiveren").decode()
    parser = _Elements()
    parser.feed(page)
    assert parser.tags.count("svg") == 5
    assert parser.tags.count("rect") > 40
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "@page { size: A4" in page
    assert "Inquiries by month" in "".join(parser.text)


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
    for format_ in ("md", "csv", "json", "html"):
        text = render(summary, format_, store.taxonomy, "x").decode()
        for personal in ("Secret", "Hemmelig", "55667788", "hp@example.dk"):
            assert personal not in text, (format_, personal)
