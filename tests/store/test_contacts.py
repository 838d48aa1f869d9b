"""One way to recognise and compare phone numbers and e-mail addresses: search, matching,
import and the chat agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import Citizen, InquiryDraft, Store
from store.contacts import find_email, find_phone, is_email, is_phone

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.mark.parametrize("query", ["22334455", "+45 22 33 44 55", "0045 2233 4455", "2233",
                                   "22 33", "(+45) 22334455", "44 55", "+45 2233", "+45 22 33",
                                   "0045 22 33"])
def test_a_stored_number_is_found_however_it_is_typed(store: Store, query: str):
    wanted = store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=2),
                                               citizen=Citizen(phone="22 33 44 55")))
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=1),
                                      citizen=Citizen(phone="+45 99 88 77 66")))
    assert store.search(query) == [wanted]


def test_words_and_references_are_still_searched_as_words(store: Store):
    first = store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=2),
                                              subject="Ventetid på svar"))
    assert store.search("VENTETID svar") == [first]
    assert store.search("0001") == [first]
    assert store.search("br-2026-0001") == [first]
    assert store.search("2026-0001") == [first]  # a year and number: part of a reference


@pytest.mark.parametrize("phone", ["22 33 44 55", "+45 22334455", "0045 22 33 44 55",
                                   "4522334455", "22-33-44-55"])
def test_the_same_number_is_the_same_citizen(phone: str):
    assert Citizen(phone=phone).contact_keys() == Citizen(phone="22334455").contact_keys()


def test_recognising_contacts_in_a_cell_and_in_a_message():
    assert is_phone("+45 22 33 44 55") and is_phone("(+45) 2233-4455")
    assert not is_phone("2233 44") and not is_phone("ring 22334455")
    assert is_email("a.b@example.dk") and not is_email("a@b") and not is_email("x a@b.dk")
    assert find_phone("ring på 22 33 44 55 i morgen") == "22 33 44 55"
    assert find_email("skriv til a.b@example.dk tak") == "a.b@example.dk"
    assert find_phone("ingen nummer her") is None and find_email("ingen") is None
