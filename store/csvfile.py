"""Inquiries as CSV (design.md 3.4): reading for ``borgerdesk import``, writing for examples.

Reading checks every row before anything is stored, and reports every problem with its file,
row and column (row 1 is the header, as in a spreadsheet). Values of personal columns are
never repeated in a message.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from store.calendar import OfficeCalendar
from store.errors import BorgerdeskError, ValidationError
from store.i18n import N_, _, ngettext
from store.model import Citizen, Department, Inquiry, InquiryDraft, from_document, to_document
from store.taxonomy import ENUM_LABELS, Channel, Kind, Taxonomy, Vocabulary

COLUMNS = (
    "received_at", "channel", "kind", "department", "primary_topic", "topics", "handling",
    "taken_up", "first_response_at", "closed_at", "meetings", "citizen_name", "citizen_phone",
    "citizen_email", "subject", "description",
)
REQUIRED = ("received_at", "kind")
PERSONAL_COLUMNS = frozenset({"citizen_name", "citizen_phone", "citizen_email", "subject",
                              "description"})
TRUE, FALSE = {"ja", "j", "true", "1", "yes", "y"}, {"nej", "n", "false", "0", "no", ""}
DANISH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE = re.compile(r"^\+?[\d\s()-]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
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

    def __init__(self, taxonomy: Taxonomy, calendar: OfficeCalendar) -> None:
        self.taxonomy = taxonomy
        self.calendar = calendar

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
                quiet = column in PERSONAL_COLUMNS or text in str(error)
                shown = "" if quiet else f" ({text})"
                problems.append(Problem(number, column, f"{error}{shown}"))
        citizen = {key: values.pop(f"citizen_{key}") for key in ("name", "phone", "email")
                   if f"citizen_{key}" in values}
        if citizen:
            values["citizen"] = Citizen(**citizen)
        if len(problems) > known_problems:
            return None
        try:
            return from_document(to_document(values), InquiryDraft)
        except ValidationError as error:
            problems.append(Problem(number, "", str(error)))
            return None

    def parse(self, column: str, text: str) -> object:
        if column == "received_at":
            return self.moment(text, self.calendar.opens)
        if column in ("first_response_at", "closed_at"):
            return self.moment(text, self.calendar.closes)
        if column == "channel":
            return CHANNELS.resolve(text)
        if column == "kind":
            return KINDS.resolve(text)
        if column == "department":
            area, unit = self.taxonomy.resolve_department(text)
            return Department(area=area, unit=unit)
        if column == "primary_topic":
            return self.taxonomy.topics.resolve(text)
        if column == "topics":
            return [self.taxonomy.topics.resolve(part) for part in text.split("|") if part]
        if column == "handling":
            return [self.taxonomy.handling.resolve(part) for part in text.split("|") if part]
        if column == "taken_up":
            return _yes_no(text)
        if column == "meetings":
            if not text.isdigit():
                raise ValidationError(_("expected a whole number of meetings"))
            return int(text)
        if column == "citizen_phone" and (
                not PHONE.match(text) or len(re.sub(r"\D", "", text)) < 8):
            raise ValidationError(_("not a phone number"))
        if column == "citizen_email" and not EMAIL.match(text):
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
        return moment


def _yes_no(text: str) -> bool:
    folded = text.casefold()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise ValidationError(_("expected ja/nej, true/false or 1/0"))


def read_inquiries_csv(path: Path, taxonomy: Taxonomy, calendar: OfficeCalendar,
                       progress: Callable[[int, int], None] | None = None,
                       ) -> list[InquiryDraft]:
    """Every row of the file as a draft, or CsvImportError listing every problem.

    ``progress`` is called with (rows read, rows in all)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CsvImportError(path, [Problem(0, "", _("no such file"))]) from None
    except UnicodeDecodeError as error:
        line = text_line_of(path.read_bytes(), error.start)
        raise CsvImportError(path, [Problem(line, "", _("not UTF-8 text"))]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise CsvImportError(path, [Problem(1, "", _("the file is empty"))])
    header = [name.strip().lower() for name in rows[0]]
    problems = _header_problems(header)
    if problems:
        raise CsvImportError(path, problems)
    drafts = []
    row_reader = _RowReader(taxonomy, calendar)
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


def _header_problems(header: list[str]) -> list[Problem]:
    problems = [Problem(1, name or "?", _("unknown column")) for name in header
                if name not in COLUMNS]
    problems += [Problem(1, name, _("column appears twice")) for name in set(header)
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
