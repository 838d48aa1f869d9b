"""Reading: the queries every part asks of the store (the commands are in ``repository``).

The year files are decoded and cached by ``yearfiles``; these methods only select from the
decoded structs, so a search, the agenda or a summary never parses a file twice. The other
files' helpers (privacy, imports, the desk, the outbox, the mailbox) are imported when first
used: the TUI's first screen and ``borgerdesk --help`` need none of them.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from store import rules
from store.agenda import DueItem, agenda
from store.calendar import OfficeCalendar
from store.chat import ChatLog
from store.errors import NotFoundError
from store.i18n import _
from store.model import Callback, Citizen, Inquiry, ref_year, utcnow
from store.search import Filters, matches, search_words
from store.storage import SharedJSONStorage
from store.taxonomy import Taxonomy
from store.yearfiles import YearFiles

if TYPE_CHECKING:
    from store.desk import Desk
    from store.imports import Imports
    from store.mailbox import Mailbox
    from store.outbox import Outbox
    from store.privacy import Privacy


@dataclass(frozen=True)
class StoreSettings:
    """What the store needs from the configuration."""

    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    lock_timeout: float = 30.0


class Queries:
    """Inquiries of every year in one data folder, read; ``Store`` adds the commands."""

    def __init__(self, data_dir: str | Path, settings: StoreSettings | None = None, *,
                 actor: str | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings or StoreSettings()
        self.files = YearFiles(Path(data_dir), self.settings.lock_timeout)
        self.data_dir = self.files.data_dir
        self.calendar = self.settings.calendar
        self.taxonomy = self.settings.taxonomy
        self.actor = actor or getpass.getuser()
        self.clock = clock

    # -- files -----------------------------------------------------------------------------
    def storage(self, name: str) -> SharedJSONStorage:
        """The shared storage of one file in the data folder (also for other stores' files)."""
        return self.files.storage(name)

    @property
    def privacy(self) -> Privacy:
        """Retention, erasure, the access log and access requests."""
        from store.privacy import Privacy

        return Privacy(self)

    @property
    def desk(self) -> Desk:
        """Chat conversations in progress and once-only markers (``desk.json``)."""
        from store.desk import Desk

        return Desk(self)

    @property
    def imports(self) -> Imports:
        """Which files were imported (by content hash), and when."""
        from store.imports import Imports

        return Imports(self)

    @property
    def outbox(self) -> Outbox:
        """Answers to citizens, stored before the service sends them."""
        from store.outbox import Outbox

        return Outbox(self)

    @property
    def chat(self) -> ChatLog:
        """Citizens' follow-up messages and which the advisor has not seen."""
        return ChatLog(self)

    @property
    def mailbox(self) -> Mailbox:
        """Answers waiting for a web chat citizen to fetch them."""
        from store.mailbox import Mailbox

        return Mailbox(self)

    def years(self) -> list[int]:
        """The years of receipt that have a file."""
        return self.files.years()

    def change_token(self) -> tuple[tuple[str, int, int, int], ...]:
        """Cheap to compute (a stat of each year file) and different whenever another
        process or this one changed any inquiry: what the TUI polls."""
        return self.files.change_token()

    def receipt_year(self, received_at: datetime) -> int:
        return self.calendar.local_date(received_at).year

    # -- reading ---------------------------------------------------------------------------
    def get(self, ref: str) -> Inquiry:
        """The inquiry with this reference; NotFoundError if there is none."""
        ref = ref.strip().upper()
        year = ref_year(ref)
        inquiry = self.files.view(year).by_ref.get(ref) if year in self.years() else None
        if inquiry is None:
            raise NotFoundError(_("no inquiry {ref}").format(ref=ref))
        return inquiry

    def inquiries(self, start: date | None = None, end: date | None = None) -> list[Inquiry]:
        """Inquiries received from ``start`` to ``end`` (office-local dates, inclusive)."""
        found: list[Inquiry] = []
        for year in self.years():
            if (start and year < start.year) or (end and year > end.year):
                continue
            inquiries = self.files.view(year).inquiries
            whole_year = ((start is None or start <= date(year, 1, 1))
                          and (end is None or end >= date(year, 12, 31)))
            if whole_year:  # a file holds one year of receipt: no need to look at each
                found.extend(inquiries)
                continue
            local_date = self.calendar.local_date
            found.extend(inquiry for inquiry in inquiries
                         if (start is None or local_date(inquiry.received_at) >= start)
                         and (end is None or local_date(inquiry.received_at) <= end))
        return found

    def search(self, text: str = "", filters: Filters | None = None) -> list[Inquiry]:
        """Inquiries whose reference, citizen, subject or text contain every word of
        ``text``, narrowed by ``filters``; newest first."""
        filters = filters or Filters()
        words = search_words(text)
        now = self.clock()
        candidates = self.inquiries(filters.start, filters.end)
        found = [inquiry for inquiry in candidates
                 if matches(inquiry, words, filters, now, self.calendar)]
        return found[::-1]

    def agenda(self, now: datetime | None = None, working_days_ahead: int = 2) -> list[DueItem]:
        """First responses and call-backs overdue, due today and in the next working days."""
        now = now or self.clock()
        unfinished = (inquiry for inquiry in self.inquiries()
                      if not inquiry.status.is_finished)
        return agenda(unfinished, now, self.calendar, working_days_ahead)

    def due_callbacks(self, now: datetime | None = None) -> list[tuple[Inquiry, Callback]]:
        """Open call-backs due at or before ``now`` on unfinished inquiries."""
        now = now or self.clock()
        return [(inquiry, callback) for inquiry in self.inquiries()
                if not inquiry.status.is_finished
                for callback in inquiry.open_callbacks() if callback.due_at <= now]

    def earlier_inquiries(self, citizen: Citizen | None,
                          before: datetime | None = None) -> list[Inquiry]:
        """Earlier inquiries from the same citizen (phone, e-mail or chat id), oldest first."""
        if citizen is None or not citizen.contact_keys():
            return []
        candidates = [inquiry for year in self.years()
                      for inquiry in self.files.matching(year, citizen)]
        return rules.earlier_from(citizen, candidates, before or self.clock())
