"""desk.json: markers and conversations expire, and a step that files an inquiry is atomic."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import InquiryDraft, Store
from store.desk import Exchange


def test_markers_are_once_only_until_they_expire(store: Store, clock):
    assert store.desk.mark_once("reminder:BR-2026-0001", keep=timedelta(days=2))
    assert not store.desk.mark_once("reminder:BR-2026-0001")
    clock.now += timedelta(days=2, seconds=1)
    assert store.desk.mark_once("reminder:BR-2026-0001")


def test_expired_markers_and_conversations_are_pruned(store: Store, clock):
    for number in range(50):
        store.desk.converse(f"web:{number}", f"m{number}", lambda state: Exchange({"n": 1}))
    size = (store.data_dir / "desk.json").stat().st_size
    clock.now += timedelta(days=2)
    store.desk.mark_once("anything")
    assert (store.data_dir / "desk.json").stat().st_size < size / 10


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
