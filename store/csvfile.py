"""Inquiries as CSV (design.md 3.4): reading for ``borgerdesk import``, writing for examples.

Reading checks every row before anything is stored, and reports every problem with its file,
row and column (row 1 is the header, as in a spreadsheet). No message ever repeats a cell's
value, from any column: a row shifted by a missing separator puts names and CPR numbers
into columns such as ``kind``, and an unknown header cell may be data (a file without a
header row), so header cells are named by their position.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from store.calendar import OfficeCalendar
from store.contacts import is_email, is_phone
from store.errors import BorgerdeskError, ValidationError
from store.i18n import N_, _, ngettext
from store.model import (
    Citizen,
    Department,
    Inquiry,
    InquiryDraft,
    from_document,
    to_document,
    utcnow,
)
from store.taxonomy import ENUM_LABELS, Channel, Kind, Taxonomy, Vocabulary

COLUMNS = (
    "received_at", "channel", "kind", "department", "primary_topic", "topics", "handling",
    "taken_up", "first_response_at", "closed_at", "meetings", "citizen_name", "citizen_phone",
    "citizen_email", "subject", "description",
)
REQUIRED = ("received_at", "kind")
TRUE, FALSE = {"ja", "j", "true", "1", "yes", "y"}, {"nej", "n", "false", "0", "no", ""}
DANISH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DATE = date(2000, 1, 1)  # older records are not what this office imports
MAX_MEETINGS = 1000  # far more than one matter ever has; a file holds no integer above 2**64
CHANNELS = Vocabulary(N_("channel"), {channel.value: ENUM_LABELS[channel] for channel in Channel})
KINDS = Vocabulary(N_("kind"), {kind.value: ENUM_LABELS[kind] for kind in Kind})


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


class CsvImportError(BorgerdeskError):
    """The file was not imported; every problem names its row and column."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, most: int = 20) -> str:
        lines = [_("{file}: row {row}, column {column}: {message}").format(
            file=self.file, row=p.row, column=p.column or "-", message=p.message)
            for p in self.problems[:most]]
        hidden = len(self.problems) - most
        if hidden > 0:
            lines.append(ngettext("... and {count} more problem", "... and {count} more problems",
                                  hidden).format(count=hidden))
        return "\n".join(lines)


class _RowReader:
    """Turns one CSV row into an InquiryDraft, collecting problems instead of stopping."""

    def __init__(self, taxonomy: Taxonomy, calendar: OfficeCalendar, now: datetime) -> None:
        self.taxonomy = taxonomy
        self.calendar = calendar
        self.last_date = calendar.local_date(now) + timedelta(days=1)  # tomorrow

    def read(self, number: int, row: dict[str, str], problems: list[Problem]):
        values: dict[str, object] = {}
        known_problems = len(problems)
        for column in COLUMNS:
            text = (row.get(column) or "").strip()
            if not text:
                if column in REQUIRED:
                    problems.append(Problem(number, column, _("a value is required")))
                continue
            try:
                values[column] = self.parse(column, text)
            except ValidationError as error:
                problems.append(Problem(number, column, str(error)))
        citizen = {key: values.pop(f"citizen_{key}") for key in ("name", "phone", "email")
                   if f"citizen_{key}" in values}
        if citizen:
            values["citizen"] = Citizen(**citizen)
        if len(problems) > known_problems:
            return None
        try:
            return from_document(to_document(values), InquiryDraft)
        except ValidationError as error:  # msgspec may quote a value: keep only its field
            field = re.search(r"`\$\.(\w+)`", str(error))
            message = str(error) if field is None else _("invalid value in {field}").format(
                field=field.group(1))
            problems.append(Problem(number, "", message))
            return None

    def parse(self, column: str, text: str) -> object:
        if column == "received_at":
            return self.moment(text, self.calendar.opens)
        if column in ("first_response_at", "closed_at"):
            return self.moment(text, self.calendar.closes)
        if column == "channel":
            return _code(CHANNELS, text)
        if column == "kind":
            return _code(KINDS, text)
        if column == "department":
            try:
                area, unit = self.taxonomy.resolve_department(text)
            except ValidationError:  # its message names the value
                raise ValidationError(_("not a known value")) from None
            return Department(area=area, unit=unit)
        if column == "primary_topic":
            return _code(self.taxonomy.topics, text)
        if column == "topics":
            return [_code(self.taxonomy.topics, part) for part in text.split("|") if part]
        if column == "handling":
            return [_code(self.taxonomy.handling, part) for part in text.split("|") if part]
        if column == "taken_up":
            return _yes_no(text)
        if column == "meetings":
            if not (text.isascii() and text.isdigit()) or int(text) > MAX_MEETINGS:
                raise ValidationError(_("expected a whole number of meetings from 0 to {most}")
                                      .format(most=MAX_MEETINGS))
            return int(text)
        if column == "citizen_phone" and not is_phone(text):
            raise ValidationError(_("not a phone number"))
        if column == "citizen_email" and not is_email(text):
            raise ValidationError(_("not an e-mail address"))
        return text

    def moment(self, text: str, default_time: time) -> datetime:
        """ISO 8601 or DD-MM-YYYY[ HH:MM]; a time without zone is office-local time."""
        danish = DANISH_DATE.match(text)
        try:
            if danish:
                day, month, year, hour, minute = danish.groups()
                moment = datetime(int(year), int(month), int(day),
                                  int(hour or default_time.hour),
                                  int(minute or default_time.minute))
            elif ISO_DATE.match(text):
                moment = datetime.combine(date.fromisoformat(text), default_time)
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                _("expected a date such as 2026-03-31, 2026-03-31T14:05 or 31-03-2026 14:05")
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.calendar.timezone)
        try:  # the office's date, not the one in the offset written: that is what is filed
            local_date = self.calendar.local_date(moment)
        except OverflowError:  # year 1 or 9999 moved across midnight
            local_date = date.min if moment.year < FIRST_DATE.year else date.max
        if local_date < FIRST_DATE:
            raise ValidationError(_("a date before {first} is not accepted").format(
                first=FIRST_DATE.isoformat()))
        if local_date > self.last_date:
            raise ValidationError(_("a date after tomorrow ({last}) is not accepted").format(
                last=self.last_date.isoformat()))
        return moment


def _code(vocabulary: Vocabulary, text: str) -> str:
    """The code for a code or label; the error lists the codes, never the value given."""
    try:
        return vocabulary.resolve(text)
    except ValidationError:
        raise ValidationError(_("not a known value; expected one of: {codes}").format(
            codes=", ".join(vocabulary.codes))) from None


def _yes_no(text: str) -> bool:
    folded = text.casefold()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise ValidationError(_("expected ja/nej, true/false or 1/0"))


def read_inquiries_csv(path: Path, taxonomy: Taxonomy, calendar: OfficeCalendar,
                       progress: Callable[[int, int], None] | None = None, *,
                       now: datetime | None = None) -> list[InquiryDraft]:
    """Every row of the file as a draft, or CsvImportError listing every problem.

    ``progress`` is called with (rows read, rows in all); ``now`` is the store's clock
    (no date after tomorrow is accepted)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CsvImportError(path, [Problem(0, "", _("no such file"))]) from None
    except UnicodeDecodeError as error:
        line = text_line_of(path.read_bytes(), error.start)
        raise CsvImportError(path, [Problem(line, "", _("not UTF-8 text"))]) from None
    except OSError as error:  # a folder, unreadable, ...
        raise CsvImportError(path, [Problem(0, "", error.strerror or _("cannot be read"))]
                             ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = _rows(path, text, delimiter)
    if not rows:
        raise CsvImportError(path, [Problem(1, "", _("the file is empty"))])
    header = [name.strip().lower() for name in rows[0]]
    problems = _header_problems(header)
    if problems:
        raise CsvImportError(path, problems)
    drafts = []
    row_reader = _RowReader(taxonomy, calendar, now or utcnow())
    total = len(rows) - 1
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(Problem(number, "", _("more values than columns")))
            continue
        draft = row_reader.read(number, dict(zip(header, cells, strict=False)), problems)
        if draft is not None:
            drafts.append(draft)
        if progress is not None:
            progress(number - 1, total)
    if problems:
        raise CsvImportError(path, problems)
    return drafts


def _rows(path: Path, text: str, delimiter: str) -> list[list[str]]:
    """Every row; a cell longer than the csv module allows (a missing closing quote, or a
    file that is not a CSV) is reported by its row and column."""
    lines = io.StringIO(text, newline="")  # as csv wants: line ends stay in quoted cells
    consumed: list[str] = []
    rows: list[list[str]] = []
    first_line = 0

    def fed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    try:
        for cells in csv.reader(fed(), delimiter=delimiter):
            rows.append(cells)
            first_line = len(consumed)
    except csv.Error:
        record = "".join(consumed[first_line:]) + lines.read()
        position = _long_cell(record, delimiter)
        header = [name.strip().lower() for name in rows[0]] if rows else []
        known = position <= len(header) and header[position - 1] in COLUMNS
        raise CsvImportError(path, [Problem(
            len(rows) + 1, header[position - 1] if known else str(position),
            _("a value is longer than {limit} characters (is a closing quote missing?)"
              ).format(limit=csv.field_size_limit()))]) from None
    return rows


def _long_cell(record: str, delimiter: str) -> int:
    """The position (from 1) of the first cell of ``record`` over the csv field limit."""
    limit, column, length, quoted = csv.field_size_limit(), 1, 0, False
    for character in record:
        if character == '"':
            quoted = not quoted
        elif character == delimiter and not quoted:
            column, length = column + 1, 0
        else:
            length += 1
            if length > limit:
                break
    return column


def _header_problems(header: list[str]) -> list[Problem]:
    """Unknown header cells are named by position: they may be data (no header row)."""
    problems = [Problem(1, str(position), _("not a column name; the columns are: {columns}")
                        .format(columns=", ".join(COLUMNS)))
                for position, name in enumerate(header, start=1) if name not in COLUMNS]
    problems += [Problem(1, name, _("column appears twice")) for name in COLUMNS
                 if header.count(name) > 1]
    problems += [Problem(1, name, _("required column is missing")) for name in REQUIRED
                 if name not in header]
    return problems


def text_line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def write_inquiries_csv(inquiries: Iterable[Inquiry | InquiryDraft], target: io.TextIOBase,
                        calendar: OfficeCalendar) -> None:
    """Write inquiries in the import format (codes, office-local ISO times)."""
    writer = csv.writer(target, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)

    def moment(value: datetime | None) -> str:
        return calendar.local(value).isoformat(timespec="minutes") if value else ""

    for inquiry in inquiries:
        citizen = inquiry.citizen or Citizen()
        writer.writerow([
            moment(inquiry.received_at), inquiry.channel, inquiry.kind,
            str(inquiry.department or ""), inquiry.primary_topic or "",
            "|".join(inquiry.topics), "|".join(inquiry.handling),
            "ja" if inquiry.taken_up else "nej", moment(inquiry.first_response_at),
            moment(inquiry.closed_at), inquiry.meetings, citizen.name, citizen.phone,
            citizen.email, inquiry.subject, inquiry.description,
        ])
