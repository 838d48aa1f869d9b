"""The desk: markers and conversations expire, a step that files an inquiry is atomic, and a
message's cost does not grow with the conversations and markers kept."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from store import Citizen, InquiryDraft, Store
from store.desk import MESSAGE_MARKER_LIFETIME, Exchange
from store.shards import conversation_file, window_of


def test_markers_are_once_only_until_they_expire(store: Store, clock):
    assert store.desk.mark_once("reminder:BR-2026-0001", keep=timedelta(days=2))
    assert not store.desk.mark_once("reminder:BR-2026-0001")
    clock.now += timedelta(days=2, seconds=1)
    assert store.desk.mark_once("reminder:BR-2026-0001")


def test_expired_markers_and_conversations_are_pruned(store: Store, clock):
    for number in range(50):
        store.desk.converse(f"web:{number}", f"m{number}", lambda state: Exchange({"n": 1}))
    size = desk_size(store)
    clock.now += timedelta(days=2)
    store.desk.prune()
    assert desk_size(store) < size / 10
    assert store.desk.conversation("web:1") is None
    assert "m1" not in "".join(path.read_text() for path in store.data_dir.glob("desk*.json"))


def test_conversations_kept_in_desk_json_by_older_versions_expire_too(store: Store, clock):
    store.desk.mark_once("digest:2026-11-24", keep=timedelta(days=10))
    path = store.data_dir / "desk.json"
    data = json.loads(path.read_text())
    data["conversations"] = {
        "1": {"key": "web:old", "at": (clock.now - timedelta(days=2)).isoformat(), "state": {}},
        "2": {"key": "web:new", "at": clock.now.isoformat(), "state": {}}}
    path.write_text(json.dumps(data))
    store.desk.prune()
    data = json.loads(path.read_text())
    assert [record["key"] for record in data["conversations"].values()] == ["web:new"]
    assert store.desk.is_marked("digest:2026-11-24")


def desk_size(store: Store) -> int:
    return sum(path.stat().st_size for path in store.data_dir.glob("desk*.json"))


def test_a_message_writes_one_small_file_whatever_is_kept(store: Store, clock):
    """Thousands of conversations and message markers kept: one more message writes only
    its sender's file, a small share of what is kept."""
    for number in range(2000):
        store.desk.converse(f"web:{number}", f"m{number}", lambda state: Exchange({"n": 1}))
    kept = desk_size(store)
    before = {path: path.stat().st_mtime_ns for path in store.data_dir.glob("desk*.json")}
    store.desk.converse("web:new", "m1", lambda state: Exchange({"n": 1}))
    changed = [path.name for path in store.data_dir.glob("desk*.json")
               if before.get(path) != path.stat().st_mtime_ns]
    assert changed == [conversation_file("web:new")]
    assert (store.data_dir / changed[0]).stat().st_size < kept / 8


def test_a_message_marker_is_found_in_the_next_window_and_dropped_after(store: Store, clock):
    clock.now = clock.now.replace(hour=9, minute=59)  # a window ends at 10:00 UTC
    assert store.desk.mark_message_once("web:a", "m1")
    clock.now += timedelta(minutes=2)  # the next window
    assert store.desk.is_message_handled("web:a", "m1")
    assert store.desk.converse("web:a", "m1", lambda state: Exchange({"n": 1})) is None
    assert not store.desk.mark_message_once("web:a", "m1")
    clock.now += MESSAGE_MARKER_LIFETIME
    assert not store.desk.is_message_handled("web:a", "m1")
    assert store.desk.mark_message_once("web:a", "m1")
    first_window = window_of(clock.now, MESSAGE_MARKER_LIFETIME)
    clock.now += 3 * MESSAGE_MARKER_LIFETIME
    store.desk.converse("web:a", "m2", lambda state: Exchange({"n": 2}))
    kept = json.loads((store.data_dir / conversation_file("web:a")).read_text())
    assert f"messages-{first_window}" not in kept  # dropped whole
    assert not store.desk.is_message_handled("web:a", "m1")


def test_a_step_that_fails_changes_nothing(store: Store):
    store.desk.converse("web:a", "m1", lambda state: Exchange({"step": 1}))

    def broken(state):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.desk.converse("web:a", "m2", broken)
    assert store.desk.conversation("web:a") == {"step": 1}
    # The failed message was not marked as handled: its retry runs.
    result = store.desk.converse("web:a", "m2", lambda state: Exchange({"step": 2}))
    assert result is not None and store.desk.conversation("web:a") == {"step": 2}


def test_a_retried_message_is_not_handled_twice(store: Store, clock):
    def file_it(state):
        return Exchange(None, ["ok"], draft=InquiryDraft(received_at=clock.now))

    first = store.desk.converse("web:b", "m1", file_it)
    assert first.created.ref == "BR-2026-0001"
    assert store.desk.converse("web:b", "m1", file_it) is None
    assert len(store.inquiries()) == 1


def test_a_step_repeated_after_its_file_failed_finds_the_inquiry_it_filed(
        store: Store, clock, monkeypatch):
    """The year file is written first, the sender's file last: when the second write fails
    (a crash, a file that cannot be replaced), the platform's retry repeats the step, which
    must answer with the inquiry filed the first time, not file a second one."""
    import store.storage as storage_module

    def file_it(state):
        return Exchange(None, ["ok"], draft=InquiryDraft(
            received_at=clock.now, citizen=Citizen(chat_id="web:c"), subject="Boligstøtte"))

    real = storage_module.write_temporary

    def failing_for_the_sender(path, payload):
        if path.name == conversation_file("web:c"):
            raise OSError(30, "Read-only file system")
        return real(path, payload)

    monkeypatch.setattr(storage_module, "write_temporary", failing_for_the_sender)
    for _attempt in range(3):
        with pytest.raises(OSError, match="Read-only"):
            store.desk.converse("web:c", "yes-1", file_it)
    monkeypatch.setattr(storage_module, "write_temporary", real)
    retried = store.desk.converse("web:c", "yes-1", file_it)
    assert retried.created.ref == "BR-2026-0001"
    assert [inquiry.ref for inquiry in store.inquiries()] == ["BR-2026-0001"]
    assert store.desk.converse("web:c", "yes-1", file_it) is None  # and now it is marked
    again = store.desk.converse("web:c", "yes-2", file_it)  # another message files anew
    assert again.created.ref == "BR-2026-0002"


def test_every_file_the_desk_writes_passes_the_damage_check(store: Store):
    """check and every read take a file of another shape for damage: the desk's own files
    (conversations, message markers by window, the scheduler's markers) must be TinyDB's."""
    from store.storage import damage

    for number in range(40):
        store.desk.converse(f"web:s{number}", f"m{number}", lambda state: Exchange({"n": 1}))
    store.desk.mark_once("digest:2026-11-24")
    files = sorted(store.data_dir.glob("desk*.json"))
    assert len(files) > 2 and not [path.name for path in files if damage(path)]
