"""The classification vocabulary: channels, kinds, statuses, topics, handling, departments.

Codes are what is stored and written to files; labels are what people read. Topics, handling
types and the department tree can be configured per municipality; the defaults below follow
the advisors' shared registration practice (design.md 1.2 and 1.3).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from store.errors import ValidationError
from store.i18n import LANGUAGES, N_, _, translations


class Channel(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    WALK_IN = "walk_in"
    LETTER = "letter"
    OWN_INITIATIVE = "own_initiative"


class Kind(enum.StrEnum):
    COMPLAINT = "complaint"
    OTHER = "other"


class Status(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    CLOSED = "closed"
    REJECTED = "rejected"

    @property
    def is_finished(self) -> bool:
        """Closed and rejected inquiries need nothing more from the advisor."""
        return self in (Status.CLOSED, Status.REJECTED)


class JournalKind(enum.StrEnum):
    NOTE = "note"
    CALL = "call"
    EMAIL = "email"
    LETTER = "letter"
    MEETING = "meeting"
    CHAT = "chat"  # a message in the chat the citizen used, in or out


class Direction(enum.StrEnum):
    """Of a message between the citizen and the office: from the citizen, or to them."""

    IN = "in"
    OUT = "out"


class Delivery(enum.StrEnum):
    """Where an answer to the citizen is on its way out (the outbox, design.md 5)."""

    PENDING = "pending"    # stored, waiting for the service (again, after a failed try)
    SENDING = "sending"    # handed to the platform; if the service stops here, it is not resent
    SENT = "sent"          # the platform confirmed it
    FAILED = "failed"      # not delivered: the advisor must reach the citizen another way


ENUM_LABELS: dict[enum.StrEnum, str] = {
    Channel.PHONE: N_("Phone"),
    Channel.EMAIL: N_("E-mail"),
    Channel.CHAT: N_("Chat"),
    Channel.WALK_IN: N_("Walk-in"),
    Channel.LETTER: N_("Letter"),
    Channel.OWN_INITIATIVE: N_("Own initiative"),
    Kind.COMPLAINT: N_("Complaint"),
    Kind.OTHER: N_("Other inquiry"),
    Status.NEW: N_("New"),
    Status.OPEN: N_("Open"),
    Status.WAITING: N_("Waiting"),
    Status.CLOSED: N_("Closed"),
    Status.REJECTED: N_("Rejected"),
    JournalKind.NOTE: N_("Note"),
    JournalKind.CALL: N_("Call"),
    JournalKind.EMAIL: N_("E-mail"),
    JournalKind.LETTER: N_("Letter"),
    JournalKind.MEETING: N_("Meeting"),
    JournalKind.CHAT: N_("Chat"),
    Delivery.PENDING: N_("waiting"),
    Delivery.SENDING: N_("sending"),
    Delivery.SENT: N_("sent"),
    Delivery.FAILED: N_("not delivered"),
}

DEFAULT_TOPICS: dict[str, str] = {
    "guidance": N_("Guidance"),
    "processing_time": N_("Processing time"),
    "case_information": N_("Case information / inquisitorial principle"),
    "hearing": N_("Hearing of parties"),
    "access_to_files": N_("Access to files"),
    "record_keeping": N_("Record keeping / filing"),
    "decision_reasoning": N_("Decision / reasoning"),
    "complaint_guidance": N_("Guidance on complaints"),
    "communication": N_("Communication / conduct"),
    "coordination": N_("Coordination"),
    "progression": N_("Progression"),
    "other": N_("Other"),
}

DEFAULT_HANDLING: dict[str, str] = {
    "signposting": N_("Signposting"),
    "forwarding": N_("Contact with / forwarding to the administration"),
    "advice": N_("Guidance / advice"),
    "complaint_help": N_("Help with complaints and other processes"),
    "investigation": N_("Investigation"),
    "meeting": N_("Attending a meeting"),
    "mediation": N_("Mediation"),
}

DEFAULT_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Social- og Sundhedsforvaltningen": (
        "Beskæftigelses- og Socialafdelingen",
        "Psykiatri- og Handicapafdelingen",
        "Sundheds- og Omsorgsafdelingen",
    ),
    "Børne- og Ungeforvaltningen": ("Familie og Forebyggelse", "Skole og Dagtilbud"),
    "By- og Miljøforvaltningen": ("Byafdeling og Byggesag", "Natur og Trafik"),
    "Økonomi- og Borgerserviceforvaltningen": ("Borgerservice",),
}


def label(value: enum.StrEnum) -> str:
    """The translated label of a channel, kind, status or journal kind."""
    return _(ENUM_LABELS[value])


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _spellings(code: str, message: str) -> set[str]:
    """Every way a person may write a code: the code, each language's label and its parts."""
    names = {code, code.replace("_", " ")}
    for language in LANGUAGES:
        text = translations(language).gettext(message)
        names.add(text)
        names.update(part for part in text.split("/") if part.strip())
    return {_folded(name) for name in names}


@dataclass(frozen=True)
class Vocabulary:
    """One configurable list of codes with their labels (topics or handling types)."""

    name: str
    labels: Mapping[str, str]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for code, message in self.labels.items():
            for spelling in _spellings(code, message):
                lookup.setdefault(spelling, code)
        object.__setattr__(self, "_lookup", lookup)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, code: str) -> str:
        return _(self.labels[code]) if code in self.labels else code

    def resolve(self, text: str) -> str:
        """The code for a code or a label in either language; ValidationError if unknown."""
        code = self._lookup.get(_folded(text))
        if code is None:
            raise ValidationError(_("unknown {vocabulary}: {value}").format(
                vocabulary=_(self.name), value=text.strip()))
        return code


@dataclass(frozen=True)
class Taxonomy:
    """The municipality's departments tree (area -> units), topics and handling types."""

    departments: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_DEPARTMENTS))
    topics: Vocabulary = field(
        default_factory=lambda: Vocabulary(N_("topic"), DEFAULT_TOPICS))
    handling: Vocabulary = field(
        default_factory=lambda: Vocabulary(N_("handling type"), DEFAULT_HANDLING))

    def resolve_department(self, text: str) -> tuple[str, str | None]:
        """``Area/Unit``, ``Area`` or a unique ``Unit`` -> the canonical (area, unit)."""
        if _folded(text) in {_folded(area) for area in self.departments}:
            return self.department(text, None)
        area_text, _sep, unit_text = text.partition("/")
        if not unit_text:
            owners = [(a, u) for a, units in self.departments.items() for u in units
                      if _folded(u) == _folded(area_text)]
            if len(owners) == 1:
                return owners[0]
        return self.department(area_text, unit_text or None)

    def department(self, area_text: str, unit_text: str | None) -> tuple[str, str | None]:
        """The canonical spelling of an area and unit; ValidationError if unknown."""
        areas = {_folded(area): area for area in self.departments}
        area = areas.get(_folded(area_text))
        if area is None:
            raise ValidationError(_("unknown department: {value}").format(
                value=area_text.strip()))
        if unit_text is None or not unit_text.strip():
            return area, None
        units = {_folded(unit): unit for unit in self.departments[area]}
        unit = units.get(_folded(unit_text))
        if unit is None:
            raise ValidationError(_("unknown unit in {area}: {value}").format(
                area=area, value=unit_text.strip()))
        return area, unit
