"""Showing citizens' text literally: markup in it (``[red]``, ``[link=...]``) stays text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from store import Inquiry, JournalEntry, OfficeCalendar
from store.i18n import _
from store.taxonomy import Delivery, Direction, label


def literal(value: object, style: str = "") -> Text:
    """A Text that Rich and Textual never parse for markup."""
    return Text(str(value) if value is not None else "", style=style)


def citizen_name(inquiry: Inquiry) -> Text:
    if inquiry.citizen is None:
        return Text(_("anonymous"), style="italic")
    return literal(inquiry.citizen.name or inquiry.citizen.phone or inquiry.citizen.email)


def when(calendar: OfficeCalendar, moment: datetime | None, with_time: bool = True) -> str:
    return calendar.short_text(moment, with_time) if moment else "–"


DELIVERY_STYLES = {Delivery.PENDING: "yellow", Delivery.SENDING: "yellow",
                   Delivery.SENT: "green", Delivery.FAILED: "bold red"}


def journal_kind(entry: JournalEntry) -> Text:
    """The entry's kind, with an arrow for a message from (←) or to (→) the citizen."""
    arrow = {Direction.IN: " ←", Direction.OUT: " →"}.get(entry.direction, "")
    return literal(label(entry.kind) + arrow)


def journal_text(entry: JournalEntry) -> Text:
    """The entry's text (literally); an answer's delivery state first, e.g. "[sent]"."""
    if entry.delivery is None:
        return literal(entry.text)
    return Text.assemble((f"[{label(entry.delivery)}] ", DELIVERY_STYLES[entry.delivery]),
                         entry.text)


def unread_mark(citizen: Text, unread: bool) -> Text:
    """The citizen's name, marked ✉ while their messages in the inquiry are unread."""
    return Text.assemble(("✉ ", "bold"), citizen) if unread else citizen
