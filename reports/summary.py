"""Computing a summary: the figures of the annual report and monthly statistics.

``compute_summary`` counts; ``summary_document`` turns the counts into the contract of
design.md 3.5, computing every share once, there. Renderers format that document and round
only when they print. An inquiry belongs to the period in which it was received.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

import msgspec

from store import Inquiry, Kind, Store
from store.rules import answered_by, answered_in_time, is_open_at, is_overdue
from store.taxonomy import Channel


class Period(msgspec.Struct, frozen=True):
    """From ``start`` to ``end``, both included, in office-local dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), following - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def previous(self) -> Period:
        """The year before a calendar year, the month before a month, else the same number
        of days just before."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return Period.year(self.start.year - 1)
        if self.start.day == 1 and self == Period.month(self.start.year, self.start.month):
            before = self.start - timedelta(days=1)
            return Period.month(before.year, before.month)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


class DepartmentCount(msgspec.Struct, frozen=True):
    area: str
    unit: str | None
    count: int
    taken_up: int
    previous_count: int


class TopicCount(msgspec.Struct, frozen=True):
    topic: str
    primary: int
    involved: int


class MonthCount(msgspec.Struct, frozen=True):
    month: str  # YYYY-MM
    inquiries: int
    due: int
    within_target: int


class Response(msgspec.Struct, frozen=True):
    target_working_days: int
    answered: int
    due: int  # answered, or unanswered with the deadline passed by the period's end
    within_target: int
    median_working_days: float | None
    open_overdue: int


class Summary(msgspec.Struct, frozen=True):
    """Counts only; shares are derived in ``summary_document``."""

    period: Period
    previous_period: Period
    inquiries: int
    previous_inquiries: int
    by_kind: dict[str, int]
    taken_up: int
    by_department: tuple[DepartmentCount, ...]
    by_topic: tuple[TopicCount, ...]
    by_handling: dict[str, int]
    by_channel: dict[str, int]
    response: Response
    meetings: int
    repeat_citizens: int
    open_at_end: int
    monthly: tuple[MonthCount, ...]


def period_end_moment(store: Store, period: Period) -> datetime:
    """Midnight after the period's last day in office time, or now for a running period."""
    end = datetime.combine(period.end + timedelta(days=1), time(0),
                           tzinfo=store.calendar.timezone)
    return min(end, store.clock())


def compute_summary(store: Store, start: date, end: date) -> Summary:
    """Every figure of the report for inquiries received from ``start`` to ``end``."""
    period = Period(start, end)
    previous = period.previous()
    inquiries = store.inquiries(period.start, period.end)
    earlier = store.inquiries(previous.start, previous.end)
    end_moment = period_end_moment(store, period)
    taxonomy = store.taxonomy
    # One Counter pass per figure: a year may hold 33,000 inquiries.
    kinds = Counter(i.kind for i in inquiries)
    primary = Counter(i.primary_topic for i in inquiries)
    involved = Counter(topic for i in inquiries for topic in i.topics)
    handling = Counter(code for i in inquiries for code in i.handling)
    channels = Counter(i.channel for i in inquiries)
    response, monthly = _response_and_months(store, inquiries, end_moment)
    return Summary(
        period=period, previous_period=previous, inquiries=len(inquiries),
        previous_inquiries=len(earlier),
        by_kind={kind.value: kinds[kind] for kind in Kind},
        taken_up=sum(i.taken_up for i in inquiries),
        by_department=_departments(inquiries, earlier),
        by_topic=tuple(TopicCount(topic, primary[topic], involved[topic])
                       for topic in taxonomy.topics.codes),
        by_handling={code: handling[code] for code in taxonomy.handling.codes},
        by_channel={channel.value: channels[channel] for channel in Channel},
        response=response,
        meetings=sum(i.meetings > 0 for i in inquiries),
        repeat_citizens=sum(bool(i.related_refs) for i in inquiries),
        open_at_end=sum(is_open_at(i, end_moment) for i in inquiries),
        monthly=monthly)


def _departments(inquiries: list[Inquiry], earlier: list[Inquiry]
                 ) -> tuple[DepartmentCount, ...]:
    def key(inquiry: Inquiry) -> tuple[str, str | None] | None:
        department = inquiry.department
        return (department.area, department.unit) if department else None

    counts = Counter(key(i) for i in inquiries if i.department)
    taken_up = Counter(key(i) for i in inquiries if i.department and i.taken_up)
    previous = Counter(key(i) for i in earlier if i.department)
    keys = sorted(set(counts) | set(previous), key=lambda k: (k[0], k[1] or ""))
    return tuple(DepartmentCount(area, unit, counts[(area, unit)], taken_up[(area, unit)],
                                 previous[(area, unit)]) for area, unit in keys)


def _response_and_months(store: Store, inquiries: list[Inquiry], end_moment: datetime
                         ) -> tuple[Response, tuple[MonthCount, ...]]:
    """Response figures for the period and by month, in one pass over the inquiries."""
    calendar = store.calendar
    days: list[int] = []
    due = within = overdue = 0
    months: dict[tuple[int, int], list[int]] = {}  # month -> [inquiries, due, in time]
    for inquiry in inquiries:
        answered = answered_by(inquiry, end_moment)
        is_due = answered or inquiry.response_due <= end_moment
        in_time = answered and answered_in_time(inquiry)
        if answered:
            days.append(calendar.working_days_between(inquiry.received_at,
                                                      inquiry.first_response_at))
        overdue += is_overdue(inquiry, end_moment)  # a late call-back counts too
        due += is_due
        within += in_time
        day = calendar.local_date(inquiry.received_at)
        month = months.setdefault((day.year, day.month), [0, 0, 0])
        month[0] += 1
        month[1] += is_due
        month[2] += in_time
    response = Response(
        target_working_days=calendar.response_working_days, answered=len(days), due=due,
        within_target=within,
        median_working_days=float(statistics.median(days)) if days else None,
        open_overdue=overdue)
    return response, tuple(MonthCount(f"{year:04d}-{month:02d}", *counts)
                           for (year, month), counts in sorted(months.items()))


def share(part: int, whole: int) -> float | None:
    """The one place a share is computed; None when there is nothing to share."""
    return part / whole if whole else None


def summary_document(summary: Summary) -> dict[str, Any]:
    """The summary as design.md 3.5 describes it (plus ``by_area``, ``monthly`` and the counts
    behind two shares: ``response.due`` and ``repeat_citizens``)."""
    total, response = summary.inquiries, summary.response
    areas: dict[str, list[DepartmentCount]] = {}
    for row in summary.by_department:
        areas.setdefault(row.area, []).append(row)
    area_totals = {area: sum(r.count for r in rows) for area, rows in areas.items()}
    previous_total = summary.previous_inquiries
    return {
        "period": _period(summary.period),
        "inquiries": total,
        "previous": {"period": _period(summary.previous_period),
                     "inquiries": previous_total},
        "change_share": (share(total - previous_total, previous_total)),
        "by_kind": summary.by_kind,
        "taken_up": {"count": summary.taken_up, "share": share(summary.taken_up, total)},
        "by_department": [{
            "area": row.area, "unit": row.unit, "count": row.count,
            "share": share(row.count, total),
            "share_in_area": share(row.count, area_totals[row.area]),
            "taken_up": row.taken_up,
            "previous_share": share(row.previous_count, previous_total),
        } for row in summary.by_department],
        "by_area": [{
            "area": area, "count": area_totals[area], "share": share(area_totals[area], total),
            "taken_up": sum(r.taken_up for r in rows),
            "previous_share": share(sum(r.previous_count for r in rows), previous_total),
        } for area, rows in areas.items()],
        "by_topic": [{"topic": row.topic, "primary": row.primary, "involved": row.involved}
                     for row in summary.by_topic],
        "by_handling": summary.by_handling,
        "by_channel": summary.by_channel,
        "response": {
            "target_working_days": response.target_working_days,
            "answered": response.answered,
            "due": response.due,
            "within_target": response.within_target,
            "share_within_target": share(response.within_target, response.due),
            "median_working_days": response.median_working_days,
            "open_overdue": response.open_overdue,
        },
        "meetings": summary.meetings,
        "repeat_citizens": summary.repeat_citizens,
        "repeat_citizen_share": share(summary.repeat_citizens, total),
        "open_at_end": summary.open_at_end,
        "monthly": [{"month": m.month, "inquiries": m.inquiries,
                     "share_within_target": share(m.within_target, m.due)}
                    for m in summary.monthly],
    }


def _period(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}
