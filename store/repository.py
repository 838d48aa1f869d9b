"""The repository: the one API through which every part reads and changes inquiries.

``Store`` is the queries (``queries``) plus the commands here. Every write of an inquiry
passes ``entry.accepted`` (CPR numbers masked, text and dates checked) and is one atomic
transaction with the inquiry's audit record, which lives in the inquiry's own document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from msgspec.structs import replace
from tinydb.table import Document, Table

from store import rules
from store.entry import accepted
from store.errors import ConflictError, NotFoundError, ValidationError
from store.filing import GroupFiling
from store.i18n import _
from store.model import (
    Callback,
    Change,
    Inquiry,
    InquiryDraft,
    JournalEntry,
    from_document,
    make_ref,
    ref_sequence,
    ref_year,
    to_document,
)
from store.queries import Queries, StoreSettings
from store.storage import SharedJSONStorage, transaction
from store.taxonomy import JournalKind, Status

__all__ = ["Store", "StoreSettings"]

AUDIT_EXEMPT = frozenset({"version", "updated_at", "history"})
EDITABLE_FIELDS = frozenset({
    "channel", "kind", "citizen", "on_behalf_of", "subject", "description", "department",
    "primary_topic", "topics", "handling", "taken_up", "meetings",
})


class Store(Queries):
    """Inquiries of every year in one data folder, shared safely by several processes."""

    # -- creating --------------------------------------------------------------------------
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._filing = GroupFiling(self._register)

    def create_inquiry(self, draft: InquiryDraft, by: str | None = None) -> Inquiry:
        """Register a new inquiry; its reference and first-response deadline are assigned.
        Filed together with others filed at the same moment in this process (one write)."""
        return self._filing.file(draft, by or self.actor)

    def import_inquiries(self, drafts: Sequence[InquiryDraft], by: str | None = None,
                         progress: Callable[[int], None] | None = None, *,
                         digest: str | None = None, again: bool = False) -> list[Inquiry]:
        """Register many inquiries all-or-nothing, in order of receipt.

        ``progress`` is called with the number prepared so far. ``digest``, the content hash
        of an imported file, is recorded (``imports``) in the same transaction, unless there
        are no drafts; if it was recorded before, AlreadyImportedError, unless ``again``."""
        by = by or self.actor
        created = self._register([(draft, by) for draft in drafts], progress, digest=digest,
                                 again=again)
        return sorted(created, key=lambda inquiry: (inquiry.received_at, inquiry.ref))

    def _register(self, entries: Sequence[tuple[InquiryDraft, str]],
                  progress: Callable[[int], None] | None = None, *,
                  digest: str | None = None, again: bool = False) -> list[Inquiry]:
        """Register ``(draft, by)`` entries in one transaction, references given in order
        of receipt; the inquiries in the order of ``entries``."""
        prepared = sorted(((index, rules.classified(accepted(draft), self.taxonomy), by)
                           for index, (draft, by) in enumerate(entries)),
                          key=lambda entry: entry[1].received_at)
        years = sorted({self.receipt_year(draft.received_at) for _, draft, _ in prepared})
        storages = [self.files.year_storage(year) for year in years]
        if any(not storage.path.exists() for storage in storages):
            for year in self.years():  # a year file renamed to another year is damage: its
                self.files.view(year)  # references would be issued again in a new file
        imports = self.imports if digest is not None and prepared else None
        now = self.clock()
        created: dict[str, Inquiry] = {}
        in_order: dict[int, Inquiry] = {}
        contacts = rules.ContactIndex()
        # The record of the import is renamed into place last: it depends on the others.
        with transaction(*storages, *([imports.storage] if imports else [])):
            if imports is not None and not again:
                imports.refuse_recorded(digest)
            sequences = {year: next_sequence(storage) - 1
                         for year, storage in zip(years, storages, strict=True)}
            for count, (index, draft, by) in enumerate(prepared, start=1):
                year = self.receipt_year(draft.received_at)
                filed = self._filed_before(year, draft)
                if filed is not None:
                    in_order[index] = filed
                    continue
                sequences[year] += 1
                in_batch = [created[ref] for ref in contacts.refs(draft.citizen)]
                related = [*self.earlier_inquiries(draft.citizen, draft.received_at),
                           *rules.earlier_from(draft.citizen, in_batch, draft.received_at)]
                inquiry = accepted(Inquiry(
                    **draft_fields(draft), ref=make_ref(year, sequences[year]),
                    status=rules.initial_status(draft),
                    response_due=self._response_due(draft.received_at),
                    related_refs=tuple(dict.fromkeys(earlier.ref for earlier in related)),
                    created_by=by, updated_at=now,
                    history=(Change(at=now, by=by, action="create"),)))
                created[inquiry.ref] = in_order[index] = inquiry
                contacts.add(inquiry)
                if progress is not None:
                    progress(count)
            for year, storage in zip(years, storages, strict=True):
                Table(storage, "inquiries", cache_size=0).insert_multiple(
                    Document(to_document(inquiry), doc_id=ref_sequence(inquiry.ref))
                    for inquiry in created.values() if inquiry.year == year)
                Table(storage, "meta", cache_size=0).upsert(
                    Document({"last_sequence": sequences[year]}, doc_id=1))
            if imports is not None:
                imports.record_within(digest, len(created))
            current = self.files.current_views(years)
        self.files.merge_into_views(current, created.values())
        return [in_order[index] for index in range(len(entries))]

    def _filed_before(self, year: int, draft: InquiryDraft) -> Inquiry | None:
        """The inquiry that the chat message behind ``draft`` filed already: its step was
        repeated because its answer was never recorded (a crash, a file that could not be
        written). A message files one inquiry, however often it is retried."""
        citizen = draft.citizen
        if not draft.source_id or citizen is None or not citizen.chat_id:
            return None
        return next((inquiry for inquiry in self.files.matching(year, citizen)
                     if inquiry.source_id == draft.source_id and inquiry.citizen is not None
                     and inquiry.citizen.chat_id == citizen.chat_id), None)

    def _response_due(self, received_at: datetime) -> datetime:
        try:
            return self.calendar.response_due(received_at)
        except OverflowError:  # a date the calendar cannot count working days from
            raise ValidationError(_("{field} is out of range").format(
                field="received_at")) from None

    # -- changing --------------------------------------------------------------------------
    def change(self, ref: str, action: str, change: Callable[[Inquiry], Inquiry], *,
               by: str | None = None, expected_version: int | None = None) -> Inquiry:
        """Apply ``change`` to the stored inquiry under the lock, with an audit record naming
        ``action`` and the fields changed (never their values). The commands below, privacy
        and other parts' own operations all go through here."""
        ref = ref.strip().upper()
        year, sequence = ref_year(ref), ref_sequence(ref)
        if year not in self.years():
            raise NotFoundError(_("no inquiry {ref}").format(ref=ref))
        storage = self.files.year_storage(year)
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
            try:
                updated = accepted(change(current))
            except OverflowError:
                raise ValidationError(_("a date is out of range")) from None
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
            current_views = self.files.current_views([year])
        self.files.merge_into_views(current_views, [updated])
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

        return self.change(ref, "update", edit, by=by, expected_version=expected_version)

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

        return self.change(ref, "journal", add, by=by)

    def schedule_callback(self, ref: str, due_at: datetime, *, note: str = "",
                          timed: bool = True, by: str | None = None) -> Inquiry:
        """Promise a call-back or follow-up at ``due_at``."""
        def schedule(inquiry: Inquiry) -> Inquiry:
            callback = Callback(id=len(inquiry.callbacks) + 1, due_at=due_at, timed=timed,
                                note=note.strip())
            return replace(rules.touched(inquiry), callbacks=(*inquiry.callbacks, callback))

        return self.change(ref, "callback", schedule, by=by)

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

        return self.change(ref, "callback_done", complete, by=by)

    def set_status(self, ref: str, expected_version: int, status: Status, *,
                   by: str | None = None) -> Inquiry:
        """Move between new, open and waiting (reopening a closed one too)."""
        return self.change(ref, "status", lambda inquiry: rules.with_status(inquiry, status),
                            by=by, expected_version=expected_version)

    def close(self, ref: str, expected_version: int, outcome: str = "", *,
              by: str | None = None, at: datetime | None = None) -> Inquiry:
        """Finish an inquiry with its outcome."""
        at = at or self.clock()
        return self.change(ref, "close", lambda inquiry: rules.closed(inquiry, at, outcome),
                            by=by, expected_version=expected_version)

    def reject(self, ref: str, expected_version: int, reason: str, *,
               by: str | None = None, at: datetime | None = None) -> Inquiry:
        """Reject as outside competence or of minor importance; the reason is required."""
        at = at or self.clock()
        return self.change(ref, "reject", lambda inquiry: rules.rejected(inquiry, at, reason),
                            by=by, expected_version=expected_version)


def next_sequence(storage: SharedJSONStorage) -> int:
    """The next sequence number of a year: past the last one handed out, even if that
    inquiry is gone, so a reference is never issued twice."""
    data = storage.read()
    last = data.get("meta", {}).get("1", {}).get("last_sequence", 0)
    keys = list(data.get("inquiries", {}))
    if not isinstance(last, int) or not all(key.isdigit() for key in keys):
        raise storage.corrupt()
    return max([last, *map(int, keys)]) + 1


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

