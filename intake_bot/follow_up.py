"""A citizen writes again after filing: the message belongs to the inquiry, not a new intake.

While no intake conversation is in progress, a message from the sender of an unfinished
inquiry filed from chat is added to its journal (an incoming chat message, CPR already
masked) and acknowledged, in the language the citizen chatted in. "ny henvendelse" /
"new inquiry" starts a new intake instead. If the inquiry was closed in the last 30 days,
nothing is added: the citizen is told it is closed and how to start a new one (a closed case
is not reopened by a chat message; the advisor decides that). Older closed inquiries leave
the chat free for a new intake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake_bot.conversation import detect_language
from store import Inquiry, Store
from store.i18n import N_, _, speaking
from store.outbox import route_of

if TYPE_CHECKING:
    from intake_bot.intake import IncomingMessage

NEW_INQUIRY = {"ny henvendelse", "new inquiry", "ny sag", "new case"}


ADDED = {
    "here": N_("Thank you. Your message has been added to your inquiry {ref}; the advisor "
               "answers you here. (Write 'new inquiry' to start a new one.)"),
    "email": N_("Thank you. Your message has been added to your inquiry {ref}; the advisor "
                "answers you by e-mail. (Write 'new inquiry' to start a new one.)"),
    "contact": N_("Thank you. Your message has been added to your inquiry {ref}; the advisor "
                  "will contact you. (Write 'new inquiry' to start a new one.)"),
}


def _way_back(inquiry: Inquiry) -> str:
    """How the advisor's answer reaches the citizen, as the acknowledgement says it."""
    route = route_of(inquiry)
    if route is None:
        return "contact"  # a phone call (or a Teams chat, which cannot be written to)
    return "email" if route.via == "email" else "here"


def is_new_inquiry(text: str) -> bool:
    return " ".join(text.casefold().split()).strip(".!") in NEW_INQUIRY


def language_of(inquiry: Inquiry) -> str:
    """The language the citizen chatted in when the inquiry was filed (kept with it, as the
    conversation's state is gone by then); for an inquiry filed before that was kept, the
    language of its description."""
    citizen = inquiry.citizen
    return (citizen.chat_language if citizen is not None and citizen.chat_language
            else detect_language(inquiry.description))


def follow_up(store: Store, message: IncomingMessage, text: str,
              had_cpr: bool) -> list[str] | None:
    """The replies, None if the message is not a follow-up, [] for a handled retry."""
    if store.desk.conversation(message.sender) is not None:
        return None  # an intake in progress continues
    if message.message_id is not None and store.desk.is_message_handled(
            message.sender, message.message_id):
        return []  # a retry of a message the conversation handled (the one that filed it)
    inquiry = store.chat.inquiry_of(message.sender)
    if inquiry is None:
        return None
    with speaking(language_of(inquiry)):
        if inquiry.status.is_finished:
            return [_("Your inquiry {ref} is closed, so this message was not added to it. "
                      "Write 'new inquiry' to start a new one.").format(ref=inquiry.ref)]
        before = len(inquiry.journal)
        updated = store.chat.add_incoming(inquiry.ref, text, message.message_id)
        if len(updated.journal) == before:
            return []
        replies = [_(ADDED[_way_back(inquiry)]).format(ref=inquiry.ref)]
        if had_cpr:
            replies.insert(0, _("I have hidden a CPR number in your message. Please do not "
                                "send CPR numbers or health details in the chat."))
        return replies
