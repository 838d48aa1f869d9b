"""Domain rules that every part shares: statuses, what "answered" means, classification.

The TUI, the bot, the scheduler and the reports all go through these functions (via the
repository), so a rule exists exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from msgspec.structs import replace

from store.errors import ValidationError
from store.i18n import _
from store.model import Citizen, Department, Inquiry, InquiryDraft
from store.taxonomy import Status, Taxonomy

D = TypeVar("D", bound=InquiryDraft)

MANUAL_STATUSES = frozenset({Status.NEW, Status.OPEN, Status.WAITING})


def classified(draft: D, taxonomy: Taxonomy) -> D:
    """Check the classification against the taxonomy; the primary topic is always involved."""
    topics = tuple(dict.fromkeys(
        ([draft.primary_topic] if draft.primary_topic else []) + list(draft.topics)))
    for topic in topics:
        if topic not in taxonomy.topics.labels:
            raise ValidationError(_("unknown topic: {value}").format(value=topic))
    for handling in draft.handling:
        if handling not in taxonomy.handling.labels:
            raise ValidationError(_("unknown handling type: {value}").format(value=handling))
    department = draft.department
    if department is not None:
        area, unit = taxonomy.department(department.area, department.unit)
        department = Department(area=area, unit=unit)
    return replace(draft, topics=topics, handling=tuple(dict.fromkeys(draft.handling)),
                   department=department)


def initial_status(draft: InquiryDraft) -> Status:
    """An imported inquiry may already be answered or closed."""
    if draft.closed_at is not None:
        return Status.CLOSED
    if draft.first_response_at is not None:
        return Status.OPEN
    return Status.NEW


def touched(inquiry: Inquiry) -> Inquiry:
    """Any work on a new inquiry opens it."""
    return replace(inquiry, status=Status.OPEN) if inquiry.status is Status.NEW else inquiry


def answered(inquiry: Inquiry, at: datetime) -> Inquiry:
    """Record the first response, once: later responses do not move it."""
    if inquiry.first_response_at is not None:
        return inquiry
    if at < inquiry.received_at:
        raise ValidationError(_("a response cannot come before the inquiry was received"))
    return replace(inquiry, first_response_at=at)


def with_status(inquiry: Inquiry, status: Status) -> Inquiry:
    """Move between new, open and waiting; reopening a finished inquiry clears its end."""
    if status not in MANUAL_STATUSES:
        raise ValidationError(_("use close or reject to finish an inquiry"))
    return replace(inquiry, status=status, closed_at=None)


def closed(inquiry: Inquiry, at: datetime, outcome: str) -> Inquiry:
    """Closing tells the citizen the result, so it answers the inquiry if nothing had."""
    return replace(answered(inquiry, at), status=Status.CLOSED, closed_at=at,
                   outcome=outcome.strip())


def rejected(inquiry: Inquiry, at: datetime, reason: str) -> Inquiry:
    """Outside competence or of minor importance: the reason is required and is the answer."""
    if not reason.strip():
        raise ValidationError(_("a rejection needs a reason"))
    return replace(answered(inquiry, at), status=Status.REJECTED, closed_at=at,
                   outcome=reason.strip())


def is_open_at(inquiry: Inquiry, moment: datetime) -> bool:
    """Received and not yet closed or rejected at ``moment`` (also for a past moment)."""
    return inquiry.received_at <= moment and (
        inquiry.closed_at is None or inquiry.closed_at > moment)


def answered_by(inquiry: Inquiry, moment: datetime) -> bool:
    return inquiry.first_response_at is not None and inquiry.first_response_at <= moment


def answered_in_time(inquiry: Inquiry) -> bool:
    """The office kept its promise: the first response came by the deadline."""
    return answered_by(inquiry, inquiry.response_due)


def outstanding(inquiry: Inquiry, moment: datetime) -> list[tuple[str, datetime, int | None]]:
    """What the office owed the citizen at ``moment``, as (kind, due, call-back id): each
    call-back not done by then and the first response if not given; nothing once closed.
    The dashboard, the digest, the overdue filter and the summaries all ask this."""
    if not is_open_at(inquiry, moment):
        return []
    owed: list[tuple[str, datetime, int | None]] = [
        ("callback", callback.due_at, callback.id) for callback in inquiry.callbacks
        if callback.done_at is None or callback.done_at > moment]
    if not answered_by(inquiry, moment):
        owed.append(("first_response", inquiry.response_due, None))
    return owed


def is_overdue(inquiry: Inquiry, moment: datetime) -> bool:
    """Something owed at ``moment`` was due before it."""
    return any(due_at < moment for _kind, due_at, _id in outstanding(inquiry, moment))


class ContactIndex:
    """References by contact key, so a citizen's earlier inquiries are found without a scan.

    Never changed once built (``with_added`` makes a new one), so threads can share it."""

    def __init__(self, by_key: dict[str, frozenset[str]] | None = None) -> None:
        self._by_key = by_key or {}

    def with_added(self, inquiries: Iterable[Inquiry]) -> ContactIndex:
        index = ContactIndex(dict(self._by_key))
        for inquiry in inquiries:
            index.add(inquiry)
        return index

    def add(self, inquiry: Inquiry) -> None:
        """Only while building an index that no other thread sees yet."""
        if inquiry.citizen is not None:
            for key in inquiry.citizen.contact_keys():
                self._by_key[key] = self._by_key.get(key, frozenset()) | {inquiry.ref}

    def refs(self, citizen: Citizen | None) -> set[str]:
        """References of inquiries that shared a contact key with ``citizen`` when indexed;
        check the current inquiries with ``earlier_from``, since contacts can be edited."""
        if citizen is None:
            return set()
        return {ref for key in citizen.contact_keys() for ref in self._by_key.get(key, ())}


def earlier_from(citizen: Citizen | None, inquiries: Iterable[Inquiry],
                 before: datetime) -> list[Inquiry]:
    """Earlier inquiries from the same citizen, matched on phone, e-mail or chat id."""
    keys = citizen.contact_keys() if citizen else frozenset()
    if not keys:
        return []
    found = [inquiry for inquiry in inquiries
             if inquiry.received_at < before and inquiry.citizen is not None
             and keys & inquiry.citizen.contact_keys()]
    return sorted(found, key=lambda inquiry: (inquiry.received_at, inquiry.ref))
