"""The first-response deadline: 3 working days, Danish holidays, office hours, DST."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from store.calendar import OfficeCalendar

CPH = ZoneInfo("Europe/Copenhagen")
calendar = OfficeCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


def due_local(received: str) -> str:
    return calendar.local(calendar.response_due(at(received))).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(("received", "due"), [
    # An ordinary Monday morning: Thursday at closing time.
    ("2026-11-23 10:00", "2026-11-26 16:00"),
    # Before opening counts as that day.
    ("2026-11-23 07:30", "2026-11-26 16:00"),
    # After closing counts from the next working day.
    ("2026-11-23 16:00", "2026-11-27 16:00"),
    # Friday afternoon after hours and the weekend count from Monday.
    ("2026-11-27 17:00", "2026-12-03 16:00"),
    ("2026-11-28 11:00", "2026-12-03 16:00"),
    # Easter 2026: Maundy Thursday 2/4, Good Friday 3/4, Easter Monday 6/4 are holidays.
    ("2026-04-01 10:00", "2026-04-09 16:00"),
    # Christmas: 25 and 26 December; 24 and 31 December are ordinary working days.
    ("2026-12-23 10:00", "2026-12-29 16:00"),
    ("2025-12-24 10:00", "2025-12-31 16:00"),
    # Store bededag (fourth Friday after Easter) was a holiday up to 2023 only.
    ("2023-05-03 10:00", "2023-05-09 16:00"),
    ("2024-04-24 10:00", "2024-04-29 16:00"),
])
def test_response_due_at_closing_on_the_third_working_day(received, due):
    assert due_local(received) == due


def test_store_bededag_is_a_holiday_in_2023_but_not_2024():
    assert not calendar.is_working_day(date(2023, 5, 5))
    assert calendar.holiday_name(date(2023, 5, 5)) == "Store bededag"
    assert calendar.is_working_day(date(2024, 4, 26))


def test_deadline_across_the_spring_dst_change_keeps_local_closing_time():
    # Received Friday 27 March 2026 (UTC+1); due Wednesday 1 April (UTC+2) at 16:00 local.
    due = calendar.response_due(at("2026-03-27 10:00"))
    assert calendar.local(due).strftime("%Y-%m-%d %H:%M %z") == "2026-04-01 16:00 +0200"
    assert due.utcoffset().total_seconds() == 0
    assert due.hour == 14


def test_deadline_across_the_autumn_dst_change():
    due = calendar.response_due(at("2026-10-23 10:00"))
    assert calendar.local(due).strftime("%Y-%m-%d %H:%M %z") == "2026-10-28 16:00 +0100"
    assert due.hour == 15


def test_receipt_in_utc_just_before_midnight_counts_in_copenhagen():
    # 23:30 UTC on Sunday is already Monday 00:30 in Copenhagen (before opening).
    received = datetime.fromisoformat("2026-11-22T23:30:00+00:00")
    assert calendar.office_day(received) == date(2026, 11, 23)


def test_configurable_number_of_working_days():
    five = OfficeCalendar(response_working_days=5)
    assert five.local(five.response_due(at("2026-11-23 10:00"))).date() == date(2026, 11, 30)


@pytest.mark.parametrize(("start", "end", "days"), [
    ("2026-11-23 10:00", "2026-11-23 15:00", 0),
    ("2026-11-23 10:00", "2026-11-26 15:59", 3),
    ("2026-11-23 10:00", "2026-11-26 16:01", 4),  # after closing on day 3 is day 4
    ("2026-11-27 10:00", "2026-11-30 09:00", 1),  # over a weekend
    ("2026-04-01 10:00", "2026-04-07 10:00", 1),  # over Easter
])
def test_working_days_between(start, end, days):
    assert calendar.working_days_between(at(start), at(end)) == days
