"""Finding inquiries: incremental text search and the list's filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from store.calendar import OfficeCalendar
from store.contacts import phone_digits, search_digits
from store.model import Inquiry
from store.rules import is_overdue
from store.taxonomy import Channel, Kind, Status


@dataclass(frozen=True)
class Filters:
    """Every field narrows the result; None means "any"."""

    status: frozenset[Status] | None = None
    kind: Kind | None = None
    area: str | None = None
    channel: Channel | None = None
    overdue: bool | None = None
    taken_up: bool | None = None
    start: date | None = None  # received on or after, office-local date
    end: date | None = None  # received on or before


NO_FILTERS = Filters()


def search_words(query: str) -> list[str]:
    """The words every match must contain; a phone number (or part of one), however
    spaced, is one word of its digits."""
    digits = search_digits(query)
    return [digits] if digits else query.casefold().split()


def searchable_text(inquiry: Inquiry) -> str:
    """What incremental search looks in: reference, citizen (with the phone number's digits
    alone), subject and description."""
    parts = [inquiry.ref, inquiry.subject, inquiry.description]
    if inquiry.citizen is not None:
        citizen = inquiry.citizen
        parts += [citizen.name, citizen.phone, phone_digits(citizen.phone), citizen.email,
                  citizen.chat_id]
    if inquiry.on_behalf_of is not None:
        parts.append(inquiry.on_behalf_of.name)
    return "\n".join(parts).casefold()


def matches(inquiry: Inquiry, words: list[str], filters: Filters, now: datetime,
            calendar: OfficeCalendar, text: str | None = None) -> bool:
    """``text``: the inquiry's ``searchable_text``, if the caller keeps it between searches."""
    if filters.status is not None and inquiry.status not in filters.status:
        return False
    if filters.kind is not None and inquiry.kind is not filters.kind:
        return False
    if filters.channel is not None and inquiry.channel is not filters.channel:
        return False
    if filters.area is not None and (
            inquiry.department is None or inquiry.department.area != filters.area):
        return False
    if filters.taken_up is not None and inquiry.taken_up != filters.taken_up:
        return False
    if filters.overdue is not None and is_overdue(inquiry, now) != filters.overdue:
        return False
    if filters.start is not None or filters.end is not None:
        received = calendar.local_date(inquiry.received_at)
        if filters.start is not None and received < filters.start:
            return False
        if filters.end is not None and received > filters.end:
            return False
    if words:
        return contains(searchable_text(inquiry) if text is None else text, words)
    return True


def contains(text: str, words: list[str]) -> bool:
    return all(word in text for word in words)


class SearchIndex:
    """Inquiries with their searchable text, made once per inquiry as it is, so that a
    keystroke in the TUI's list only compares strings. An index made from the previous one
    takes over the texts of every inquiry that has not changed since: the same object, or
    one equal to it field by field. Not its version alone: a year file restored from a
    backup, or erased, can hold another inquiry under the same reference and version."""

    def __init__(self, inquiries: Sequence[Inquiry], previous: SearchIndex | None = None) -> None:
        self.inquiries = inquiries
        known = previous.texts if previous is not None else {}
        self.texts: dict[str, tuple[Inquiry, str]] = {}
        self.entries: list[tuple[Inquiry, str]] = []
        for inquiry in inquiries:
            before = known.get(inquiry.ref)
            if before is not None and (before[0] is inquiry or before[0] == inquiry):
                text = before[1]
            else:
                text = searchable_text(inquiry)
            self.texts[inquiry.ref] = (inquiry, text)
            self.entries.append((inquiry, text))

    def find(self, words: list[str], filters: Filters, now: datetime,
             calendar: OfficeCalendar) -> list[Inquiry]:
        """The inquiries that ``matches``, in the order given; text alone is quickest."""
        if filters == NO_FILTERS:
            entries = self.entries
            for word in words:  # every word: narrowed by one word at a time
                entries = [entry for entry in entries if word in entry[1]]
            return [inquiry for inquiry, _text in entries]
        return [inquiry for inquiry, text in self.entries
                if matches(inquiry, words, filters, now, calendar, text)]
