"""The small file beside the year files: chat conversations in progress and once-only markers.

``desk.json`` holds what the service needs to survive a restart: the state of each intake
conversation (so a citizen continues where they were) and markers of things done once (a
Slack event processed, a reminder sent). Both expire and are pruned on every write, so the
file stays small. A conversation step that files an inquiry writes the year file first and
this file last, under both locks: a crash in between can repeat the step, never lose it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tinydb.table import Table

from store.model import Inquiry, InquiryDraft
from store.ports import StorePort
from store.storage import transaction

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
    """Conversations and markers, in one small file shared by every process."""

    def __init__(self, store: StorePort) -> None:
        self.store = store
        self.storage = store.storage(DESK_FILE)

    def _tables(self) -> tuple[Table, Table]:
        return (Table(self.storage, "conversations", cache_size=0),
                Table(self.storage, "markers", cache_size=0))

    @staticmethod
    def _fresh(record: dict[str, Any] | None, now: datetime, lifetime: timedelta) -> bool:
        return record is not None and datetime.fromisoformat(record["at"]) + lifetime > now

    def _prune(self, conversations: Table, markers: Table, now: datetime) -> None:
        stale = [doc.doc_id for doc in conversations.all()
                 if not self._fresh(doc, now, CONVERSATION_IDLE)]
        if stale:
            conversations.remove(doc_ids=stale)
        old = [doc.doc_id for doc in markers.all()
               if datetime.fromisoformat(doc["expires"]) <= now]
        if old:
            markers.remove(doc_ids=old)

    def conversation(self, key: str) -> dict[str, Any] | None:
        """The state of a conversation that has not expired, or None."""
        now = self.store.clock()
        with self.storage.snapshot() as data:
            for record in data.get("conversations", {}).values():
                if record["key"] == key and self._fresh(record, now, CONVERSATION_IDLE):
                    return dict(record["state"])
        return None

    def converse(self, key: str, message_id: str | None,
                 step: Callable[[dict[str, Any] | None], Exchange]) -> Exchange | None:
        """Run one step of conversation ``key`` under the lock; None if ``message_id`` was
        handled before (a platform's retry). The step gets the state, or None for a new or
        expired conversation; its state is saved and its draft filed, atomically."""
        now = self.store.clock()
        with transaction(self.storage):
            conversations, markers = self._tables()
            self._prune(conversations, markers, now)
            marker_key = f"message:{key}:{message_id}"
            if message_id is not None and any(
                    doc["key"] == marker_key for doc in markers.all()):
                return None
            current = next((doc for doc in conversations.all() if doc["key"] == key), None)
            state = (dict(current["state"])
                     if current and self._fresh(current, now, CONVERSATION_IDLE) else None)
            exchange = step(state)
            if exchange.draft is not None:
                # The audit names the platform, not the citizen's chat id.
                exchange.created = self.store.create_inquiry(
                    exchange.draft, by="chat:" + key.split(":", 1)[0])
            if current is not None:
                conversations.remove(doc_ids=[current.doc_id])
            if exchange.state is not None:
                conversations.insert({"key": key, "at": now.isoformat(),
                                      "state": exchange.state})
            if message_id is not None:
                markers.insert({"key": marker_key,
                                "expires": (now + MESSAGE_MARKER_LIFETIME).isoformat()})
        return exchange

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
        """Record that something was done, for ``keep``; False if it had been already."""
        now = self.store.clock()
        with transaction(self.storage):
            conversations, markers = self._tables()
            self._prune(conversations, markers, now)
            if any(doc["key"] == key for doc in markers.all()):
                return False
            markers.insert({"key": key, "expires": (now + keep).isoformat()})
        return True
