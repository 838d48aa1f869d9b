"""The repository API: references, deadlines, edits with version checks, audit, copies."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
from msgspec.structs import replace

from store import (
    Channel,
    Citizen,
    ConflictError,
    Department,
    Filters,
    InquiryDraft,
    JournalKind,
    Kind,
    NotFoundError,
    Status,
    Store,
    StoreSettings,
    ValidationError,
)
from store.model import PERSONAL_FIELDS
from tests.conftest import FIXED_NOW


def draft(**fields) -> InquiryDraft:
    return InquiryDraft(**{"received_at": FIXED_NOW, **fields})


def test_references_count_per_year_and_are_never_reused(store: Store):
    first = store.create_inquiry(draft())
    second = store.create_inquiry(draft())
    last_year = store.create_inquiry(draft(received_at=FIXED_NOW.replace(year=2025)))
    assert (first.ref, second.ref, last_year.ref) == ("BR-2026-0001", "BR-2026-0002",
                                                      "BR-2025-0001")
    # Even with the highest document gone from the file, its number is not handed out again.
    storage = store.storage("inquiries-2026.json")
    from tinydb.table import Table

    from store.storage import transaction
    with transaction(storage):
        Table(storage, "inquiries", cache_size=0).remove(doc_ids=[2])
    assert store.create_inquiry(draft()).ref == "BR-2026-0003"


def test_response_due_is_the_store_calendar_deadline(store: Store):
    inquiry = store.create_inquiry(draft())
    assert inquiry.response_due == store.calendar.response_due(FIXED_NOW)
    assert inquiry.status is Status.NEW and not inquiry.answered


def test_classification_is_checked_against_the_taxonomy(store: Store):
    inquiry = store.create_inquiry(draft(
        primary_topic="guidance", topics=("hearing",), handling=("advice", "advice"),
        department=Department(area="by- og miljøforvaltningen", unit="NATUR OG TRAFIK")))
    assert inquiry.topics == ("guidance", "hearing")  # the primary topic is always involved
    assert inquiry.handling == ("advice",)
    assert inquiry.department == Department(area="By- og Miljøforvaltningen",
                                            unit="Natur og Trafik")
    with pytest.raises(ValidationError, match="unknown topic"):
        store.create_inquiry(draft(primary_topic="weather"))
    with pytest.raises(ValidationError, match="unknown department"):
        store.create_inquiry(draft(department=Department(area="Ministry of Magic")))


def test_types_are_validated_even_for_structs_built_in_code(store: Store):
    with pytest.raises(ValidationError, match="meetings"):
        store.create_inquiry(draft(meetings=-1))
    with pytest.raises(ValidationError, match="received_at"):
        store.create_inquiry(draft(closed_at=FIXED_NOW - timedelta(days=1)))
    with pytest.raises(ValidationError, match="received_at"):
        store.import_inquiries([replace(draft(), received_at=FIXED_NOW + timedelta(days=2),
                                        first_response_at=FIXED_NOW)])
    assert store.years() == []  # nothing half-written


def test_earlier_inquiries_from_the_same_citizen_are_related(store: Store):
    first = store.create_inquiry(draft(citizen=Citizen(name="X", phone="+45 20 30 40 50")))
    store.create_inquiry(draft(citizen=Citizen(name="Y", phone="11111111")))
    again = store.create_inquiry(draft(received_at=FIXED_NOW + timedelta(hours=1),
                                       citizen=Citizen(name="X", phone="20304050")))
    anonymous = store.create_inquiry(draft(received_at=FIXED_NOW + timedelta(hours=2)))
    assert again.related_refs == (first.ref,)
    assert anonymous.related_refs == ()
    assert [i.ref for i in store.earlier_inquiries(Citizen(email="", phone="0045 20304050"),
                                                   before=FIXED_NOW + timedelta(days=1))] == [
        first.ref, again.ref]


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(store: Store):
    inquiry = store.create_inquiry(draft())
    mine = store.update(inquiry.ref, inquiry.version, {"kind": Kind.COMPLAINT})
    with pytest.raises(ConflictError) as conflict:
        store.update(inquiry.ref, inquiry.version, {"subject": "older edit"})
    assert (conflict.value.expected, conflict.value.actual) == (1, 2)
    assert store.get(inquiry.ref) == mine
    assert mine.kind is Kind.COMPLAINT and mine.status is Status.OPEN


def test_only_editable_fields_can_be_updated(store: Store):
    inquiry = store.create_inquiry(draft())
    with pytest.raises(ValidationError, match="status"):
        store.update(inquiry.ref, inquiry.version, {"status": "closed"})
    with pytest.raises(ValidationError):
        store.update(inquiry.ref, inquiry.version, {"channel": "pigeon"})
    assert store.get(inquiry.ref).version == 1


def test_a_completed_callback_is_the_first_response(store: Store, clock):
    inquiry = store.create_inquiry(draft())
    scheduled = store.schedule_callback(inquiry.ref, FIXED_NOW + timedelta(hours=3),
                                        note="ring tilbage")
    assert scheduled.status is Status.OPEN
    clock.now = FIXED_NOW + timedelta(hours=4)
    done = store.complete_callback(inquiry.ref, 1)
    assert done.first_response_at == clock.now
    assert done.callbacks[0].done_by == "advisor"
    second = store.schedule_callback(inquiry.ref, FIXED_NOW + timedelta(days=2))
    clock.now = FIXED_NOW + timedelta(days=2)
    later = store.complete_callback(inquiry.ref, 2)
    assert later.first_response_at == done.first_response_at  # only the first one counts
    assert second.version < later.version
    with pytest.raises(NotFoundError):
        store.complete_callback(inquiry.ref, 2)


def test_journal_entries_and_explicit_responses(store: Store):
    inquiry = store.create_inquiry(draft())
    noted = store.add_journal(inquiry.ref, JournalKind.NOTE, "  internal note ")
    assert noted.journal[0].text == "internal note" and not noted.answered
    mailed = store.add_journal(inquiry.ref, JournalKind.EMAIL, "svar sendt", is_response=True)
    assert mailed.first_response_at == FIXED_NOW
    assert [entry.id for entry in mailed.journal] == [1, 2]


def test_close_reject_and_reopen(store: Store):
    inquiry = store.create_inquiry(draft())
    with pytest.raises(ValidationError, match="reason"):
        store.reject(inquiry.ref, inquiry.version, "  ")
    rejected = store.reject(inquiry.ref, inquiry.version, "outside competence")
    assert rejected.status is Status.REJECTED and rejected.closed_at == FIXED_NOW
    assert rejected.first_response_at == FIXED_NOW  # the rejection is the answer
    reopened = store.set_status(inquiry.ref, rejected.version, Status.WAITING)
    assert reopened.status is Status.WAITING and reopened.closed_at is None
    with pytest.raises(ValidationError):
        store.set_status(inquiry.ref, reopened.version, Status.CLOSED)
    closed = store.close(inquiry.ref, reopened.version, "resolved")
    assert (closed.status, closed.outcome) == (Status.CLOSED, "resolved")


def test_every_change_is_audited_with_field_names_but_no_values(store: Store):
    secret_name, secret_phone = "Birthe Testesen", "99887766"
    inquiry = store.create_inquiry(draft(citizen=Citizen(name=secret_name, phone=secret_phone),
                                         subject="health matter"))
    edited = store.update(inquiry.ref, 1, {"citizen": Citizen(name=secret_name + " Jr.")},
                          by="assistant")
    history = edited.history
    assert [(c.action, c.by) for c in history] == [("create", "advisor"),
                                                   ("update", "assistant")]
    assert set(history[-1].fields) == {"citizen", "status"}
    raw = (store.data_dir / "inquiries-2026.json").read_text()
    audit_text = repr(history)
    for personal in (secret_name, secret_phone, "health matter"):
        assert personal not in audit_text
    assert "citizen" in PERSONAL_FIELDS and secret_name in raw  # stored, but not in the audit


def test_returned_inquiries_are_immutable_copies(store: Store):
    inquiry = store.create_inquiry(draft(topics=("guidance",)))
    with pytest.raises(AttributeError):
        inquiry.subject = "changed"  # type: ignore[misc]
    changed = replace(inquiry, subject="changed")
    assert store.get(inquiry.ref).subject == "" and changed.subject == "changed"


def test_a_second_store_sees_changes_at_once(data_dir, clock):
    one = Store(data_dir, actor="one", clock=clock)
    two = Store(data_dir, actor="two", clock=clock)
    inquiry = one.create_inquiry(draft())
    assert two.get(inquiry.ref) == inquiry
    two.update(inquiry.ref, 1, {"subject": "from two"})
    assert one.get(inquiry.ref).subject == "from two"
    with pytest.raises(ConflictError, match="two"):
        one.update(inquiry.ref, 1, {"subject": "from one"})


def test_search_and_filters(store: Store, clock):
    store.create_inquiry(draft(subject="Bolig", citizen=Citizen(name="Ane Olsen"),
                               kind=Kind.COMPLAINT, channel=Channel.EMAIL))
    late = store.create_inquiry(draft(received_at=FIXED_NOW - timedelta(days=20),
                                      subject="Skole", taken_up=True,
                                      department=Department(area="Børne- og Ungeforvaltningen")))
    assert [i.subject for i in store.search("olsen bol")] == ["Bolig"]
    assert [i.subject for i in store.search("", Filters(kind=Kind.COMPLAINT))] == ["Bolig"]
    assert [i.ref for i in store.search("", Filters(overdue=True))] == [late.ref]
    assert [i.ref for i in store.search("", Filters(area="Børne- og Ungeforvaltningen",
                                                   taken_up=True))] == [late.ref]
    assert [i.subject for i in store.search("", Filters(
        start=(FIXED_NOW - timedelta(days=1)).date()))] == ["Bolig"]
    assert store.search("", Filters(status=frozenset({Status.CLOSED}))) == []
    assert [i.subject for i in store.search("")] == ["Bolig", "Skole"]  # newest first


def test_agenda_orders_overdue_today_and_soon(store: Store, clock):
    overdue = store.create_inquiry(draft(received_at=FIXED_NOW - timedelta(days=10)))
    today = store.create_inquiry(draft(received_at=FIXED_NOW - timedelta(days=5)))
    store.create_inquiry(draft())  # due Friday: beyond two working days
    store.schedule_callback(today.ref, FIXED_NOW + timedelta(days=1))
    items = store.agenda(FIXED_NOW)
    assert [(item.ref, item.kind, item.urgency.name) for item in items] == [
        (overdue.ref, "first_response", "OVERDUE"),
        (today.ref, "first_response", "TODAY"),
        (today.ref, "callback", "SOON"),
    ]
    assert store.due_callbacks(FIXED_NOW + timedelta(days=2))[0][1].id == 1


def test_files_and_folder_are_private(store: Store):
    store.create_inquiry(draft())
    assert stat.S_IMODE(os.stat(store.data_dir).st_mode) == 0o700
    for path in store.data_dir.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name


def test_missing_reference(store: Store):
    with pytest.raises(NotFoundError):
        store.get("BR-2026-0001")
    with pytest.raises(ValidationError):
        store.get("no such thing")


def test_import_is_all_or_nothing(store: Store):
    good = draft()
    with pytest.raises(ValidationError):
        store.import_inquiries([good, draft(primary_topic="nonsense")])
    assert store.years() == []
    created = store.import_inquiries([draft(received_at=FIXED_NOW.replace(year=2024)), good])
    assert [i.ref for i in created] == ["BR-2024-0001", "BR-2026-0001"]


def test_configured_working_days_change_the_deadline(data_dir, clock):
    from store.calendar import OfficeCalendar
    store = Store(data_dir, StoreSettings(calendar=OfficeCalendar(response_working_days=1)),
                  clock=clock)
    inquiry = store.create_inquiry(draft())
    assert store.calendar.local_date(inquiry.response_due).isoformat() == "2026-11-25"


def test_a_field_set_back_to_its_default_is_gone_from_the_file(store: Store, data_dir, clock):
    inquiry = store.create_inquiry(draft(citizen=Citizen(name="Borger"),
                                         department=Department(area="By- og Miljøforvaltningen")))
    store.update(inquiry.ref, 1, {"citizen": None, "department": None})
    fresh = Store(data_dir, clock=clock).get(inquiry.ref)  # as another process reads it
    assert fresh.citizen is None and fresh.department is None
    closed = store.close(inquiry.ref, 2, "done")
    store.set_status(inquiry.ref, closed.version, Status.OPEN)
    assert Store(data_dir, clock=clock).get(inquiry.ref).closed_at is None
