"""The domain model: an inquiry and what hangs off it, validated with msgspec.

Structs are frozen, so whatever the store hands out can be shared between threads and cached
without anyone changing the store's copy behind its back; a change is a new struct
(``msgspec.structs.replace``) written through the repository. Times are timezone-aware and
stored in UTC (design.md 1.1).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import msgspec

from store.contacts import contact_keys
from store.errors import ValidationError
from store.i18n import _
from store.taxonomy import Channel, Delivery, Direction, JournalKind, Kind, Status

Timestamp = Annotated[datetime, msgspec.Meta(tz=True)]
Count = Annotated[int, msgspec.Meta(ge=0)]
T = TypeVar("T")
REF_PATTERN = re.compile(r"^BR-(\d{4})-(\d{4,})$")

# Fields whose values are personal data: never logged, never in audit records or summaries.
PERSONAL_FIELDS = frozenset({"citizen", "on_behalf_of", "subject", "description", "outcome"})


class Frozen(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True,
             omit_defaults=True, gc=False):
    """Base of every stored struct; defaults are left out of files, keeping them small.

    Frozen structs of strings, numbers and tuples cannot form reference cycles, so the garbage
    collector need not track them (``gc=False``): decoding thousands stays fast."""


class Citizen(Frozen, kw_only=True):
    """Who contacted the office; an anonymous inquiry has no Citizen at all."""

    name: str = ""
    phone: str = ""
    email: str = ""
    chat_id: str = ""
    chat_channel: str = ""  # where the platform takes answers, e.g. a Slack DM channel id
    chat_language: str = ""  # "da" or "en": the chat's language, for replies after filing

    def contact_keys(self) -> frozenset[str]:
        """Normalised phone, e-mail and chat id: what identifies the same citizen again."""
        return contact_keys(self.phone, self.email, self.chat_id)


class Representative(Frozen, kw_only=True):
    """A relative or representative who contacts the office on the citizen's behalf."""

    name: str
    relation: str = ""


class Department(Frozen, kw_only=True):
    """Where in the administration the matter belongs: an area and optionally a unit."""

    area: str
    unit: str | None = None

    def __str__(self) -> str:
        return f"{self.area}/{self.unit}" if self.unit else self.area


class Callback(Frozen, kw_only=True):
    """A promised call-back or follow-up."""

    id: int
    due_at: Timestamp
    timed: bool = True  # False: some time that day, no reminder before it
    note: str = ""
    done_at: Timestamp | None = None
    done_by: str = ""


class JournalEntry(Frozen, kw_only=True):
    """One item of the case's written record (notatpligt)."""

    id: int
    at: Timestamp
    kind: JournalKind
    text: str
    by: str
    # Messages with the citizen (store/outbox.py): the direction; for an answer going out,
    # where it goes (``via``), its delivery state, tries, when to try next and the error
    # code of the last failure (a code only: an error's text could carry personal data).
    direction: Direction | None = None
    via: str = ""
    delivery: Delivery | None = None
    attempts: Count = 0
    next_try_at: Timestamp | None = None
    sent_at: Timestamp | None = None
    error: str = ""
    source_id: str = ""  # the platform's message id of an incoming message, against retries


class Change(Frozen, kw_only=True):
    """One audit record: who did what to which fields, never the values themselves."""

    at: Timestamp
    by: str
    action: str
    fields: tuple[str, ...] = ()


class InquiryDraft(Frozen, kw_only=True):
    """What is known when an inquiry is registered or imported, before it has a reference."""

    received_at: Timestamp
    channel: Channel = Channel.PHONE
    kind: Kind = Kind.OTHER
    citizen: Citizen | None = None
    on_behalf_of: Representative | None = None
    subject: str = ""
    description: str = ""
    department: Department | None = None
    primary_topic: str | None = None
    topics: tuple[str, ...] = ()
    handling: tuple[str, ...] = ()
    taken_up: bool = False
    meetings: Count = 0
    first_response_at: Timestamp | None = None
    closed_at: Timestamp | None = None
    outcome: str = ""
    source_id: str = ""  # the chat message that filed it: its retry finds it, files nothing

    def __post_init__(self) -> None:
        for name in ("first_response_at", "closed_at"):
            value = getattr(self, name)
            if value is not None and value < self.received_at:
                raise ValidationError(_("{field} is before received_at").format(field=name))


class Inquiry(InquiryDraft, kw_only=True):
    """One citizen's contact about one matter (a *henvendelse*), as stored."""

    ref: str
    status: Status = Status.NEW
    response_due: Timestamp
    callbacks: tuple[Callback, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    related_refs: tuple[str, ...] = ()
    created_by: str
    updated_at: Timestamp
    version: int = 1
    history: tuple[Change, ...] = ()
    anonymised_at: Timestamp | None = None  # personal data removed (retention or erasure)

    @property
    def year(self) -> int:
        return ref_year(self.ref)

    @property
    def answered(self) -> bool:
        """The citizen has had a first response (what the 3-working-day promise is about)."""
        return self.first_response_at is not None

    def open_callbacks(self) -> tuple[Callback, ...]:
        return tuple(callback for callback in self.callbacks if callback.done_at is None)


def ref_year(ref: str) -> int:
    """The year of a reference such as ``BR-2026-0042``; ValidationError if malformed. The
    message never repeats the value: what was typed instead may be a name or a CPR number."""
    match = REF_PATTERN.match(ref.strip().upper())
    if match is None:
        raise ValidationError(_("not a reference (a reference looks like {example})").format(
            example="BR-2026-0042"))
    return int(match.group(1))


def ref_sequence(ref: str) -> int:
    ref_year(ref)
    return int(ref.strip().upper().rsplit("-", 1)[1])


def make_ref(year: int, sequence: int) -> str:
    return f"BR-{year:04d}-{sequence:04d}"


def to_document(value: Any) -> Any:
    """Plain JSON-ready values (dicts, lists, strings) of a struct, or of a dict of structs,
    enums and times, as TinyDB stores them and ``from_document`` validates them."""
    return msgspec.to_builtins(value)


def from_document(document: Any, type_: type[T]) -> T:
    """Validate a stored or submitted dict into a struct; ValidationError names the field."""
    try:
        return msgspec.convert(document, type_)
    except msgspec.ValidationError as error:
        raise ValidationError(str(error)) from None


def validated(struct: T) -> T:
    """Check a struct built in code as strictly as one decoded from a file."""
    return from_document(to_document(struct), type(struct))


def utcnow() -> datetime:
    return datetime.now(UTC)
