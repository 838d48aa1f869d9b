"""Showing citizens' text literally: markup in it (``[red]``, ``[link=...]``) stays text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from store import Inquiry, JournalEntry, OfficeCalendar
from store.i18n import N_, _
from store.taxonomy import Delivery, Direction, label


def literal(value: object, style: str = "") -> Text:
    """A Text that Rich and Textual never parse for markup."""
    return Text(str(value) if value is not None else "", style=style)


def citizen_name(inquiry: Inquiry) -> Text:
    if inquiry.citizen is None:
        return Text(_("anonymous"), style="italic")
    return literal(inquiry.citizen.name or inquiry.citizen.phone or inquiry.citizen.email)


def when(calendar: OfficeCalendar, moment: datetime | None, with_time: bool = True) -> str:
    return calendar.short_text(moment, with_time) if moment else "–"


DELIVERY_STYLES = {Delivery.PENDING: "yellow", Delivery.SENDING: "yellow",
                   Delivery.SENT: "green", Delivery.FAILED: "bold red"}


def journal_kind(entry: JournalEntry) -> Text:
    """The entry's kind, with an arrow for a message from (←) or to (→) the citizen."""
    arrow = {Direction.IN: " ←", Direction.OUT: " →"}.get(entry.direction, "")
    return literal(label(entry.kind) + arrow)


def journal_text(entry: JournalEntry) -> Text:
    """The entry's text (literally); an answer's delivery state first, e.g. "[sent]"."""
    if entry.delivery is None:
        return literal(entry.text)
    return Text.assemble((f"[{label(entry.delivery)}] ", DELIVERY_STYLES[entry.delivery]),
                         entry.text)


def unread_mark(citizen: Text, unread: bool) -> Text:
    """The citizen's name, marked ✉ while their messages in the inquiry are unread."""
    return Text.assemble(("✉ ", "bold"), citizen) if unread else citizen


ACTIONS = {"create": N_("registered"), "update": N_("edited"), "journal": N_("journal"),
           "callback": N_("call-back scheduled"), "callback_done": N_("call-back done"),
           "status": N_("status changed"), "close": N_("closed"), "reject": N_("rejected"),
           "answer": N_("answer written"), "answer sending": N_("answer being sent"),
           "answer sent": N_("answer sent"), "answer failed": N_("answer not sent"),
           "citizen message": N_("message from the citizen"), "view": N_("viewed")}
FIELDS = {"kind": N_("Kind"), "department": N_("Department"),
          "primary_topic": N_("Primary topic"), "topics": N_("Topics"),
          "handling": N_("Handling"), "taken_up": N_("Taken up"), "meetings": N_("Meetings"),
          "status": N_("Status"), "outcome": N_("Outcome"), "journal": N_("Journal"),
          "callbacks": N_("Call-backs"), "subject": N_("Subject"),
          "description": N_("Description"), "citizen": N_("Citizen"),
          "on_behalf_of": N_("On behalf of"), "first_response_at": N_("First response"),
          "closed_at": N_("Closed"), "related_refs": N_("Earlier inquiries")}


def history_line(action: str, fields: tuple[str, ...]) -> str:
    """An audit record in words ("edited: Topics, Handling"), never as stored codes."""
    words = _(ACTIONS[action]) if action in ACTIONS else action
    if not fields:
        return words
    return words + ": " + ", ".join(_(FIELDS[name]) if name in FIELDS else name
                                    for name in fields)
