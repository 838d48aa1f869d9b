"""The repository: the one API through which every part reads and changes inquiries.

Inquiries live in one file per year of receipt (``inquiries-2026.json``), so the file that
everyday writes touch stays small (design.md section 4). Each file holds the inquiries, keyed
by their sequence number, and a ``meta`` table with the last sequence handed out, so a
reference is never reused. An inquiry's audit trail lives in its own document: a change and
its audit record are one atomic write.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import msgspec
from msgspec.structs import replace
from tinydb.table import Document, Table

from store import rules
from store.agenda import DueItem, agenda
from store.calendar import OfficeCalendar
from store.chat import ChatLog
from store.desk import Desk
from store.errors import ConflictError, NotFoundError, ValidationError
from store.i18n import _
from store.mailbox import Mailbox
from store.model import (
    Callback,
    Change,
    Citizen,
    Inquiry,
    InquiryDraft,
    JournalEntry,
    from_document,
    make_ref,
    ref_sequence,
    ref_year,
    to_document,
    utcnow,
    validated,
)
from store.outbox import Outbox
from store.paths import private_directory
from store.privacy import Privacy
from store.search import Filters, matches
from store.storage import SharedJSONStorage, paused_gc, transaction
from store.taxonomy import JournalKind, Status, Taxonomy

AUDIT_EXEMPT = frozenset({"version", "updated_at", "history"})
EDITABLE_FIELDS = frozenset({
    "channel", "kind", "citizen", "on_behalf_of", "subject", "description", "department",
    "primary_topic", "topics", "handling", "taken_up", "meetings",
})


class YearFile(msgspec.Struct):
    """The part of a year file that readers need (TinyDB's other tables are skipped)."""

    inquiries: dict[str, Inquiry] = msgspec.field(default_factory=dict)


YEAR_FILE = msgspec.json.Decoder(YearFile)


@dataclass(frozen=True)
class StoreSettings:
    """What the store needs from the configuration."""

    calendar: OfficeCalendar = field(default_factory=OfficeCalendar)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    lock_timeout: float = 30.0


class _YearView:
    """One year file decoded, valid while the storage's generation is unchanged."""

    def __init__(self, generation: int, inquiries: tuple[Inquiry, ...],
                 contacts: rules.ContactIndex | None = None) -> None:
        self.generation = generation
        self.inquiries = inquiries
        self.by_ref = {inquiry.ref: inquiry for inquiry in inquiries}
        self._contacts = contacts

    @property
    def contacts(self) -> rules.ContactIndex:
        """Built on first use: a summary of 33,000 inquiries never needs it."""
        if self._contacts is None:
            self._contacts = rules.ContactIndex().with_added(self.inquiries)
        return self._contacts

    def contacts_with(self, added: Iterable[Inquiry]) -> rules.ContactIndex | None:
        """The index plus ``added``, if it was built already (else it is built when used)."""
        return self._contacts.with_added(added) if self._contacts is not None else None


class Store:
    """Inquiries of every year in one data folder, shared safely by several processes."""

    def __init__(self, data_dir: str | Path, settings: StoreSettings | None = None, *,
                 actor: str | None = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.data_dir = private_directory(Path(data_dir))
        self.settings = settings or StoreSettings()
        self.calendar = self.settings.calendar
        self.taxonomy = self.settings.taxonomy
        self.actor = actor or getpass.getuser()
        self.clock = clock
        self._storages: dict[Path, SharedJSONStorage] = {}
        self._views: dict[int, _YearView] = {}

    # -- files -----------------------------------------------------------------------------
    def storage(self, name: str) -> SharedJSONStorage:
        """The shared storage of one file in the data folder (also for other stores' files)."""
        path = self.data_dir / name
        if path not in self._storages:
            self._storages[path] = SharedJSONStorage(path, self.settings.lock_timeout)
        return self._storages[path]

    @property
    def privacy(self) -> Privacy:
        """Retention, erasure, the access log and access requests."""
        return Privacy(self)

    @property
    def desk(self) -> Desk:
        """Chat conversations in progress and once-only markers (``desk.json``)."""
        return Desk(self)

    @property
    def outbox(self) -> Outbox:
        """Answers to citizens, stored before the service sends them (design.md 5)."""
        return Outbox(self)

    @property
    def chat(self) -> ChatLog:
        """Citizens' follow-up messages and which the advisor has not seen."""
        return ChatLog(self)

    @property
    def mailbox(self) -> Mailbox:
        """Answers waiting for a web chat citizen to fetch them."""
        return Mailbox(self)

    def _year_storage(self, year: int) -> SharedJSONStorage:
        return self.storage(f"inquiries-{year:04d}.json")

    def years(self) -> list[int]:
        """The years of receipt that have a file."""
        return sorted(int(path.stem.removeprefix("inquiries-"))
                      for path in self.data_dir.glob("inquiries-[0-9][0-9][0-9][0-9].json"))

    def change_token(self) -> tuple[tuple[str, int, int, int], ...]:
        """Cheap to compute (a stat of each year file) and different whenever another
        process or this one changed any inquiry: what the TUI polls."""
        token = []
        for path in sorted(self.data_dir.glob("inquiries-[0-9][0-9][0-9][0-9].json")):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            token.append((path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
        return tuple(token)

    def receipt_year(self, received_at: datetime) -> int:
        return self.calendar.local_date(received_at).year

    # -- reading ---------------------------------------------------------------------------
    def _view(self, year: int) -> _YearView:
        storage = self._year_storage(year)
        with storage.snapshot_bytes() as content:
            view = self._views.get(year)
            if view is None or view.generation != storage.generation:
                try:
                    with paused_gc():
                        decoded = YEAR_FILE.decode(content) if content else YearFile()
                except msgspec.MsgspecError as error:
                    raise ValidationError(_("{file} holds an invalid inquiry: {error}").format(
                        file=storage.path.name, error=error)) from None
                view = self._remember(year, storage.generation, decoded.inquiries.values())
        return view

    def _remember(self, year: int, generation: int, inquiries: Iterable[Inquiry],
                  contacts: rules.ContactIndex | None = None) -> _YearView:
        ordered = tuple(sorted(inquiries, key=lambda inquiry: (inquiry.received_at,
                                                                inquiry.ref)))
        view = _YearView(generation, ordered, contacts)
        self._views[year] = view
        return view

    def _current_views(self, years: Iterable[int]) -> list[int]:
        """Inside a transaction: the years whose decoded view still matches the file."""
        return [year for year in years if year in self._views
                and self._views[year].generation == self._year_storage(year).generation]

    def _merge_into_views(self, years: list[int], changed: Iterable[Inquiry]) -> None:
        """After our own write, update the decoded views instead of decoding files again."""
        by_year: dict[int, dict[str, Inquiry]] = {}
        for inquiry in changed:
            by_year.setdefault(inquiry.year, {})[inquiry.ref] = inquiry
        for year in years:
            view, fresh = self._views[year], by_year.get(year, {})
            merged = {**view.by_ref, **fresh}
            self._remember(year, self._year_storage(year).generation, merged.values(),
                           view.contacts_with(fresh.values()))

    def get(self, ref: str) -> Inquiry:
        """The inquiry with this reference; NotFoundError if there is none."""
        ref = ref.strip().upper()
        year = ref_year(ref)
        inquiry = self._view(year).by_ref.get(ref) if year in self.years() else None
        if inquiry is None:
            raise NotFoundError(_("no inquiry {ref}").format(ref=ref))
        return inquiry

    def inquiries(self, start: date | None = None, end: date | None = None) -> list[Inquiry]:
        """Inquiries received from ``start`` to ``end`` (office-local dates, inclusive)."""
        found: list[Inquiry] = []
        for year in self.years():
            if (start and year < start.year) or (end and year > end.year):
                continue
            inquiries = self._view(year).inquiries
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
        words = text.casefold().split()
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
        candidates = []
        for year in self.years():
            view, storage = self._views.get(year), self._year_storage(year)
            current = view is not None and view.generation == storage.generation
            if current or not storage.in_transaction:
                view = self._view(year)
                candidates += [view.by_ref[ref] for ref in view.contacts.refs(citizen)]
            else:  # writing after another process changed the file: skip decoding it all
                candidates += self._matching_documents(storage, citizen)
        return rules.earlier_from(citizen, candidates, before or self.clock())

    @staticmethod
    def _matching_documents(storage: SharedJSONStorage, citizen: Citizen) -> list[Inquiry]:
        """Inquiries whose stored citizen shares a contact key, from the parsed documents."""
        keys = citizen.contact_keys()
        found = []
        for document in storage.read().get("inquiries", {}).values():
            stored = document.get("citizen")
            if stored and keys & Citizen(phone=stored.get("phone", ""),
                                         email=stored.get("email", ""),
                                         chat_id=stored.get("chat_id", "")).contact_keys():
                found.append(from_document(document, Inquiry))
        return found

    # -- creating --------------------------------------------------------------------------
    def create_inquiry(self, draft: InquiryDraft, by: str | None = None) -> Inquiry:
        """Register a new inquiry; its reference and first-response deadline are assigned."""
        return self.import_inquiries([draft], by=by)[0]

    def import_inquiries(self, drafts: Sequence[InquiryDraft], by: str | None = None,
                         progress: Callable[[int], None] | None = None) -> list[Inquiry]:
        """Register many inquiries all-or-nothing, in order of receipt.

        ``progress`` is called with the number prepared so far."""
        drafts = sorted((rules.classified(validated(draft), self.taxonomy) for draft in drafts),
                        key=lambda draft: draft.received_at)
        years = sorted({self.receipt_year(draft.received_at) for draft in drafts})
        storages = {year: self._year_storage(year) for year in years}
        by, now = by or self.actor, self.clock()
        created: dict[str, Inquiry] = {}
        contacts = rules.ContactIndex()
        with transaction(*storages.values()):
            sequences = {year: self._next_sequence(storage) - 1
                         for year, storage in storages.items()}
            for count, draft in enumerate(drafts, start=1):
                year = self.receipt_year(draft.received_at)
                sequences[year] += 1
                in_batch = [created[ref] for ref in contacts.refs(draft.citizen)]
                related = [*self.earlier_inquiries(draft.citizen, draft.received_at),
                           *rules.earlier_from(draft.citizen, in_batch, draft.received_at)]
                inquiry = validated(Inquiry(
                    **draft_fields(draft), ref=make_ref(year, sequences[year]),
                    status=rules.initial_status(draft),
                    response_due=self.calendar.response_due(draft.received_at),
                    related_refs=tuple(dict.fromkeys(earlier.ref for earlier in related)),
                    created_by=by, updated_at=now,
                    history=(Change(at=now, by=by, action="create"),)))
                created[inquiry.ref] = inquiry
                contacts.add(inquiry)
                if progress is not None:
                    progress(count)
            for year, storage in storages.items():
                Table(storage, "inquiries", cache_size=0).insert_multiple(
                    Document(to_document(inquiry), doc_id=ref_sequence(inquiry.ref))
                    for inquiry in created.values() if inquiry.year == year)
                Table(storage, "meta", cache_size=0).upsert(
                    Document({"last_sequence": sequences[year]}, doc_id=1))
            current = self._current_views(years)
        self._merge_into_views(current, created.values())
        return list(created.values())

    @staticmethod
    def _next_sequence(storage: SharedJSONStorage) -> int:
        data = storage.read()
        last = data.get("meta", {}).get("1", {}).get("last_sequence", 0)
        highest = max(map(int, data.get("inquiries", {})), default=0)
        return max(last, highest) + 1

    # -- changing --------------------------------------------------------------------------
    def _change(self, ref: str, action: str, change: Callable[[Inquiry], Inquiry], *,
                by: str | None = None, expected_version: int | None = None) -> Inquiry:
        """Apply ``change`` to the stored inquiry under the lock, with an audit record."""
        ref = ref.strip().upper()
        year, sequence = ref_year(ref), ref_sequence(ref)
        if year not in self.years():
            raise NotFoundError(_("no inquiry {ref}").format(ref=ref))
        storage = self._year_storage(year)
        with transaction(storage):
            table = Table(storage, "inquiries", cache_size=0)
            document = table.get(doc_id=sequence)
            if document is None:
                raise NotFoundError(_("no inquiry {ref}").format(ref=ref))
            current = from_document(document, Inquiry)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    _("{ref} was changed by {by} while you edited it").format(
                        ref=ref, by=current.history[-1].by if current.history else "?"),
                    ref=ref, expected=expected_version, actual=current.version)
            updated = validated(change(current))
            before, after = to_document(current), to_document(updated)
            fields = tuple(name for name in Inquiry.__struct_fields__
                           if name not in AUDIT_EXEMPT and after.get(name) != before.get(name))
            if not fields:
                return current
            now = self.clock()
            updated = replace(updated, version=current.version + 1, updated_at=now,
                              history=(*current.history, Change(
                                  at=now, by=by or self.actor, action=action, fields=fields)))
            table.update(replacing_with(to_document(updated)), doc_ids=[sequence])
            current_views = self._current_views([year])
        self._merge_into_views(current_views, [updated])
        return updated

    def update(self, ref: str, expected_version: int, changes: dict[str, object],
               by: str | None = None) -> Inquiry:
        """Change editable fields; ConflictError if someone else changed it since
        ``expected_version``, so two editors never silently overwrite each other."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(_("these fields cannot be edited: {fields}").format(
                fields=", ".join(sorted(unknown))))

        def edit(inquiry: Inquiry) -> Inquiry:
            edited = from_document({**to_document(inquiry), **to_document(changes)},
                                   Inquiry)
            return rules.touched(rules.classified(edited, self.taxonomy))

        return self._change(ref, "update", edit, by=by, expected_version=expected_version)

    def add_journal(self, ref: str, kind: JournalKind, text: str, *, by: str | None = None,
                    at: datetime | None = None, is_response: bool = False) -> Inquiry:
        """Add a note, call, e-mail, letter or meeting to the journal; ``is_response`` marks
        it as the answer to the citizen (the first one sets the first response)."""
        at = at or self.clock()

        def add(inquiry: Inquiry) -> Inquiry:
            entry = JournalEntry(id=len(inquiry.journal) + 1, at=at, kind=kind,
                                 text=text.strip(), by=by or self.actor)
            inquiry = replace(rules.touched(inquiry), journal=(*inquiry.journal, entry))
            return rules.answered(inquiry, at) if is_response else inquiry

        return self._change(ref, "journal", add, by=by)

    def schedule_callback(self, ref: str, due_at: datetime, *, note: str = "",
                          timed: bool = True, by: str | None = None) -> Inquiry:
        """Promise a call-back or follow-up at ``due_at``."""
        def schedule(inquiry: Inquiry) -> Inquiry:
            callback = Callback(id=len(inquiry.callbacks) + 1, due_at=due_at, timed=timed,
                                note=note.strip())
            return replace(rules.touched(inquiry), callbacks=(*inquiry.callbacks, callback))

        return self._change(ref, "callback", schedule, by=by)

    def complete_callback(self, ref: str, callback_id: int, *, by: str | None = None,
                          at: datetime | None = None) -> Inquiry:
        """Mark a call-back done; the citizen was reached, so this answers the inquiry."""
        at = at or self.clock()

        def complete(inquiry: Inquiry) -> Inquiry:
            callbacks = list(inquiry.callbacks)
            for index, callback in enumerate(callbacks):
                if callback.id == callback_id and callback.done_at is None:
                    callbacks[index] = replace(callback, done_at=at, done_by=by or self.actor)
                    break
            else:
                raise NotFoundError(_("{ref} has no open call-back {id}").format(
                    ref=inquiry.ref, id=callback_id))
            return rules.answered(replace(rules.touched(inquiry), callbacks=tuple(callbacks)),
                                  at)

        return self._change(ref, "callback_done", complete, by=by)

    def set_status(self, ref: str, expected_version: int, status: Status, *,
                   by: str | None = None) -> Inquiry:
        """Move between new, open and waiting (reopening a closed one too)."""
        return self._change(ref, "status", lambda inquiry: rules.with_status(inquiry, status),
                            by=by, expected_version=expected_version)

    def close(self, ref: str, expected_version: int, outcome: str = "", *,
              by: str | None = None, at: datetime | None = None) -> Inquiry:
        """Finish an inquiry with its outcome."""
        at = at or self.clock()
        return self._change(ref, "close", lambda inquiry: rules.closed(inquiry, at, outcome),
                            by=by, expected_version=expected_version)

    def reject(self, ref: str, expected_version: int, reason: str, *,
               by: str | None = None, at: datetime | None = None) -> Inquiry:
        """Reject as outside competence or of minor importance; the reason is required."""
        at = at or self.clock()
        return self._change(ref, "reject", lambda inquiry: rules.rejected(inquiry, at, reason),
                            by=by, expected_version=expected_version)


def replacing_with(document: dict[str, object]) -> Callable[[dict[str, object]], None]:
    """A TinyDB update that replaces the whole document. A plain update merges, which would
    keep a field the new document leaves out (a default, such as a removed citizen)."""
    def replace_all(stored: dict[str, object]) -> None:
        stored.clear()
        stored.update(document)

    return replace_all


def draft_fields(draft: InquiryDraft) -> dict[str, object]:
    """The fields a draft contributes to a new inquiry (also when given a whole inquiry)."""
    return {name: getattr(draft, name) for name in InquiryDraft.__struct_fields__}

