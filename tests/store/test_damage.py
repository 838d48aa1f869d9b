"""A damaged database file is never mistaken for an empty one: reading and writing it stop
with an error naming the file, and no reference number is issued twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import InquiryDraft, JournalKind, Store
from store.desk import Exchange
from store.errors import BorgerdeskError, CorruptFileError

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
DAMAGE = {
    "empty": lambda valid: b"",
    "blank": lambda valid: b"  \n",
    "zeros": lambda valid: b"\0" * 64,
    "truncated": lambda valid: valid[: len(valid) // 2],
    "not json": lambda valid: b"hello",
    "array": lambda valid: b"[]",
    "string": lambda valid: b'"x"',
    "table not an object": lambda valid: b'{"inquiries": [], "meta": {}}',
    "table of strings": lambda valid: b'{"inquiries": "x", "meta": 5}',
    "document not an object": lambda valid: b'{"inquiries": {"1": "x"}}',
    "not UTF-8": lambda valid: valid.replace(b'"created_by":"', b'"created_by":"\xff', 1),
}


def seeded(store: Store) -> Path:
    for hours in (3, 2):
        store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=hours)))
    return store.data_dir / "inquiries-2026.json"


def assert_names(error: pytest.ExceptionInfo[CorruptFileError], path: Path) -> None:
    assert isinstance(error.value, BorgerdeskError)
    assert error.value.path == str(path) and path.name in str(error.value)


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_year_file_stops_reads_and_writes(store: Store, data_dir: Path, damage: str):
    path = seeded(store)
    damaged = DAMAGE[damage](path.read_bytes())
    path.write_bytes(damaged)
    fresh = Store(data_dir, actor="other")  # another process, and this one with a cache
    for reader in (fresh, store):
        with pytest.raises(CorruptFileError) as error:
            reader.inquiries()
        assert_names(error, path)
        with pytest.raises(CorruptFileError):
            reader.get("BR-2026-0001")
        with pytest.raises(CorruptFileError):
            reader.search("x")
        with pytest.raises(CorruptFileError) as error:
            reader.create_inquiry(InquiryDraft(received_at=NOW))
        assert_names(error, path)
        with pytest.raises(CorruptFileError):
            reader.add_journal("BR-2026-0002", JournalKind.NOTE, "x")
    assert path.read_bytes() == damaged  # nothing was written over it
    assert sorted(p.name for p in data_dir.iterdir() if ".tmp" in p.name) == []


def test_a_missing_year_file_is_empty_but_a_zero_byte_one_is_not(store: Store):
    assert store.inquiries() == []
    (store.data_dir / "inquiries-2025.json").write_bytes(b"")
    with pytest.raises(CorruptFileError):
        store.inquiries()


def test_a_damaged_sequence_number_stops_creates_but_not_reading(store: Store):
    path = seeded(store)
    path.write_bytes(path.read_bytes().replace(b'"last_sequence":2', b'"last_sequence":"2"'))
    with pytest.raises(CorruptFileError) as error:
        store.create_inquiry(InquiryDraft(received_at=NOW))
    assert_names(error, path)
    assert [i.ref for i in store.inquiries()] == ["BR-2026-0001", "BR-2026-0002"]


def test_no_reference_is_issued_twice_after_damage(store: Store, data_dir: Path):
    path = seeded(store)
    valid = path.read_bytes()
    path.write_bytes(b"")
    with pytest.raises(CorruptFileError):
        store.create_inquiry(InquiryDraft(received_at=NOW))
    path.write_bytes(valid)  # restored from the backup
    created = store.create_inquiry(InquiryDraft(received_at=NOW))
    assert created.ref == "BR-2026-0003"


def test_an_import_into_a_damaged_year_changes_no_other_year(store: Store):
    path = seeded(store)
    other = store.data_dir / "inquiries-2025.json"
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(days=400)))
    before = other.read_bytes()
    path.write_bytes(b"[]")
    with pytest.raises(CorruptFileError):
        store.import_inquiries([InquiryDraft(received_at=NOW - timedelta(days=400)),
                                InquiryDraft(received_at=NOW)])
    assert other.read_bytes() == before
    assert [i.ref for i in store.inquiries(end=datetime(2025, 12, 31).date())] == [
        "BR-2025-0001"]


@pytest.mark.parametrize("damage", ["empty", "truncated", "array"])
def test_a_damaged_desk_file_stops_conversations_and_markers(store: Store, damage: str):
    store.desk.mark_once("reminder:1", keep=timedelta(days=2))  # long-lived: in desk.json
    path = store.data_dir / "desk.json"
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with pytest.raises(CorruptFileError) as error:
        store.desk.conversation("web:a")
    assert_names(error, path)
    with pytest.raises(CorruptFileError):
        store.desk.mark_once("reminder:2")
    with pytest.raises(CorruptFileError):
        store.desk.converse("web:a", "m1", lambda state: Exchange({"step": "name"}))


@pytest.mark.parametrize("damage", ["empty", "truncated", "array"])
def test_a_damaged_conversation_file_is_named_and_never_overwritten(store: Store, damage: str):
    store.desk.converse("web:a", "m1", lambda state: Exchange({"step": "name"}))
    path = store.desk.conversation_storage("web:a").path
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    damaged = path.read_bytes()
    with pytest.raises(CorruptFileError) as error:
        store.desk.converse("web:a", "m2", lambda state: Exchange({"step": "contact"}))
    assert_names(error, path)
    with pytest.raises(CorruptFileError):
        store.desk.mark_message_once("web:a", "m3")
    with pytest.raises(CorruptFileError):
        store.desk.conversation("web:a")
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("damage", ["empty", "not json", "string"])
def test_a_damaged_access_log_stops_the_audit_and_new_views(store: Store, damage: str):
    seeded(store)
    store.privacy.record_view("BR-2026-0001")
    path = store.data_dir / "access-2026-11.json"
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with pytest.raises(CorruptFileError) as error:
        store.privacy.audit()
    assert_names(error, path)
    with pytest.raises(CorruptFileError):
        store.privacy.record_view("BR-2026-0001")


@pytest.mark.parametrize(("name", "content"), [
    ("imports.json", b'{"imports": "x"}'),
    ("imports.json", b'{"imports": {"1": 5}}'),
    ("desk.json", b'{"inquiries": "x", "meta": 5}'),
])
def test_tables_that_are_not_objects_of_objects_stop_writes(store: Store, name, content):
    path = store.data_dir / name
    path.write_bytes(content)
    def write() -> None:
        if name == "imports.json":
            store.import_inquiries([InquiryDraft(received_at=NOW)], digest="ab" * 32)
        else:
            store.desk.mark_once("reminder:2")

    with pytest.raises(CorruptFileError) as error:
        write()
    assert_names(error, path)
    assert path.read_bytes() == content


def test_a_year_file_renamed_to_another_year_is_damage(store: Store, data_dir: Path):
    path = seeded(store)
    renamed = data_dir / "inquiries-2025.json"
    path.rename(renamed)
    for reader in (store, Store(data_dir)):
        with pytest.raises(CorruptFileError) as error:
            reader.inquiries()
        assert_names(error, renamed)
        with pytest.raises(CorruptFileError):  # it would issue BR-2026-0001 again
            reader.create_inquiry(InquiryDraft(received_at=NOW))
        with pytest.raises(CorruptFileError):
            reader.create_inquiry(InquiryDraft(received_at=NOW - timedelta(days=400)))
    assert not path.exists()
