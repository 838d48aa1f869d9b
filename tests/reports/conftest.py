"""A year shaped like the published annual reports, with a previous year to compare with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import Department, InquiryDraft, Kind, Store

TOPICS = ("processing_time", "case_information", "hearing", "communication", "progression")


@pytest.fixture
def report_year(store: Store, clock) -> Store:
    """252 inquiries of 2023 with the published reports' figures: 96 complaints, guidance
    primary in 40 and involved in 130, meetings in 45, help with complaints in 18; the last
    five never answered, the others after one to five days. 2022 has 210, spread otherwise
    over the units, so every share has a different previous share beside it."""
    clock.now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    units = [(area, unit) for area, units in store.taxonomy.departments.items()
             for unit in units]
    drafts = []
    for number in range(210):
        received = datetime(2022, 1, 3, 9, tzinfo=UTC) + timedelta(hours=40 * number)
        area, unit = units[(number * number) % len(units)]
        drafts.append(InquiryDraft(received_at=received, department=Department(area=area,
                                                                               unit=unit),
                                   first_response_at=received + timedelta(days=1)))
    for number in range(252):
        received = datetime(2023, 1, 2, 9, tzinfo=UTC) + timedelta(hours=34 * number)
        primary = "guidance" if number < 40 else TOPICS[number % len(TOPICS)]
        topics = ("guidance",) if number < 130 else ()
        area, unit = units[number % len(units)]
        drafts.append(InquiryDraft(
            received_at=received, kind=Kind.COMPLAINT if number < 96 else Kind.OTHER,
            primary_topic=primary, topics=topics, taken_up=number % 4 == 0,
            department=Department(area=area, unit=unit),
            handling=(("complaint_help",) if number < 18 else ()) + (
                ("meeting",) if number < 45 else ()),
            meetings=1 if number < 45 else 0,
            first_response_at=None if number >= 247 else received + timedelta(
                days=1 + number % 5)))
    store.import_inquiries(drafts)
    return store
