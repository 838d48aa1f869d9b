"""Showing citizens' text literally: markup in it (``[red]``, ``[link=...]``) stays text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from store import Inquiry, OfficeCalendar
from store.i18n import _


def literal(value: object, style: str = "") -> Text:
    """A Text that Rich and Textual never parse for markup."""
    return Text(str(value) if value is not None else "", style=style)


def citizen_name(inquiry: Inquiry) -> Text:
    if inquiry.citizen is None:
        return Text(_("anonymous"), style="italic")
    return literal(inquiry.citizen.name or inquiry.citizen.phone or inquiry.citizen.email)


def when(calendar: OfficeCalendar, moment: datetime | None, with_time: bool = True) -> str:
    return calendar.short_text(moment, with_time) if moment else "–"
