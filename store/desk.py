"""Chat conversations in progress and once-only markers, in small files beside the year files.

What the service needs to survive a restart: the state of each intake conversation (so a
citizen continues where they were) and markers of things done once (a chat message handled,
a reminder sent). A message's cost must not grow with the conversations and markers kept,
so they are spread over small files (``store.shards``): each conversation lives in one of
``SHARDS`` files chosen by a stable hash of its sender, each short-lived marker in the file
of its hash and the time window it was written in; a marker is looked for in the current and
the previous window only, and windows older than that are deleted whole. Markers that must
live longer than a window (the scheduler's) stay in ``desk.json``, a handful a day.

A conversation step that files an inquiry writes the year file first, then the
conversation's file, and the message's marker last, holding all their locks: a crash in
between can repeat the step, never lose it. A damaged ``desk.json`` stops the desk (and
``/healthz``), as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tinydb.table import Table

from store import shards
from store.model import Inquiry, InquiryDraft
from store.ports import StorePort
from store.storage import SharedJSONStorage, transaction

DESK_FILE = "desk.json"
CONVERSATION_IDLE = timedelta(hours=24)
MESSAGE_MARKER_LIFETIME = timedelta(hours=2)  # Slack retries within minutes
MARKER_WINDOW = MESSAGE_MARKER_LIFETIME  # markers that live longer go to desk.json


@dataclass
class Exchange:
    """What one conversation step decided: the new state (None ends the conversation), the
    replies (in ``language``), and a draft to file as an inquiry, if the conversation is
    complete; ``{ref}`` and ``{due}`` in the replies are filled in once it is filed."""

    state: dict[str, Any] | None
    replies: list[str] = field(default_factory=list)
    draft: InquiryDraft | None = None
    language: str | None = None
    created: Inquiry | None = None


class Desk:
    """Conversations and markers, in small files shared by every process."""

    def __init__(self, store: StorePort) -> None:
        self.store = store
        self.storage = store.storage(DESK_FILE)  # the long-lived markers

    # -- conversations -------------------------------------------------------------------
    def conversation_storage(self, key: str) -> SharedJSONStorage:
        """The file that holds conversation ``key``."""
        return self.store.storage(shards.conversation_file(key))

    def conversation(self, key: str) -> dict[str, Any] | None:
        """The state of a conversation that has not expired, or None."""
        now = self.store.clock()
        self._check_desk_file()
        with self.conversation_storage(key).snapshot() as data:
            record = data.get("conversations", {}).get(key)
            return dict(record["state"]) if _fresh(record, now) else None

    def conversations(self) -> Iterator[dict[str, Any]]:
        """Every conversation kept (expired or not), as ``{"key", "at", "state"}``."""
        with self.storage.snapshot() as data:  # written by versions before the shards
            legacy = [dict(record) for record in data.get("conversations", {}).values()]
        yield from legacy
        for shard in range(shards.SHARDS):
            storage = self.store.storage(shards.CONVERSATION_FILE.format(shard=shard))
            with storage.snapshot() as data:
                records = [{"key": key, **record}
                           for key, record in data.get("conversations", {}).items()]
            yield from records

    def converse(self, key: str, message_id: str | None,
                 step: Callable[[dict[str, Any] | None], Exchange]) -> Exchange | None:
        """Run one step of conversation ``key`` under the lock; None if ``message_id`` was
        handled before (a platform's retry). The step gets the state, or None for a new or
        expired conversation; its state is saved and its draft filed, atomically."""
        now = self.store.clock()
        self._check_desk_file()
        conversations = self.conversation_storage(key)
        marker_key = f"message:{key}:{message_id}"
        markers = self._marker_storages(marker_key, now) if message_id is not None else ()
        new_window = bool(markers) and not markers[1].path.exists()
        with transaction(conversations, *markers):  # published in this order: marker last
            if markers and _has_marker(marker_key, now, markers):
                return None
            data = conversations.read()
            table = data.setdefault("conversations", {})
            for stale in [other for other, record in table.items() if not _fresh(record, now)]:
                del table[stale]
            current = table.get(key)
            exchange = step(dict(current["state"]) if current is not None else None)
            if exchange.draft is not None:
                # The audit names the platform, not the citizen's chat id.
                exchange.created = self.store.create_inquiry(
                    exchange.draft, by="chat:" + key.split(":", 1)[0])
            if exchange.state is None:
                table.pop(key, None)
            else:
                table[key] = {"at": now.isoformat(), "state": exchange.state}
            conversations.write(data)
            if markers:
                _add_marker(markers[1], marker_key, now + MESSAGE_MARKER_LIFETIME)
        if new_window:
            self.prune()
        return exchange

    # -- markers -------------------------------------------------------------------------
    def _marker_storages(self, key: str, now: datetime) -> tuple[SharedJSONStorage, ...]:
        return tuple(self.store.storage(name)
                     for name in shards.marker_files(key, now, MARKER_WINDOW))

    def is_marked(self, key: str) -> bool:
        now = self.store.clock()
        return key in self._lasting(now) or self._in_windows(key, now)

    def _in_windows(self, key: str, now: datetime) -> bool:
        for storage in self._marker_storages(key, now):
            with storage.snapshot() as data:
                expires = data.get("markers", {}).get(key)
            if expires is not None and datetime.fromisoformat(expires) > now:
                return True
        return False

    def marked(self, prefix: str) -> list[str]:
        """The keys of unexpired markers that start with ``prefix``."""
        now = self.store.clock()
        found = [key for key in self._lasting(now) if key.startswith(prefix)]
        for name in shards.every_marker_file(now, MARKER_WINDOW):
            with self.store.storage(name).snapshot() as data:
                found += [key for key, expires in data.get("markers", {}).items()
                          if key.startswith(prefix) and datetime.fromisoformat(expires) > now]
        return found

    def mark_once(self, key: str, keep: timedelta = MESSAGE_MARKER_LIFETIME) -> bool:
        """Record that something was done, for ``keep``; False if it had been already."""
        now = self.store.clock()
        if key in self._lasting(now):  # the same key may be kept for long or not
            return False
        if keep > MARKER_WINDOW:
            return not self._in_windows(key, now) and self._mark_lasting(key, now + keep)
        markers = self._marker_storages(key, now)
        new_window = not markers[1].path.exists()
        with transaction(*markers):
            if _has_marker(key, now, markers):
                return False
            _add_marker(markers[1], key, now + keep)
        if new_window:
            self.prune()
        return True

    def _lasting(self, now: datetime) -> list[str]:
        with self.storage.snapshot() as data:
            return [record["key"] for record in data.get("markers", {}).values()
                    if datetime.fromisoformat(record["expires"]) > now]

    def _mark_lasting(self, key: str, expires: datetime) -> bool:
        now = self.store.clock()
        with transaction(self.storage):
            markers = Table(self.storage, "markers", cache_size=0)
            self._prune_lasting(markers, now)
            if any(doc["key"] == key for doc in markers.all()):
                return False
            markers.insert({"key": key, "expires": expires.isoformat()})
        self.prune()
        return True

    def _prune_lasting(self, markers: Table, now: datetime) -> None:
        old = [doc.doc_id for doc in markers.all()
               if datetime.fromisoformat(doc["expires"]) <= now]
        if old:
            markers.remove(doc_ids=old)
        legacy = Table(self.storage, "conversations", cache_size=0)
        stale = [doc.doc_id for doc in legacy.all() if not _fresh(doc, now)]
        if stale:
            legacy.remove(doc_ids=stale)

    # -- pruning -------------------------------------------------------------------------
    def prune(self) -> None:
        """Delete the marker windows that have passed and forget expired conversations.

        Runs when a new window's first file is written and with each long-lived marker (the
        scheduler's, at least daily), not with every message: a message never pays for it."""
        now = self.store.clock()
        for path in shards.expired_marker_files(self.store.data_dir, now, MARKER_WINDOW):
            path.unlink(missing_ok=True)
            self.store.forget_storage(path.name)
        for shard in range(shards.SHARDS):
            storage = self.store.storage(shards.CONVERSATION_FILE.format(shard=shard))
            with storage.snapshot() as data:
                stale = any(not _fresh(record, now)
                            for record in data.get("conversations", {}).values())
            if stale:
                with transaction(storage):
                    data = storage.read()
                    table = data.get("conversations", {})
                    for key in [key for key, record in table.items() if not _fresh(record, now)]:
                        del table[key]
                    storage.write(data)

    def _check_desk_file(self) -> None:
        """A damaged ``desk.json`` stops the desk: it must be restored, not written over."""
        with self.storage.snapshot():
            pass


def _fresh(record: dict[str, Any] | None, now: datetime) -> bool:
    return record is not None and datetime.fromisoformat(record["at"]) + CONVERSATION_IDLE > now


def _has_marker(key: str, now: datetime, storages: tuple[SharedJSONStorage, ...]) -> bool:
    for storage in storages:
        expires = storage.read().get("markers", {}).get(key)
        if expires is not None and datetime.fromisoformat(expires) > now:
            return True
    return False


def _add_marker(storage: SharedJSONStorage, key: str, expires: datetime) -> None:
    data = storage.read()
    data.setdefault("markers", {})[key] = expires.isoformat()
    storage.write(data)
