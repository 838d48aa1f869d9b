"""From one citizen's message to the bot's replies: the part every platform shares.

Masks CPR numbers before anything is stored, answers "status BR-2026-0042" to the citizen who
filed that inquiry (and nobody else), adds a message written after filing to that inquiry
(``follow_up``), runs the conversation step under the store's lock and fills in the
reference and the answer-by date once an inquiry is filed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake_bot.conversation import Context, detect_language, step
from intake_bot.follow_up import follow_up, is_new_inquiry, language_of
from store import Inquiry, NotFoundError, Store, ValidationError
from store.desk import Exchange
from store.i18n import N_, _, speaking
from store.privacy import mask_cpr
from store.taxonomy import label

NO_FILES = N_("I cannot receive files here; please describe what the file shows in words.")
STATUS = re.compile(r"^\s*status\s+(BR-\d{4}-\d{4,})\s*$", re.IGNORECASE)
MAX_REPLY = 4000


@dataclass(frozen=True)
class IncomingMessage:
    """A citizen's message, whatever platform it came from."""

    platform: str
    sender: str  # unique per citizen and platform, e.g. "slack:T1:U2"
    text: str
    message_id: str | None = None  # the platform's id, to recognise retries
    has_files: bool = False  # files cannot be received: the citizen is told so
    reply_to: str = ""  # where the platform takes answers to this sender (Slack: DM channel)
    language: str | None = None  # the page's language, if the platform has one (webchat)


def split_text(text: str, limit: int = MAX_REPLY) -> list[str]:
    """Cut a long reply at line or word boundaries into messages of at most ``limit``."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


class Intake:
    """Talks citizens through an intake and files their inquiries in the store."""

    def __init__(self, store: Store, office_name: str) -> None:
        self.store = store
        self.office_name = office_name

    def language(self, sender: str, text: str) -> str:
        """The language of the sender's conversation, else the one ``text`` is written in."""
        state = self.store.desk.conversation(sender) or {}
        return state.get("language") or detect_language(text)

    def handle(self, message: IncomingMessage) -> list[str] | None:
        """The replies to one message; None when it is a retry that was handled already."""
        text, had_cpr = mask_cpr(message.text)
        status = STATUS.match(text)
        if status:
            return self._status(message, status.group(1).upper())
        if not text.strip():  # a file alone: nothing for the conversation to take
            return self._files_only(message)
        if not is_new_inquiry(text):
            followed = follow_up(self.store, message, text, had_cpr)
            if followed is not None:
                return followed or None
        context = Context(self.store.taxonomy, self.store.clock(), message.sender,
                          self.office_name, reply_to=message.reply_to,
                          language=message.language)
        exchange = self.store.desk.converse(message.sender, message.message_id,
                                            lambda state: step(state, text, context))
        if exchange is None:
            return None
        replies = exchange.replies
        language = exchange.language or (exchange.state or {}).get("language") \
            or detect_language(text)
        with speaking(language):
            if exchange.created is not None:
                due = self.store.calendar.short_text(exchange.created.response_due)
                replies = [reply.replace("{ref}", exchange.created.ref).replace("{due}", due)
                           for reply in replies]
            if had_cpr:
                replies = [_("I have hidden a CPR number in your message. Please do not send "
                             "CPR numbers or health details in the chat."), *replies]
            if message.has_files:
                replies = [_(NO_FILES), *replies]
        return [part for reply in replies for part in split_text(reply)]

    def _files_only(self, message: IncomingMessage) -> list[str] | None:
        if message.message_id is not None and not self.store.desk.mark_message_once(
                message.sender, message.message_id):
            return None
        with speaking(self.language(message.sender, message.text)):
            return [_(NO_FILES), _("Please write your answer as text.")]

    def keep_alive(self, sender: str) -> None:
        """Restart the idle time of a conversation in progress (the citizen is still there)."""
        self.store.desk.converse(sender, None, lambda state: Exchange(state))

    def _status(self, message: IncomingMessage, ref: str) -> list[str] | None:
        if message.message_id is not None and not self.store.desk.mark_message_once(
                message.sender, message.message_id):
            return None
        try:
            inquiry = self.store.get(ref)
        except (NotFoundError, ValidationError):
            inquiry = None
        if inquiry is None or inquiry.citizen is None \
                or inquiry.citizen.chat_id != message.sender:
            with speaking(self.language(message.sender, message.text)):
                return [_("I cannot find an inquiry {ref} from you.").format(ref=ref)]
        # A conversation in progress speaks its language; else the one this chat was
        # filed in (the conversation that filed it has ended).
        state = self.store.desk.conversation(message.sender) or {}
        with speaking(state.get("language") or language_of(inquiry)):
            return [self._status_text(inquiry)]

    def _status_text(self, inquiry: Inquiry) -> str:
        calendar, ref = self.store.calendar, inquiry.ref
        if inquiry.status.is_finished:
            return _("{ref}: {status}.").format(ref=ref, status=label(inquiry.status))
        if not inquiry.answered:
            return _("{ref}: {status}. The advisor will answer you by {due}.").format(
                ref=ref, status=label(inquiry.status),
                due=calendar.short_text(inquiry.response_due))
        upcoming = sorted(callback.due_at for callback in inquiry.open_callbacks())
        if upcoming:
            return _("{ref}: {status}. The advisor will contact you {when}.").format(
                ref=ref, status=label(inquiry.status),
                when=calendar.short_text(upcoming[0], with_time=True))
        return _("{ref}: {status}. You have had a first answer.").format(
            ref=ref, status=label(inquiry.status))
