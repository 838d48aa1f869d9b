"""Many small files instead of one that grows: where a key's record lives.

A chat message used to rewrite one file holding every conversation and every marker, so its
cost grew with them (and every sender waited on one lock). Records are spread instead:

* by a stable hash of their key over ``SHARDS`` files, so a write touches one small file and
  writers of different keys rarely share a lock;
* short-lived markers also by the time window they were written in
  (``window_of``): a marker that lives at most one window is found in the current or the
  previous window's file, and an older window is dropped whole, never scanned.
"""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta
from pathlib import Path

SHARDS = 16
CONVERSATION_FILE = "desk-conversations-{shard:02d}.json"
MARKER_FILE = "desk-markers-{window}-{shard:02d}.json"
MARKER_FILE_PATTERN = re.compile(r"^desk-markers-(\d+)-(\d\d)\.json(\.lock)?$")


def shard_of(key: str) -> int:
    """The same number for the same key in every process and every run (unlike ``hash``)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def window_of(moment: datetime, width: timedelta) -> int:
    """The number of the time window of ``width`` that ``moment`` falls in."""
    return int(moment.timestamp() // width.total_seconds())


def conversation_file(key: str) -> str:
    return CONVERSATION_FILE.format(shard=shard_of(key))


def marker_files(key: str, now: datetime, width: timedelta) -> tuple[str, str]:
    """The previous and the current window's file for a marker of ``key``."""
    window, shard = window_of(now, width), shard_of(key)
    return (MARKER_FILE.format(window=window - 1, shard=shard),
            MARKER_FILE.format(window=window, shard=shard))


def every_marker_file(now: datetime, width: timedelta) -> list[str]:
    """The files of the current and the previous window, every shard."""
    window = window_of(now, width)
    return [MARKER_FILE.format(window=number, shard=shard)
            for number in (window - 1, window) for shard in range(SHARDS)]


def expired_marker_files(data_dir: Path, now: datetime, width: timedelta) -> list[Path]:
    """Marker files (and their lock files) of windows before the previous one: nothing in
    them is still valid, and nobody locks them any more."""
    oldest_kept = window_of(now, width) - 1
    expired = []
    for path in data_dir.glob("desk-markers-*"):
        match = MARKER_FILE_PATTERN.match(path.name)
        if match and int(match.group(1)) < oldest_kept:
            expired.append(path)
    return expired
