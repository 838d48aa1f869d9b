"""CPR numbers are masked however they are typed, once, wherever citizen text enters the
store: creating (chat, the TUI's form), importing, journal entries, edits, outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import Citizen, InquiryDraft, JournalKind, Representative, Store
from store.privacy import mask_cpr

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)

WRITTEN_AS_CPR = [
    "010190-1234",
    "010190–1234",  # en dash
    "010190\u20111234",  # non-breaking hyphen
    "010190\u20101234",  # hyphen
    "010190—1234",  # em dash
    "010190\u22121234",  # minus sign
    "010190 - 1234",
    "010190 – 1234",
    "010190\u00a0-\u00a01234",  # non-breaking spaces around the dash
    "010190 1234",
    "0101901234",
    "01.01.90-1234",
    "01.01.90.1234",
    "01.01.90 1234",
    "01 01 90 1234",
    "01 01 90-1234",
    "01-01-90-1234",
    "311299-9999",
    "123456-7890",  # not a date, but written the way a CPR number is
    "010190/1234",
    "01/01/90-1234",
    "01.01.1990-1234",  # the year in four digits
    "01-01-2001-1234",
    "01011990-1234",
    "0101\u00ad90-1234",  # a soft hyphen inside
    "010190\u200b-1234",  # a zero-width space inside
    "01\u200b01\u200b90\u200b1234",
    "0\u00ad101901234",
]

NOT_CPR = [
    "+45 2233445566",  # a phone number with its country code
    "+45 22 33 44 5566",
    "0045 1012 903456",
    "(+45) 1012903456",
    "22334455",  # a Danish phone number
    "22 33 44 55",
    "1234567890",  # no date at the start
    "99 99 99 1234",
    "BR-2026-0042",
    "31.03.2026 14:30",
    "2026-03-31",
    "kl. 14.30 den 31.03.",
    "010190-12345",  # a digit too many
    "1010190-1234",
    "31/03/2026 14:30",
    "01.01.1990 kl. 12",
    "0101199012345",
]


@pytest.mark.parametrize("written", WRITTEN_AS_CPR)
def test_every_common_way_of_writing_a_cpr_number_is_masked(written: str):
    text, found = mask_cpr(f"Mit cpr er {written}, tak.")
    assert found and text == "Mit cpr er DDMMYY-XXXX, tak."


@pytest.mark.parametrize("written", NOT_CPR)
def test_numbers_that_are_not_cpr_numbers_are_left_alone(written: str):
    assert mask_cpr(f"Ring {written} i morgen") == (f"Ring {written} i morgen", False)


@pytest.mark.parametrize(("phone", "email"), [
    ("010190-1234", "010190-1234@example.dk"),
    ("0101901234", "cpr.01.01.1990-1234@example.dk"),
    ("01 01 90 1234", "x\u200b010190\u00ad1234@example.dk"),
])
def test_a_cpr_number_in_the_citizens_phone_or_email_is_masked(store: Store, phone, email):
    created = store.create_inquiry(InquiryDraft(
        received_at=NOW - timedelta(hours=1), citizen=Citizen(phone=phone, email=email)))
    assert created.citizen.phone == "DDMMYY-XXXX" and "DDMMYY-XXXX@" in created.citizen.email
    edited = store.update(created.ref, created.version, {"citizen": {"phone": phone}})
    assert edited.citizen.phone == "DDMMYY-XXXX"
    assert_no_cpr_in_files(store)


@pytest.mark.parametrize("phone", ["22334455", "22 33 44 55", "+45 22 33 44 55",
                                   "0045 22334455", "+4522334455", "+46 70 123 45 67",
                                   "(+45) 1012903456"])
def test_real_phone_numbers_are_kept(store: Store, phone):
    created = store.create_inquiry(InquiryDraft(
        received_at=NOW - timedelta(hours=1),
        citizen=Citizen(phone=phone, email="ida.hansen@example.dk")))
    assert created.citizen.phone == phone
    assert created.citizen.email == "ida.hansen@example.dk"


def assert_no_cpr_in_files(store: Store) -> None:
    for path in store.data_dir.iterdir():
        if path.is_file():
            content = path.read_bytes().decode()
            assert "1234" not in content and "0101" not in content, path.name


@pytest.mark.parametrize("written", WRITTEN_AS_CPR[:18:3])
def test_every_way_in_masks_it_once_in_the_store(store: Store, written: str):
    draft = InquiryDraft(
        received_at=NOW - timedelta(hours=1), subject=f"Sag om {written}",
        description=f"cpr {written}", citizen=Citizen(name=f"Navn {written}",
                                                      phone="22 33 44 55"),
        on_behalf_of=Representative(name=f"Mor {written}", relation=f"mor til {written}"))
    created = store.create_inquiry(draft)
    assert created.subject == "Sag om DDMMYY-XXXX"
    assert created.citizen.phone == "22 33 44 55"  # a real phone number is kept
    store.add_journal(created.ref, JournalKind.NOTE, f"cpr: {written}")
    store.schedule_callback(created.ref, NOW + timedelta(days=1), note=f"husk {written}")
    edited = store.update(created.ref, 3, {"description": f"ny tekst {written}"})
    closed = store.close(created.ref, edited.version, f"udfald {written}")
    [imported] = store.import_inquiries([InquiryDraft(received_at=NOW - timedelta(days=2),
                                                      description=f"import {written}")])
    rejected = store.reject(imported.ref, imported.version, f"afvist, {written}")
    assert "DDMMYY-XXXX" in closed.description and "DDMMYY-XXXX" in closed.outcome
    assert closed.journal[0].text == "cpr: DDMMYY-XXXX"
    assert closed.callbacks[0].note == "husk DDMMYY-XXXX"
    assert closed.on_behalf_of == Representative(name="Mor DDMMYY-XXXX",
                                                 relation="mor til DDMMYY-XXXX")
    assert rejected.outcome == "afvist, DDMMYY-XXXX"
    assert_no_cpr_in_files(store)
