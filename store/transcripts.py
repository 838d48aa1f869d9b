"""What the citizens' chat page shows: the transcript of each web chat session.

A chat on the page is more than a conversation state: the citizen reloads the page, or has
no JavaScript, and must see every message again, and the advisor's answers arrive after the
inquiry is filed. So every message of a page session (the citizen's, the bot's and the
advisor's) is kept here, numbered from 1, in one of ``SHARDS`` files beside the year files
(``transcripts-07.json``), chosen by a stable hash of the session, so a message rewrites one
small file whatever the number of sessions kept. A transcript lives ``TRANSCRIPT_IDLE``
after its last message, as a conversation does, or ``FILED_KEEP`` once an inquiry was
filed from it (the advisor's answer must find it); expired ones are pruned from a file when it
is written, and from every file at most once a minute (``SWEEP_EVERY``). Messages are
already CPR-masked by the caller; this module stores text, it does not judge it.

Anyone holding the store may append: the page for the citizen and the bot, the service's
outbox for the advisor (``append_advisor_message``, at most once per message id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from tinydb.table import Table

from store.desk import CONVERSATION_IDLE
from store.shards import SHARDS, shard_of
from store.storage import SharedJSONStorage, transaction

if TYPE_CHECKING:
    from store.ports import StorePort

TRANSCRIPT_FILE = "transcripts-{shard:02d}.json"
SWEEP_EVERY = timedelta(minutes=1)
PAGE_PLATFORM = "webchat"
PAGE_SESSION = f"{PAGE_PLATFORM}:"  # how the chat id of a page session starts
TRANSCRIPT_IDLE = CONVERSATION_IDLE
# A session that filed an inquiry waits for the advisor's answer (3 working days promised,
# a follow-up later): it is kept this long after its last message.
FILED_KEEP = timedelta(days=30)
MAX_MESSAGES = 500  # per session; the oldest go first (a flood is rate-limited long before)
Author = Literal["citizen", "bot", "advisor"]


@dataclass(frozen=True)
class ChatMessage:
    """One line of a transcript; ``number`` counts from 1 within its session."""

    number: int
    author: Author
    text: str
    at: datetime


class Transcripts:
    """Every page session's messages, in small files shared by every process."""

    def __init__(self, store: StorePort) -> None:
        self.store = store
        self._swept: datetime | None = None

    def storage(self, session_key: str) -> SharedJSONStorage:
        """The file that holds the session's transcript."""
        return self.store.storage(transcript_file(session_key))

    def messages(self, session_key: str, after: int = 0) -> list[ChatMessage]:
        """The messages of a live session numbered above ``after``, oldest first."""
        record = self._live_record(session_key)
        if record is None:
            return []
        return [_message(item) for item in record["messages"] if item["n"] > after]

    def expires_at(self, session_key: str) -> datetime | None:
        """When the session is forgotten unless something is written; None if it is not kept."""
        record = self._live_record(session_key)
        return None if record is None else _until(record)

    def append(self, session_key: str, lines: list[tuple[Author, str]],
               message_id: str | None = None, *, forget_earlier: bool = False,
               filed: bool = False) -> list[ChatMessage]:
        """Add ``(author, text)`` lines to a session (created if needed) in one write and keep
        it alive; with a ``message_id`` seen before in this session, nothing is added.
        ``forget_earlier`` drops the lines before these (the citizen cancelled: what they
        wrote is not kept); the numbering goes on, so an open page misses nothing.
        ``filed``: an inquiry was filed from the session; from now on it is kept
        ``FILED_KEEP`` after its last message, long enough for the advisor's answer."""
        now = self.store.clock()
        storage = self.storage(session_key)
        with transaction(storage):
            table = _pruned(storage, now)
            current = next((doc for doc in table.all() if doc["key"] == session_key), None)
            kept: list[dict[str, Any]] = list(current["messages"]) if current else []
            if message_id is not None and any(item.get("id") == message_id for item in kept):
                return []
            number = kept[-1]["n"] if kept else 0
            added = []
            for offset, (author, text) in enumerate(lines, start=1):
                item = {"n": number + offset, "author": author, "text": text,
                        "at": now.isoformat()}
                if message_id is not None:
                    item["id"] = message_id
                added.append(item)
            record = {"key": session_key, "at": now.isoformat(),
                      "messages": [*([] if forget_earlier else kept), *added][-MAX_MESSAGES:]}
            if filed or (current is not None and current.get("filed")):
                record["filed"] = True
            if current is not None:
                table.remove(doc_ids=[current.doc_id])
            table.insert(record)
        self._sweep(now)
        return [_message(item) for item in added]

    def forget(self, session_key: str) -> None:
        """Remove a session's transcript now (erasure of the inquiry filed from it)."""
        storage = self.storage(session_key)
        with transaction(storage):
            table = Table(storage, "transcripts", cache_size=0)
            table.remove(doc_ids=[doc.doc_id for doc in table.all()
                                  if doc["key"] == session_key])

    def touch(self, session_key: str) -> bool:
        """Keep a live session for another ``TRANSCRIPT_IDLE`` (the citizen chose to
        continue); False if it had expired already."""
        if self._live_record(session_key) is None:
            return False
        self.append(session_key, [])
        return True

    def append_advisor_message(self, session_key: str, text: str,
                               message_id: str) -> ChatMessage | None:
        """The advisor's answer on the citizen's page; None if ``message_id`` was added before,
        so the outbox may retry after a crash without showing an answer twice."""
        added = self.append(session_key, [("advisor", text)], message_id=message_id,
                            filed=True)
        return added[0] if added else None

    def _live_record(self, session_key: str) -> dict[str, Any] | None:
        now = self.store.clock()
        with self.storage(session_key).snapshot() as data:
            for record in data.get("transcripts", {}).values():
                if record["key"] == session_key and _until(record) > now:
                    return record
        return None

    def _sweep(self, now: datetime) -> None:
        """Prune every file, at most once a ``SWEEP_EVERY``: a file nobody writes any more
        must not keep an expired transcript (personal data) for long."""
        if self._swept is not None and now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        for shard in range(SHARDS):
            storage = self.store.storage(TRANSCRIPT_FILE.format(shard=shard))
            with storage.snapshot() as data:
                stale = any(_until(record) <= now
                            for record in data.get("transcripts", {}).values())
            if stale:
                with transaction(storage):
                    _pruned(storage, now)


def transcript_file(session_key: str) -> str:
    return TRANSCRIPT_FILE.format(shard=shard_of(session_key))


def _pruned(storage: SharedJSONStorage, now: datetime) -> Table:
    table = Table(storage, "transcripts", cache_size=0)
    stale = [doc.doc_id for doc in table.all() if _until(doc) <= now]
    if stale:
        table.remove(doc_ids=stale)
    return table


def _at(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["at"])


def _until(record: dict[str, Any]) -> datetime:
    """When the session is forgotten unless something is written to it."""
    return _at(record) + (FILED_KEEP if record.get("filed") else TRANSCRIPT_IDLE)


def _message(item: dict[str, Any]) -> ChatMessage:
    return ChatMessage(item["n"], item["author"], item["text"], datetime.fromisoformat(item["at"]))

