"""What is due: first responses and call-backs, overdue, today and in the next working days.

The dashboard, the morning digest and ``borgerdesk demo`` all show this same list.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from store.calendar import OfficeCalendar
from store.model import Inquiry
from store.rules import outstanding


class DueKind(enum.StrEnum):
    FIRST_RESPONSE = "first_response"
    CALLBACK = "callback"


class Urgency(enum.IntEnum):
    OVERDUE = 0
    TODAY = 1
    SOON = 2


@dataclass(frozen=True)
class DueItem:
    """One thing the advisor has promised and not yet done."""

    ref: str
    kind: DueKind
    due_at: datetime
    urgency: Urgency
    subject: str
    callback_id: int | None = None


REMINDER_CATCH_UP = timedelta(minutes=2)


def callbacks_to_remind(inquiries: Iterable[Inquiry], now: datetime,
                        calendar: OfficeCalendar, lead: timedelta) -> list[DueItem]:
    """Timed call-backs due within ``lead`` from now, asked for in office hours only: what the
    advisor should be reminded of right now (the scheduler and the TUI both ask this).

    One that fell due in the last ``REMINDER_CATCH_UP`` is still included: a call-back at
    opening time can only be reminded once the office has opened, a moment after it is due
    (callers remember what they reminded, so it comes once)."""
    if not calendar.is_office_time(now):
        return []
    return [DueItem(inquiry.ref, DueKind.CALLBACK, callback.due_at, Urgency.TODAY,
                    inquiry.subject, callback.id)
            for inquiry in inquiries if not inquiry.status.is_finished
            for callback in inquiry.open_callbacks()
            if callback.timed and now - REMINDER_CATCH_UP <= callback.due_at <= now + lead]


def agenda(inquiries: Iterable[Inquiry], now: datetime, calendar: OfficeCalendar,
           working_days_ahead: int = 2) -> list[DueItem]:
    """Everything due up to the end of the given number of working days, most urgent first."""
    today = calendar.local_date(now)
    horizon = calendar.closing_time(calendar.add_working_days(today, working_days_ahead))
    items = []
    for inquiry in inquiries:
        for kind, due_at, callback_id in outstanding(inquiry, now):
            if due_at > horizon:
                continue
            if due_at < now:
                urgency = Urgency.OVERDUE
            elif calendar.local_date(due_at) == today:
                urgency = Urgency.TODAY
            else:
                urgency = Urgency.SOON
            items.append(DueItem(inquiry.ref, DueKind(kind), due_at, urgency,
                                 inquiry.subject, callback_id))
    return sorted(items, key=lambda item: (item.urgency, item.due_at, item.ref))
