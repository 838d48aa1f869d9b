"""Is the store usable? Asked by ``/healthz`` and before each citizen's message is taken.

A message touches several small files besides the year files: ``desk.json`` and the sender's
conversation file, which its conversation step reads before it writes anything, and after
the step the web mailbox or the chat page's transcript. If one of those is damaged, the
message must be refused before anything is written, or a retry of it would be taken for a
duplicate and the part already stored would never be answered: so they are checked first.
Only the files the message touches: checking every file of the folder made each message
wait for every other citizen's write in flight. Parsed files are cached while they are
unchanged, so a check costs a stat per file.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

from store import Store, storage
from store.outbox import SERVICE_NOTE
from store.writability import room, unusable_lock_files


def files_readable(store: Store, names: Iterable[str]) -> None:
    """Raise CorruptFileError (or OSError) unless each named data file reads."""
    for name in names:
        store.storage(name).read()


def store_is_usable(store: Store) -> None:
    """Raise unless every data file decodes, every lock file can be taken, the data folder
    takes a new file written the way the store writes, and its disk has room for the
    largest file twice (what a write needs): what ``/healthz`` reports."""
    store.inquiries()
    for path in store.data_dir.glob("*.json"):
        if not path.name.startswith("inquiries-") and path.name != SERVICE_NOTE:
            store.storage(path.name).read()
    if unusable_lock_files(store.data_dir):
        raise PermissionError(errno.EACCES, "a lock file cannot be taken")
    storage.write_temporary(store.data_dir / "healthz", b"").unlink()
    free, needed = room(store.data_dir)
    if free < needed:
        raise OSError(errno.ENOSPC, "no room to write")
