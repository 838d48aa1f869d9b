"""The search index the TUI's list types into: the store's own matching rule, texts made once
per version of an inquiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import Citizen, Department, Filters, Kind, Status, Store
from store.search import SearchIndex, search_words
from tests.conftest import FIXED_NOW
from tests.store.test_repository import draft


@pytest.fixture
def filed(store: Store) -> Store:
    store.create_inquiry(draft(subject="Bolig", kind=Kind.COMPLAINT, citizen=Citizen(
        name="Ane Olsen", phone="22 33 44 55")))
    store.create_inquiry(draft(received_at=FIXED_NOW - timedelta(days=20), subject="Skole",
                               taken_up=True,
                               department=Department(area="Børne- og Ungeforvaltningen")))
    store.create_inquiry(draft(subject="Boligstøtte", citizen=Citizen(name="Bo Olsen")))
    return store


@pytest.mark.parametrize("text", ["", "olsen", "olsen bol", "bolig", "2233", "+45 22 33 44 55",
                                  "skole olsen", "BR-2026-0002"])
@pytest.mark.parametrize("filters", [Filters(), Filters(kind=Kind.COMPLAINT),
                                     Filters(overdue=True), Filters(taken_up=False),
                                     Filters(status=frozenset({Status.CLOSED}))])
def test_the_index_finds_what_the_store_finds(filed: Store, text: str, filters: Filters):
    index = SearchIndex(filed.inquiries())
    found = index.find(search_words(text), filters, filed.clock(), filed.calendar)
    assert [inquiry.ref for inquiry in found][::-1] == [
        inquiry.ref for inquiry in filed.search(text, filters)]


def test_a_new_index_keeps_the_texts_of_unchanged_inquiries(filed: Store):
    before = SearchIndex(filed.inquiries())
    changed = filed.update("BR-2026-0001", 1, {"subject": "Parkering"})
    after = SearchIndex(filed.inquiries(), before)
    assert after.texts[("BR-2026-0003", 1)] is before.texts[("BR-2026-0003", 1)]
    assert ("BR-2026-0001", 1) not in after.texts  # old versions are forgotten
    now = filed.clock()
    assert [i.ref for i in after.find(["parkering"], Filters(), now, filed.calendar)] == [
        changed.ref]
    assert [i.ref for i in after.find(["bolig"], Filters(), now, filed.calendar)] == [
        "BR-2026-0003"]
