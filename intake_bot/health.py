"""Is the store usable? Asked by ``/healthz`` and before each citizen's message is taken.

A message touches several small files (the conversation's, the chat page's transcript, the
web mailbox) besides the year file. If one of them is damaged, the message must be refused
before anything is written, or a retry of it would be taken for a duplicate and the part
already stored would never be answered. Parsed files are cached while they are unchanged,
so these checks cost a stat per file.
"""

from __future__ import annotations

from store import Store, storage

NOT_THE_STORE_S = {"serve.json"}  # the service's note of who runs, written by borgerdesk


def small_files_readable(store: Store) -> None:
    """Raise CorruptFileError (or OSError) unless every data file but the year files reads."""
    for path in store.data_dir.glob("*.json"):
        if not path.name.startswith("inquiries-") and path.name not in NOT_THE_STORE_S:
            store.storage(path.name).read()


def store_is_usable(store: Store) -> None:
    """Raise unless every data file decodes and the data folder takes a new file written the
    way the store writes: what ``/healthz`` reports."""
    store.inquiries()
    small_files_readable(store)
    storage.write_temporary(store.data_dir / "healthz", b"").unlink()
