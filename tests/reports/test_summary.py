"""Every figure of a summary, on small fixtures computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reports import Period, compute_summary, summary_document
from store import Channel, Citizen, Department, InquiryDraft, Kind, Store

CPH = ZoneInfo("Europe/Copenhagen")
SOCIAL = "Social- og Sundhedsforvaltningen"
JOBS, PSYCH = "Beskæftigelses- og Socialafdelingen", "Psykiatri- og Handicapafdelingen"
CITY = "By- og Miljøforvaltningen"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


@pytest.fixture
def march(store: Store, clock) -> Store:
    """Five inquiries in March 2026, two in February; the clock is 1 May 2026."""
    clock.now = datetime(2026, 5, 1, 10, tzinfo=UTC)
    ane = Citizen(name="Ane", phone="20304050")
    store.import_inquiries([
        # February (the previous month): one for JOBS, one for CITY.
        InquiryDraft(received_at=local("2026-02-10 10:00"), citizen=ane,
                     department=Department(area=SOCIAL, unit=JOBS)),
        InquiryDraft(received_at=local("2026-02-27 10:00"),
                     department=Department(area=CITY)),
        # March 2 (Mon): answered Thu 5 at 15:00 -> in time, 3 working days; closed in March.
        InquiryDraft(received_at=local("2026-03-02 10:00"), kind=Kind.COMPLAINT, citizen=ane,
                     department=Department(area=SOCIAL, unit=JOBS), taken_up=True,
                     primary_topic="guidance", topics=("hearing",),
                     handling=("complaint_help", "meeting"), meetings=2,
                     first_response_at=local("2026-03-05 15:00"),
                     closed_at=local("2026-03-20 12:00")),
        # March 3 (Tue): answered Mon 9 -> 4 working days, late; still open at the end.
        InquiryDraft(received_at=local("2026-03-03 11:00"), channel=Channel.EMAIL,
                     department=Department(area=SOCIAL, unit=PSYCH),
                     primary_topic="processing_time", topics=("guidance",),
                     handling=("advice",), first_response_at=local("2026-03-09 10:00")),
        # March 30 (Mon): never answered, due Thu 2 April -> overdue only after the period.
        InquiryDraft(received_at=local("2026-03-30 09:30"), channel=Channel.CHAT,
                     department=Department(area=SOCIAL, unit=JOBS), taken_up=True),
        # March 10: answered the same day; anonymous; closed (rejected) in April.
        InquiryDraft(received_at=local("2026-03-10 09:00"), channel=Channel.LETTER,
                     first_response_at=local("2026-03-10 14:00"),
                     closed_at=local("2026-04-02 10:00")),
        # March 16: never answered, due Thu 19 March -> overdue at the end of March.
        InquiryDraft(received_at=local("2026-03-16 10:00"), kind=Kind.COMPLAINT,
                     citizen=Citizen(name="Bo", email="bo@example.dk")),
    ])
    return store


def test_every_figure_of_a_month(march: Store):
    document = summary_document(compute_summary(march, date(2026, 3, 1), date(2026, 3, 31)))
    assert document["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert document["previous"] == {"period": {"start": "2026-02-01", "end": "2026-02-28"},
                                    "inquiries": 2}
    assert document["inquiries"] == 5
    assert document["change_share"] == pytest.approx(1.5)  # 5 against 2
    assert document["by_kind"] == {"complaint": 2, "other": 3}
    assert document["taken_up"] == {"count": 2, "share": pytest.approx(0.4)}
    departments = {(row["area"], row["unit"]): row for row in document["by_department"]}
    jobs = departments[(SOCIAL, JOBS)]
    assert (jobs["count"], jobs["taken_up"]) == (2, 2)
    assert jobs["share"] == pytest.approx(2 / 5)
    assert jobs["share_in_area"] == pytest.approx(2 / 3)
    assert jobs["previous_share"] == pytest.approx(1 / 2)
    city = departments[(CITY, None)]
    assert (city["count"], city["share"], city["previous_share"]) == (0, 0.0, 0.5)
    areas = {row["area"]: row for row in document["by_area"]}
    assert areas[SOCIAL]["count"] == 3
    assert areas[SOCIAL]["previous_share"] == pytest.approx(0.5)
    topics = {row["topic"]: (row["primary"], row["involved"]) for row in document["by_topic"]}
    assert topics["guidance"] == (1, 2)
    assert topics["processing_time"] == (1, 1)
    assert topics["hearing"] == (0, 1)
    assert document["by_handling"]["complaint_help"] == 1
    assert document["by_handling"]["meeting"] == 1
    assert document["by_channel"] == {"phone": 2, "email": 1, "chat": 1, "walk_in": 0,
                                      "letter": 1, "own_initiative": 0}
    assert document["meetings"] == 1
    response = document["response"]
    assert response["answered"] == 3
    assert response["due"] == 4  # the 30 March one is not due until April
    assert response["within_target"] == 2
    assert response["share_within_target"] == pytest.approx(0.5)
    assert response["median_working_days"] == 3.0  # days 3, 4, 0
    assert response["open_overdue"] == 1  # 16 March
    assert document["open_at_end"] == 4  # all but the one closed on 20 March
    assert document["repeat_citizen_share"] == pytest.approx(1 / 5)  # Ane came back
    assert document["monthly"] == [{"month": "2026-03", "inquiries": 5,
                                    "share_within_target": 0.5}]


def test_an_empty_period_has_no_shares(march: Store):
    document = summary_document(compute_summary(march, date(2025, 6, 1), date(2025, 6, 30)))
    assert document["inquiries"] == 0
    assert document["taken_up"] == {"count": 0, "share": None}
    assert document["change_share"] is None
    assert document["response"]["median_working_days"] is None
    assert document["monthly"] == []
    assert all(row["primary"] == row["involved"] == 0 for row in document["by_topic"])


def test_an_inquiry_belongs_to_the_period_it_was_received_in(march: Store):
    # Received 30 March, answered or not: it is March's, never April's.
    april = summary_document(compute_summary(march, date(2026, 4, 1), date(2026, 4, 30)))
    assert april["inquiries"] == 0
    # Received 23:30 UTC on 31 March = 01:30 on 1 April in Copenhagen: April's.
    march.create_inquiry(InquiryDraft(received_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)))
    april = summary_document(compute_summary(march, date(2026, 4, 1), date(2026, 4, 30)))
    assert april["inquiries"] == 1


def test_a_running_period_is_measured_now(store: Store, clock):
    clock.now = local("2026-03-18 12:00").astimezone(UTC)
    store.create_inquiry(InquiryDraft(received_at=local("2026-03-16 10:00")))
    document = summary_document(compute_summary(store, date(2026, 3, 1), date(2026, 3, 31)))
    assert document["response"]["due"] == 0  # due 19 March; it is the 18th
    assert document["response"]["open_overdue"] == 0
    clock.now += timedelta(days=2)
    document = summary_document(compute_summary(store, date(2026, 3, 1), date(2026, 3, 31)))
    assert document["response"]["open_overdue"] == 1


def test_rejected_inquiries_count_and_their_rejection_is_the_answer(store: Store, clock):
    clock.now = local("2026-03-03 10:00").astimezone(UTC)
    inquiry = store.create_inquiry(InquiryDraft(received_at=local("2026-03-02 10:00")))
    store.reject(inquiry.ref, inquiry.version, "outside competence")
    document = summary_document(compute_summary(store, date(2026, 3, 1), date(2026, 3, 31)))
    assert document["inquiries"] == 1
    assert document["response"]["within_target"] == 1
    assert document["open_at_end"] == 0


@pytest.mark.parametrize(("period", "previous"), [
    (Period.year(2024), Period.year(2023)),
    (Period.month(2024, 3), Period.month(2024, 2)),
    (Period.month(2024, 1), Period.month(2023, 12)),
    (Period(date(2024, 3, 1), date(2024, 3, 10)), Period(date(2024, 2, 20), date(2024, 2, 29))),
])
def test_previous_periods(period, previous):
    assert period.previous() == previous


def test_leap_year_february():
    assert Period.month(2024, 2) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period.month(2023, 2).days == 28
    assert Period.year(2024).days == 366
