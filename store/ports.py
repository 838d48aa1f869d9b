"""What the store's helpers (desk, privacy, imports, outbox, chat, mailbox) need of it.

They are reached as ``store.desk``, ``store.privacy`` and so on, so the
repository imports them; typing them against this protocol instead of ``Store`` keeps the
imports one way (no circle between repository, desk and privacy).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from store.calendar import OfficeCalendar
from store.model import Citizen, Inquiry, InquiryDraft
from store.storage import SharedJSONStorage
from store.taxonomy import Taxonomy


class StorePort(Protocol):
    data_dir: Path
    calendar: OfficeCalendar
    taxonomy: Taxonomy
    actor: str
    clock: Callable[[], datetime]

    def storage(self, name: str) -> SharedJSONStorage: ...

    def get(self, ref: str) -> Inquiry: ...

    def inquiries(self, start: date | None = None,
                  end: date | None = None) -> list[Inquiry]: ...

    def earlier_inquiries(self, citizen: Citizen | None,
                          before: datetime | None = None) -> list[Inquiry]: ...

    def create_inquiry(self, draft: InquiryDraft, by: str | None = None) -> Inquiry: ...

    def change(self, ref: str, action: str, change: Callable[[Inquiry], Inquiry], *,
               by: str | None = None, expected_version: int | None = None) -> Inquiry: ...
