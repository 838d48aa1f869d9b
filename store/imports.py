"""Which CSV files were imported, by the SHA-256 of their content, so that importing the same
file twice is noticed instead of doubling a year's inquiries (``borgerdesk import``).

The records live in ``desk.json`` (table ``imports``) and are kept: they hold a digest, a
time and a row count, nothing personal.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tinydb.table import Table

from store.desk import DESK_FILE
from store.storage import transaction

if TYPE_CHECKING:
    from store.repository import Store

TABLE = "imports"


class Imports:
    """The digests of imported files, shared by every process."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.storage = store.storage(DESK_FILE)

    def recorded(self, digest: str) -> datetime | None:
        """When the file with this digest was first imported, or None."""
        with self.storage.snapshot() as data:
            times = [datetime.fromisoformat(record["at"])
                     for record in data.get(TABLE, {}).values() if record["digest"] == digest]
        return min(times, default=None)

    def record(self, digest: str, rows: int) -> None:
        """Remember that a file with this digest was imported now, with ``rows`` rows."""
        with transaction(self.storage):
            Table(self.storage, TABLE, cache_size=0).insert(
                {"digest": digest, "at": self.store.clock().isoformat(), "rows": rows})
