"""The search index the TUI's list types into: the store's own matching rule, texts made once
per inquiry as it is."""

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
    assert after.texts["BR-2026-0003"][1] is before.texts["BR-2026-0003"][1]
    assert after.texts["BR-2026-0001"][0] == changed  # the old version's text is forgotten
    now = filed.clock()
    assert [i.ref for i in after.find(["parkering"], Filters(), now, filed.calendar)] == [
        changed.ref]
    assert [i.ref for i in after.find(["bolig"], Filters(), now, filed.calendar)] == [
        "BR-2026-0003"]


def test_another_inquiry_under_the_same_reference_and_version_is_searched_anew(
        filed: Store, tmp_path):
    """A year file restored from a backup, or swapped for another folder's, holds other
    people under the same references and versions: their old texts must not be found."""
    before = SearchIndex(filed.inquiries())
    other = Store(tmp_path / "other", clock=filed.clock)
    other.create_inquiry(draft(subject="Parkering", citizen=Citizen(name="Eva Hansen",
                                                                    phone="99 88 77 66")))
    (filed.data_dir / "inquiries-2026.json").write_bytes(
        (other.data_dir / "inquiries-2026.json").read_bytes())
    [swapped] = filed.inquiries()
    assert (swapped.ref, swapped.version) == ("BR-2026-0001", 1)
    after = SearchIndex(filed.inquiries(), before)
    now = filed.clock()
    assert after.find(["olsen"], Filters(), now, filed.calendar) == []
    assert after.find(["22334455"], Filters(), now, filed.calendar) == []
    assert after.find(["hansen"], Filters(), now, filed.calendar) == [swapped]
