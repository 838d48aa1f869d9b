"""Is the store usable? Asked by ``/healthz`` and before each citizen's message is taken.

A message touches several small files (``desk.json``, the sender's conversation file, and
after its conversation step the web mailbox or the chat page's transcript) besides the year
files. If one of them is damaged, the message must be refused before anything is written, or
a retry of it would be taken for a duplicate and the part already stored would never be
answered. Only the files the message touches are checked: checking every file of the folder
made each message wait for every other citizen's write in flight. Parsed files are cached
while they are unchanged, so a check costs a stat per file.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

from store import Store, storage
from store.outbox import SERVICE_NOTE
from store.writability import room, unusable_lock_files


def message_files_readable(store: Store, sender: str, also: Iterable[str] = ()) -> None:
    """Raise CorruptFileError (or OSError) unless every small file that a message from
    ``sender`` touches reads; ``also`` names the files its adapter writes after the step."""
    desk = store.desk
    for shared in (desk.storage, desk.conversation_storage(sender),
                   *(store.storage(name) for name in also)):
        shared.read()


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
