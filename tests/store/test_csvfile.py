"""Reading the import CSV: formats it accepts, and errors that name row and column."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from store import Channel, Citizen, Department, Kind, OfficeCalendar, Taxonomy
from store.csvfile import CsvImportError, read_inquiries_csv, write_inquiries_csv
from store.sample import sample_inquiries

calendar, taxonomy = OfficeCalendar(), Taxonomy()


def read(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    return read_inquiries_csv(path, taxonomy, calendar)


def problems(tmp_path, text: str) -> list[tuple[int, str]]:
    with pytest.raises(CsvImportError) as failure:
        read(tmp_path, text)
    return [(p.row, p.column) for p in failure.value.problems]


def test_semicolons_danish_labels_and_danish_dates(tmp_path):
    [draft] = read(tmp_path, (
        "received_at;kind;channel;department;primary_topic;topics;handling;taken_up;meetings;"
        "citizen_name;citizen_phone\n"
        "05-01-2023 14:30;Klage;telefon;Social- og Sundhedsforvaltningen/"
        "Psykiatri- og Handicapafdelingen;vejledning;partshøring|aktindsigt;"
        "vejvisning|mægling;ja;2;Ib Skov;+45 20 30 40 50\n"))
    assert draft.received_at == datetime(2023, 1, 5, 13, 30, tzinfo=UTC)
    assert (draft.kind, draft.channel) == (Kind.COMPLAINT, Channel.PHONE)
    assert draft.department == Department(area="Social- og Sundhedsforvaltningen",
                                          unit="Psykiatri- og Handicapafdelingen")
    assert draft.primary_topic == "guidance"
    assert draft.topics == ("hearing", "access_to_files")
    assert draft.handling == ("signposting", "mediation")
    assert draft.taken_up is True
    assert draft.meetings == 2
    assert draft.citizen == Citizen(name="Ib Skov", phone="+45 20 30 40 50")


def test_commas_iso_dates_codes_and_a_byte_order_mark(tmp_path):
    drafts = read(tmp_path, "\ufeffreceived_at,kind,first_response_at,closed_at\n"
                            "2023-03-01,other,2023-03-02T10:00+01:00,2023-03-03\n"
                            ",,,\n")  # a blank row is skipped
    [draft] = drafts
    assert draft.received_at == datetime(2023, 3, 1, 8, 0, tzinfo=UTC)  # opening time
    assert draft.first_response_at == datetime(2023, 3, 2, 9, 0, tzinfo=UTC)
    assert draft.closed_at == datetime(2023, 3, 3, 15, 0, tzinfo=UTC)  # closing time
    assert draft.citizen is None


def test_every_problem_names_its_row_and_column(tmp_path):
    found = problems(tmp_path, (
        "received_at;kind;channel;taken_up;meetings;citizen_phone;primary_topic\n"
        "2023-01-05;klage;telefon;ja;1;12345678;vejledning\n"
        "31-02-2023;klage;telefon;ja;1;;\n"
        "2023-01-06;;fax;måske;-1;abc;vejr\n"))
    assert found == [(3, "received_at"), (4, "channel"), (4, "kind"), (4, "primary_topic"),
                     (4, "taken_up"), (4, "meetings"), (4, "citizen_phone")]


def test_header_problems(tmp_path):
    assert problems(tmp_path, "received_at;colour;received_at\n") == [
        (1, "2"), (1, "received_at"), (1, "kind")]
    assert problems(tmp_path, "") == [(1, "")]


def test_personal_values_are_not_repeated_in_errors(tmp_path):
    with pytest.raises(CsvImportError) as failure:
        read(tmp_path, "received_at;kind;citizen_email\n2023-01-05;klage;secret-person\n")
    assert "secret-person" not in str(failure.value)
    assert "row 2, column citizen_email" in str(failure.value)


def test_response_before_receipt_is_refused(tmp_path):
    assert problems(tmp_path, "received_at;kind;closed_at\n2023-01-05;klage;2023-01-04\n") == [
        (2, "")]


def test_not_utf8_names_the_line(tmp_path):
    with pytest.raises(CsvImportError) as failure:
        read(tmp_path, "received_at;kind\n2023-01-05;klage\n2023-01-05;ændret\n", "latin-1")
    assert failure.value.problems[0].row == 3


def test_missing_file(tmp_path):
    with pytest.raises(CsvImportError, match="no such file"):
        read_inquiries_csv(tmp_path / "absent.csv", taxonomy, calendar)


def test_written_csv_reads_back_the_same(tmp_path):
    now = datetime(2023, 12, 31, 12, tzinfo=UTC)
    drafts = [s.draft for s in sample_inquiries(date(2023, 1, 1), date(2023, 3, 31), now,
                                                calendar, taxonomy)]
    buffer = io.StringIO()
    write_inquiries_csv(drafts, buffer, calendar)
    again = read(tmp_path, buffer.getvalue())
    assert len(again) == len(drafts) > 50
    # Representatives and outcomes are not columns of the import format.
    def comparable(draft):
        return (draft.received_at, draft.channel, draft.kind, draft.citizen, draft.subject,
                draft.department, draft.topics, draft.handling, draft.taken_up,
                draft.meetings, draft.first_response_at, draft.closed_at)
    assert [comparable(d) for d in again] == [comparable(d) for d in drafts]


SECRET = "Hemmelig Hansen 010190-1234"
COLUMNS_OF_A_ROW = ["received_at", "kind", "channel", "department", "primary_topic", "topics",
                    "handling", "taken_up", "first_response_at", "closed_at", "meetings",
                    "citizen_phone", "citizen_email"]


@pytest.mark.parametrize("column", COLUMNS_OF_A_ROW)
def test_no_message_echoes_a_value_from_any_column(tmp_path, column):
    """A misaligned row puts a name into any column; the message names row and column."""
    header = ";".join(COLUMNS_OF_A_ROW)
    values = {"received_at": "2023-01-05", "kind": "klage"} | {column: SECRET}
    row = ";".join(values.get(name, "") for name in COLUMNS_OF_A_ROW)
    with pytest.raises(CsvImportError) as failure:
        read(tmp_path, f"{header}\n{row}\n")
    message = str(failure.value)
    assert "Hemmelig" not in message and "0101" not in message and "1234" not in message
    assert f"row 2, column {column}" in message


def test_a_file_without_a_header_row_echoes_none_of_its_first_row(tmp_path):
    with pytest.raises(CsvImportError) as failure:
        read(tmp_path, "2023-01-05;klage;hansen;22334455\n")
    message = str(failure.value)
    assert "hansen" not in message and "22334455" not in message
    assert "row 1, column 3: not a column name" in message


@pytest.mark.parametrize(("cell", "column"), [
    ("1999-12-31", "received_at"), ("31-12-1999 23:00", "received_at"),
    ("0001-01-01", "received_at"), ("2026-11-26", "received_at"),
    ("9999-12-31T10:00+01:00", "received_at"), ("2026-11-27", "closed_at"),
    ("2000-01-01T00:30+05:00", "received_at"),  # 31 December 1999 in the office
    ("2026-11-25T23:59-12:00", "received_at"),  # 26 November in the office
    ("0001-01-01T00:30+05:00", "received_at"), ("9999-12-31T23:59-12:00", "received_at"),
])
def test_dates_before_2000_or_after_tomorrow_are_refused(tmp_path, cell, column):
    now = datetime(2026, 11, 24, 9, tzinfo=UTC)  # tomorrow is 25 November
    received = cell if column == "received_at" else "2026-11-20"
    closed = cell if column == "closed_at" else ""
    path = tmp_path / "in.csv"
    path.write_text(f"received_at;kind;closed_at\n{received};klage;{closed}\n")
    with pytest.raises(CsvImportError) as failure:
        read_inquiries_csv(path, taxonomy, calendar, now=now)
    assert [(p.row, p.column) for p in failure.value.problems] == [(2, column)]
    edges = ("received_at;kind\n2000-01-01;klage\n25-11-2026 16:00;klage\n"
             "1999-12-31T23:30-01:00;klage\n2026-11-26T00:30+05:00;klage\n")
    path.write_text(edges)
    assert len(read_inquiries_csv(path, taxonomy, calendar, now=now)) == 4


@pytest.mark.parametrize("meetings", ["99999999999999999999999", "1001", "²", "٣"])
def test_a_meetings_count_out_of_range_names_its_row_and_column(tmp_path, meetings):
    assert problems(tmp_path, f"received_at;kind;meetings\n2023-01-05;klage;0\n"
                              f"2023-01-06;klage;{meetings}\n") == [(3, "meetings")]
    assert read(tmp_path, "received_at;kind;meetings\n2023-01-05;klage;1000\n")[0].meetings \
        == 1000


def test_a_cell_over_the_field_limit_names_its_row_and_column(tmp_path):
    huge = "x" * (csv.field_size_limit() + 10)
    found = problems(tmp_path, f'received_at;kind;subject;description\n'
                               f'2023-01-05;klage;"two\nlines";ok\n'
                               f'2023-01-05;klage;ok;"{huge}\n')
    assert found == [(3, "description")]
    assert problems(tmp_path, f'"{huge}";kind\n') == [(1, "1")]


def test_a_folder_instead_of_a_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(CsvImportError, match=str(tmp_path)):
        read_inquiries_csv(tmp_path, taxonomy, calendar)
