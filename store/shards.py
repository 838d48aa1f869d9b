"""Many small files instead of one that grows: where a chat sender's records live.

A chat message used to rewrite one file holding every conversation and every message
marker, so its cost grew with them (and every sender waited on one lock). Instead, each
sender's conversation and the markers of the messages it sent live in one of ``SHARDS``
files chosen by a stable hash of the sender: a message reads and writes that one small file,
once, and senders in different files never wait on each other. Inside a file, message
markers are kept in a table per time window (``window_of``): a marker that lives at most one
window is in the current or the previous window's table, and older tables are dropped whole
on the next write, never scanned.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

SHARDS = 16
SHARD_FILE = "desk-{shard:02d}.json"
WINDOW_TABLE = "messages-{window}"


def shard_of(key: str) -> int:
    """The same number for the same key in every process and every run (unlike ``hash``)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def conversation_file(sender: str) -> str:
    """The file that holds ``sender``'s conversation and message markers."""
    return SHARD_FILE.format(shard=shard_of(sender))


def every_file() -> list[str]:
    return [SHARD_FILE.format(shard=shard) for shard in range(SHARDS)]


def window_of(moment: datetime, width: timedelta) -> int:
    """The number of the time window of ``width`` that ``moment`` falls in."""
    return int(moment.timestamp() // width.total_seconds())


def window_tables(now: datetime, width: timedelta) -> tuple[str, str]:
    """The tables of the previous and the current window."""
    window = window_of(now, width)
    return WINDOW_TABLE.format(window=window - 1), WINDOW_TABLE.format(window=window)


def is_expired_table(name: str, now: datetime, width: timedelta) -> bool:
    """A window table older than the previous window: nothing in it is valid any more."""
    return (name.startswith("messages-")
            and int(name.removeprefix("messages-")) < window_of(now, width) - 1)
