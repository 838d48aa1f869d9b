"""Text no file can hold and dates the calendar cannot count from are refused, naming the
field, before anything is written: never a TypeError from the JSON encoder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import Citizen, InquiryDraft, JournalKind, Representative, Store, ValidationError

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
LONE = "\ud800"


def files(store: Store) -> dict[str, bytes]:
    """The database files (lock files, empty, come and go)."""
    return {path.name: path.read_bytes() for path in store.data_dir.iterdir()
            if path.suffix == ".json"}


@pytest.mark.parametrize(("draft", "field"), [
    (InquiryDraft(received_at=NOW, subject=f"a{LONE}b"), "subject"),
    (InquiryDraft(received_at=NOW, description=LONE), "description"),
    (InquiryDraft(received_at=NOW, citizen=Citizen(name=LONE)), "citizen.name"),
    (InquiryDraft(received_at=NOW, citizen=Citizen(phone=f"2233{LONE}")), "citizen.phone"),
    (InquiryDraft(received_at=NOW, citizen=Citizen(chat_id=LONE)), "citizen.chat_id"),
    (InquiryDraft(received_at=NOW, on_behalf_of=Representative(name="x", relation=LONE)),
     "on_behalf_of.relation"),
])
def test_a_lone_surrogate_in_a_new_inquiry_is_refused_by_field(store: Store, draft, field):
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=1)))
    before = files(store)
    with pytest.raises(ValidationError, match=rf"^{field} holds a character"):
        store.create_inquiry(draft)
    with pytest.raises(ValidationError, match=field):
        store.import_inquiries([InquiryDraft(received_at=NOW), draft])
    assert files(store) == before


def test_a_lone_surrogate_in_a_change_is_refused_by_field(store: Store):
    created = store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=1)))
    before = files(store)
    with pytest.raises(ValidationError, match=r"journal\[0\]\.text"):
        store.add_journal(created.ref, JournalKind.NOTE, LONE)
    with pytest.raises(ValidationError, match="subject"):
        store.update(created.ref, 1, {"subject": LONE})
    with pytest.raises(ValidationError, match="outcome"):
        store.close(created.ref, 1, LONE)
    with pytest.raises(ValidationError, match=r"desk\.json"):
        store.desk.mark_once(f"reminder:{LONE}")
    assert files(store) == before
    assert store.get(created.ref).version == 1


@pytest.mark.parametrize("moment", [
    datetime(9999, 12, 31, 23, 30, tzinfo=UTC), datetime(9999, 1, 4, 9, tzinfo=UTC),
    datetime(1, 1, 1, 0, 0, tzinfo=UTC), datetime(1, 1, 2, 9, tzinfo=UTC),
    datetime(1899, 12, 31, 9, tzinfo=UTC), datetime(3000, 1, 1, 9, tzinfo=UTC),
])
def test_a_date_in_year_9999_or_0001_is_refused_not_a_crash(store: Store, moment: datetime):
    with pytest.raises(ValidationError, match="received_at"):
        store.create_inquiry(InquiryDraft(received_at=moment))
    created = store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=1)))
    with pytest.raises(ValidationError):
        store.schedule_callback(created.ref, moment)
    with pytest.raises(ValidationError):
        store.add_journal(created.ref, JournalKind.NOTE, "x", at=moment)
    assert store.get(created.ref).version == 1
    assert store.search("") == [created]  # nothing stored that breaks later reads
