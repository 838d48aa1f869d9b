"""Working days and the first-response deadline (the office's "svar inden 3 arbejdsdage").

An inquiry is answered within target when its first response comes no later than the end of
office hours on the Nth working day after receipt. The day of receipt is day 0; a receipt on a
weekend, a public holiday or after closing time counts as received on the next working day.
Danish public holidays come from the ``holidays`` package in Danish (design.md section 6),
through a table that keeps them in a file between runs (``store.holiday_table``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from store.holiday_table import HolidayTable
from store.i18n import N_, _

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


@cache
def _public_holidays(country: str, folder: Path | None) -> HolidayTable:
    return HolidayTable(country, folder)


@lru_cache(maxsize=8192)  # a summary asks about the same few hundred days again and again
def _is_working_day(country: str, folder: Path | None, day: date) -> bool:
    return day.weekday() < 5 and _public_holidays(country, folder).get(day) is None


@dataclass(frozen=True)
class OfficeCalendar:
    """The office's timezone, opening hours, public holidays and response promise."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Copenhagen"))
    opens: time = time(9, 0)
    closes: time = time(16, 0)
    response_working_days: int = 3
    holiday_country: str = "DK"
    holiday_cache: Path | None = None  # a folder to keep the holidays in between runs

    def is_working_day(self, day: date) -> bool:
        return _is_working_day(self.holiday_country, self.holiday_cache, day)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on ``day``; NotImplementedError for an unknown country."""
        return _public_holidays(self.holiday_country, self.holiday_cache).get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        for _step in range(count):
            day = self.next_working_day(day)
        return day

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)

    def local_date(self, moment: datetime) -> date:
        return self.local(moment).date()

    def short_text(self, moment: datetime, with_time: bool = False) -> str:
        """"tor 26/11" (or "tor 26/11 14:30"): how a deadline is shown to people."""
        local = self.local(moment)
        text = f"{_(WEEKDAYS[local.weekday()])} {local.day}/{local.month}"
        return f"{text} {local:%H:%M}" if with_time else text

    def is_office_time(self, moment: datetime) -> bool:
        """Inside opening hours on a working day."""
        local = self.local(moment)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def office_day(self, moment: datetime) -> date:
        """The working day a moment counts as: itself, or the next one if closed then."""
        local = self.local(moment)
        day = local.date()
        if not self.is_working_day(day) or local.time() >= self.closes:
            return self.next_working_day(day)
        return day

    def closing_time(self, day: date) -> datetime:
        """End of office hours on ``day``, in UTC (right across daylight-saving changes)."""
        return datetime.combine(day, self.closes, tzinfo=self.timezone).astimezone(UTC)

    def response_due(self, received_at: datetime) -> datetime:
        """When the first response is due: closing time on the Nth working day."""
        start = self.office_day(received_at)
        return self.closing_time(self.add_working_days(start, self.response_working_days))

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days from the office day of ``start`` to that of ``end`` (0 = same day)."""
        first, last = self.office_day(start), self.office_day(end)
        count = 0
        while first < last:
            first = self.next_working_day(first)
            count += 1
        return count
