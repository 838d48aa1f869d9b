"""What the store's helpers (desk, privacy, imports) need of the store.

They are reached as ``store.desk``, ``store.privacy`` and ``store.imports``, so the
repository imports them; typing them against this protocol instead of ``Store`` keeps the
imports one way (no circle between repository, desk and privacy).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from store.calendar import OfficeCalendar
from store.model import Inquiry, InquiryDraft
from store.storage import SharedJSONStorage


class StorePort(Protocol):
    data_dir: Path
    calendar: OfficeCalendar
    actor: str
    clock: Callable[[], datetime]

    def storage(self, name: str) -> SharedJSONStorage: ...

    def get(self, ref: str) -> Inquiry: ...

    def inquiries(self, start: date | None = None,
                  end: date | None = None) -> list[Inquiry]: ...

    def create_inquiry(self, draft: InquiryDraft, by: str | None = None) -> Inquiry: ...

    def change(self, ref: str, action: str, change: Callable[[Inquiry], Inquiry], *,
               by: str | None = None, expected_version: int | None = None) -> Inquiry: ...
