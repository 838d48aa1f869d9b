"""Personal data: masking CPR numbers, anonymising inquiries, access log, access requests.

Anonymising removes the citizen, the representative, every free text (subject, description,
outcome, journal texts, call-back notes) and keeps the reference, the dates, the
classification and the links to earlier inquiries, so every statistic of a past period is the
same afterwards. Views of an inquiry are logged per month in ``access-YYYY-MM.json``; neither
they nor the change history ever hold personal values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec
from msgspec.structs import replace
from tinydb.table import Table

from store.cpr import mask_cpr as mask_cpr  # where the intake and tests look for it
from store.desk import Desk
from store.errors import NotFoundError, ValidationError
from store.i18n import _
from store.mailbox import MAILBOX_FILE
from store.model import Citizen, Inquiry, to_document
from store.ports import StorePort
from store.storage import transaction
from store.transcripts import PAGE_SESSION, Transcripts, transcript_file


class ErasureReason(StrEnum):
    """Why personal data was removed: the audit trail keeps this code, never free text
    (a reason typed by hand tends to name the person)."""

    REQUEST = "request"  # the citizen asked (erasure, GDPR article 17)
    RETENTION = "retention"  # kept as long as allowed
    ERROR = "error"  # registered by mistake
    OTHER = "other"


REASON_CODES = tuple(reason.value for reason in ErasureReason)


def anonymised(inquiry: Inquiry, at: datetime) -> Inquiry:
    """The inquiry without personal data; what the statistics count is kept."""
    return replace(
        inquiry, citizen=None, on_behalf_of=None, subject="", description="", outcome="",
        journal=tuple(replace(entry, text="") for entry in inquiry.journal),
        callbacks=tuple(replace(callback, note="") for callback in inquiry.callbacks),
        anonymised_at=at)


def months_before(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, 28)  # every month has a 28th
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    by: str
    ref: str
    action: str
    fields: tuple[str, ...] = ()


class Privacy:
    """Retention, erasure, the access log and access requests for one store."""

    def __init__(self, store: StorePort) -> None:
        self.store = store

    # -- retention and erasure -----------------------------------------------------------
    def due_for_anonymisation(self, retention_months: int) -> list[Inquiry]:
        """Closed or rejected longer than the retention period ago, not yet anonymised."""
        try:
            cutoff = months_before(self.store.clock(), retention_months)
        except (ValueError, OverflowError):  # more months than the calendar has years for
            raise ValidationError(_("{field} is out of range").format(
                field="privacy.retention_months")) from None
        return [inquiry for inquiry in self.store.inquiries()
                if inquiry.status.is_finished and inquiry.anonymised_at is None
                and inquiry.closed_at is not None and inquiry.closed_at <= cutoff]

    def anonymise(self, ref: str, reason: ErasureReason | str,
                  by: str | None = None) -> Inquiry:
        """Remove an inquiry's personal data now; ``reason`` is one of ``REASON_CODES``."""
        if reason not in REASON_CODES:
            raise ValidationError(_("the reason must be one of: {codes}").format(
                codes=", ".join(REASON_CODES)))
        now = self.store.clock()
        citizen = self.store.get(ref).citizen
        chat_id = citizen.chat_id if citizen is not None else ""
        inquiry = self.store.change(  # erased already: unchanged, so no second audit record
            ref, f"anonymise ({ErasureReason(reason).value})",
            lambda inquiry: inquiry if inquiry.anonymised_at else anonymised(inquiry, now),
            by=by)
        if (self.store.data_dir / MAILBOX_FILE).exists():  # answers not yet fetched
            self.store.mailbox.drop(inquiry.ref)
        if chat_id.startswith(PAGE_SESSION) and (
                self.store.data_dir / transcript_file(chat_id)).exists():  # the page's
            Transcripts(self.store).forget(chat_id)
        return inquiry

    def purge(self, retention_months: int, dry_run: bool = False,
              by: str | None = None) -> list[str]:
        """Anonymise everything past retention; the references (only listed on a dry run)."""
        refs = [i.ref for i in self.due_for_anonymisation(retention_months)]
        if not dry_run:
            for ref in refs:
                self.anonymise(ref, ErasureReason.RETENTION, by=by)
        return refs

    # -- access log ----------------------------------------------------------------------
    def _access_storage(self, moment: datetime):
        return self.store.storage(f"access-{self.store.calendar.local(moment):%Y-%m}.json")

    def record_view(self, ref: str, by: str | None = None) -> None:
        """Log that someone looked at an inquiry's details."""
        now = self.store.clock()
        storage = self._access_storage(now)
        with transaction(storage):
            Table(storage, "views", cache_size=0).insert(
                {"at": now.isoformat(), "by": by or self.store.actor, "ref": ref})

    def audit(self, ref: str | None = None) -> list[AuditRecord]:
        """Every change and every view, of one inquiry or all, oldest first."""
        records = [AuditRecord(change.at, change.by, inquiry.ref, change.action, change.fields)
                   for inquiry in ([self.store.get(ref)] if ref is not None  # "" is no ref
                                   else self.store.inquiries())
                   for change in inquiry.history]
        for path in sorted(self.store.data_dir.glob("access-*.json")):
            with self.store.storage(path.name).snapshot() as data:
                records += [AuditRecord(datetime.fromisoformat(view["at"]), view["by"],
                                        view["ref"], "view")
                            for view in data.get("views", {}).values()
                            if ref is None or view["ref"] == ref]
        return sorted(records, key=lambda record: (record.at, record.ref))

    # -- access requests -------------------------------------------------------------------
    def about_citizen(self, query: str) -> dict[str, Any]:
        """Everything stored about one person: their inquiries (with journal), chat
        conversations in progress, and the audit records of those inquiries. ``query`` is a
        name (matched whole), a phone number, an e-mail address or a chat id.

        ValidationError for a blank query (it would match everyone without a name);
        NotFoundError when nothing matches, so no empty export is written."""
        name = " ".join(query.casefold().split())
        if not name:
            raise ValidationError(_("give a name, phone, e-mail or chat id"))
        if query.encode(errors="replace").decode() != query:  # a lone surrogate
            raise ValidationError(_("{field} holds a character that cannot be stored").format(
                field="query"))
        with_citizen = [i for i in self.store.inquiries() if i.citizen is not None]
        matched = {i.ref: i for i in with_citizen
                   if " ".join(i.citizen.name.casefold().split()) == name}
        keys = set(Citizen(phone=query, email=query, chat_id=query).contact_keys())
        for inquiry in matched.values():
            keys |= inquiry.citizen.contact_keys()
        while True:  # the same person by any phone, e-mail or chat id found so far
            found = {i.ref: i for i in with_citizen if keys & i.citizen.contact_keys()}
            new = {ref: i for ref, i in found.items() if ref not in matched}
            if not new:
                break
            matched |= new
            for inquiry in new.values():
                keys |= inquiry.citizen.contact_keys()
        matches = sorted(matched.values(), key=lambda i: (i.received_at, i.ref))
        refs = {inquiry.ref for inquiry in matches}
        chat_ids = {inquiry.citizen.chat_id for inquiry in matches if inquiry.citizen.chat_id}
        conversations = [conversation for conversation in self._conversations()
                         if conversation["key"] in chat_ids | {query.strip()}]
        if not matches and not conversations:
            raise NotFoundError(_("nothing is stored about this person"))
        audit = [record for record in self.audit() if record.ref in refs]
        transcripts = Transcripts(self.store)
        return {
            "query": query, "exported_at": self.store.clock().isoformat(),
            "inquiries": [to_document(inquiry) for inquiry in matches],
            "conversations": conversations,
            "chat_page_transcripts": {
                chat_id: [msgspec.to_builtins(message)
                          for message in transcripts.messages(chat_id)]
                for chat_id in sorted(chat_ids) if chat_id.startswith(PAGE_SESSION)},
            "audit": [msgspec.to_builtins(record) for record in audit],
        }

    def _conversations(self) -> Iterator[dict[str, Any]]:
        yield from Desk(self.store).conversations()
