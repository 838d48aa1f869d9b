"""Chat conversations in progress and once-only markers, in small files beside the year files.

What the service needs to survive a restart: the state of each intake conversation (so a
citizen continues where they were), markers of chat messages handled (a platform's retry is
not handled twice) and markers of things done once (a reminder sent). A message's cost must
not grow with the conversations and markers kept, so each sender's conversation and message
markers live in one of ``SHARDS`` small files chosen by a stable hash of the sender
(``store.shards``); a message marker is looked for in the current and the previous time
window only, and older windows are dropped whole. The scheduler's markers, a handful a day,
stay in ``desk.json``.

A conversation step is one write of the sender's file: the new state and the message's
marker together, so a retry is never handled twice. A step that files an inquiry writes the
year file first and the sender's file last, holding both locks: a crash in between (or a
sender's file that cannot be written) repeats the step on the platform's retry, never loses
it, and the inquiry records the message that filed it, so the repeated step finds that
inquiry instead of filing a second one. A damaged ``desk.json`` stops the desk (and
``/healthz``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from msgspec.structs import replace
from tinydb.table import Table

from store import shards
from store.model import Inquiry, InquiryDraft
from store.ports import StorePort
from store.storage import SharedJSONStorage, transaction

DESK_FILE = "desk.json"
CONVERSATION_IDLE = timedelta(hours=24)
MESSAGE_MARKER_LIFETIME = timedelta(hours=2)  # Slack retries within minutes


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
        self.storage = store.storage(DESK_FILE)  # the scheduler's markers

    # -- conversations and their messages --------------------------------------------------
    def conversation_storage(self, sender: str) -> SharedJSONStorage:
        """The file that holds ``sender``'s conversation and message markers."""
        return self.store.storage(shards.conversation_file(sender))

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
        for name in shards.every_file():
            with self.store.storage(name).snapshot() as data:
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
        storage = self.conversation_storage(key)
        with transaction(storage):
            data = _tidy(storage.read(), now)
            if message_id is not None and _has_message(data, key, message_id, now):
                return None
            table = data.setdefault("conversations", {})
            current = table.get(key)
            exchange = step(dict(current["state"]) if current is not None else None)
            if exchange.draft is not None:
                exchange.created = self._file(exchange.draft, key, message_id)
            if exchange.state is None:
                table.pop(key, None)
            else:
                table[key] = {"at": now.isoformat(), "state": exchange.state}
            if message_id is not None:
                _add_message(data, key, message_id, now)
            storage.write(data)
        return exchange

    def _file(self, draft: InquiryDraft, sender: str, message_id: str | None) -> Inquiry:
        """File the conversation's inquiry, marked with the message that filed it: if this
        step is repeated (its answer was never recorded), the store answers with the
        inquiry filed the first time instead of a second one."""
        by = "chat:" + sender.split(":", 1)[0]  # the audit names the platform, not the chat
        if message_id is not None:
            draft = replace(draft, source_id=message_id)
        return self.store.create_inquiry(draft, by=by)

    def is_message_handled(self, sender: str, message_id: str) -> bool:
        """Whether the sender's message was handled in the last ``MESSAGE_MARKER_LIFETIME``."""
        now = self.store.clock()
        with self.conversation_storage(sender).snapshot() as data:
            return _has_message(data, sender, message_id, now)

    def mark_message_once(self, sender: str, message_id: str) -> bool:
        """Record a message handled outside a conversation step; False if it was before."""
        now = self.store.clock()
        self._check_desk_file()
        storage = self.conversation_storage(sender)
        with transaction(storage):
            data = _tidy(storage.read(), now)
            if _has_message(data, sender, message_id, now):
                return False
            _add_message(data, sender, message_id, now)
            storage.write(data)
        return True

    # -- the scheduler's markers -----------------------------------------------------------
    def is_marked(self, key: str) -> bool:
        now = self.store.clock()
        with self.storage.snapshot() as data:
            return any(record["key"] == key and datetime.fromisoformat(record["expires"]) > now
                       for record in data.get("markers", {}).values())

    def marked(self, prefix: str) -> list[str]:
        """The keys of unexpired markers that start with ``prefix``."""
        now = self.store.clock()
        with self.storage.snapshot() as data:
            return [record["key"] for record in data.get("markers", {}).values()
                    if record["key"].startswith(prefix)
                    and datetime.fromisoformat(record["expires"]) > now]

    def mark_once(self, key: str, keep: timedelta = MESSAGE_MARKER_LIFETIME) -> bool:
        """Record that something was done, for ``keep``; False if it had been already.
        Expired markers go in the same write."""
        now = self.store.clock()
        with transaction(self.storage):
            markers = Table(self.storage, "markers", cache_size=0)
            old = [doc.doc_id for doc in markers.all()
                   if datetime.fromisoformat(doc["expires"]) <= now]
            if old:
                markers.remove(doc_ids=old)
            if any(doc["key"] == key for doc in markers.all()):
                return False
            markers.insert({"key": key, "expires": (now + keep).isoformat()})
        return True

    # -- pruning ---------------------------------------------------------------------------
    def prune(self) -> None:
        """Forget expired conversations and message windows in every sender file that has
        any (each file is also tidied whenever its senders write), and conversations kept
        in ``desk.json`` by versions before the sender files. The service's scheduler runs
        this hourly, on its real clock: a job run for another time (``jobs run --at``)
        must never take the conversations in progress for idle."""
        now = self.store.clock()
        for name in (DESK_FILE, *shards.every_file()):
            storage = self.store.storage(name)
            with storage.snapshot() as data:
                untidy = _untidy(data, now)
            if untidy:
                with transaction(storage):
                    storage.write(_tidy(storage.read(), now))

    def _check_desk_file(self) -> None:
        """A damaged ``desk.json`` stops the desk: it must be restored, not written over."""
        with self.storage.snapshot():
            pass


def _fresh(record: dict[str, Any] | None, now: datetime) -> bool:
    return record is not None and datetime.fromisoformat(record["at"]) + CONVERSATION_IDLE > now


def _untidy(data: dict[str, Any], now: datetime) -> bool:
    return (any(shards.is_expired_table(name, now, MESSAGE_MARKER_LIFETIME) for name in data)
            or any(not _fresh(record, now) for record in data.get("conversations", {}).values()))


def _tidy(data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Drop the message windows that have passed, whole, and expired conversations."""
    for name in [name for name in data
                 if shards.is_expired_table(name, now, MESSAGE_MARKER_LIFETIME)]:
        del data[name]
    table = data.get("conversations", {})
    for key in [key for key, record in table.items() if not _fresh(record, now)]:
        del table[key]
    return data


def _message_key(sender: str, message_id: str) -> str:
    return f"{sender}\n{message_id}"


def _has_message(data: dict[str, Any], sender: str, message_id: str, now: datetime) -> bool:
    key = _message_key(sender, message_id)
    for name in shards.window_tables(now, MESSAGE_MARKER_LIFETIME):
        marker = data.get(name, {}).get(key)
        if marker is not None and datetime.fromisoformat(marker["expires"]) > now:
            return True
    return False


def _add_message(data: dict[str, Any], sender: str, message_id: str, now: datetime) -> None:
    current = shards.window_tables(now, MESSAGE_MARKER_LIFETIME)[1]
    # A document, as every table holds: a file of other shapes is taken for damage.
    data.setdefault(current, {})[_message_key(sender, message_id)] = {
        "expires": (now + MESSAGE_MARKER_LIFETIME).isoformat()}
