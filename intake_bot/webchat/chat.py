"""What happens to a message sent from the chat page, whichever way it came (form or fetch).

Limits first (per client address: messages a minute and new conversations an hour; per
session: the bot's usual messages a minute), so a refused message leaves no trace. Then the
intake conversation answers (once per message id: a form sent twice is answered once), and
the citizen's line (CPR-masked) and the replies are kept in the session's transcript in one
write, after the conversation's own write. After the inquiry is filed the citizen's further
lines are still kept, so the page shows them; what the desk does with them is the intake's
business.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from werkzeug.exceptions import TooManyRequests

from intake_bot.conversation import CANCEL
from intake_bot.health import files_readable
from intake_bot.intake import IncomingMessage, Intake
from intake_bot.security import RateLimiter
from intake_bot.settings import BotSettings
from store.privacy import mask_cpr
from store.transcripts import PAGE_PLATFORM, ChatMessage, Transcripts, transcript_file

MAX_TEXT = 4000  # characters of one message; the form's textarea says the same


class Refused(Exception):  # noqa: N818 - a decision, not a failure
    """The message was not taken; ``reason`` is a key the page turns into readable text."""

    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


@dataclass(frozen=True)
class Sent:
    """A taken message: the session it went to and the lines it added to the transcript."""

    session_id: str
    added: list[ChatMessage]


def sender_of(session_id: str) -> str:
    """The conversation and transcript key of a page session (the citizen's chat id)."""
    return f"{PAGE_PLATFORM}:{session_id}"


def clean_text(text: str) -> str:
    """The text as it can be stored: lone surrogates and control characters (other than line
    breaks and tabs) replaced, line endings made ``\\n``, outer blank space removed."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char if char in "\n\t" or unicodedata.category(char) != "Cc" else "\ufffd"
                   for char in text).strip()


class ChatDesk:
    """Takes the page's messages: limits, transcript, conversation."""

    def __init__(self, settings: BotSettings, intake: Intake, limiter: RateLimiter) -> None:
        self.intake = intake
        self.transcripts = Transcripts(intake.store)
        self.session_limiter = limiter
        self.address_limiter = RateLimiter(settings.webchat_address_messages_per_minute)
        self.new_limiter = RateLimiter(settings.webchat_new_conversations_per_hour, 3600.0)

    def send(self, session_id: str | None, new_session_id: str, text: str, message_id: str,
             address: str, language: str) -> Sent:
        """Take one message; a new session (``new_session_id``) when there is none yet."""
        text = clean_text(text)
        if not text:
            raise Refused("empty")
        if len(text) > MAX_TEXT:
            raise Refused("too_long")
        try:
            self.address_limiter.check(f"address:{address}")
            if session_id is None:
                self.new_limiter.check(f"new:{address}")
            session_id = session_id or new_session_id
            self.session_limiter.check(sender_of(session_id))
        except TooManyRequests as error:
            raise Refused("rate", getattr(error, "retry_after", 60)) from None
        sender = sender_of(session_id)
        # Refused whole, before any part is stored.
        files_readable(self.intake.store, [transcript_file(sender)])
        replies = self.intake.handle(IncomingMessage(PAGE_PLATFORM, sender, text, message_id,
                                                     language=language))
        if replies is None:  # the same form sent twice: it was answered the first time
            return Sent(session_id, [])
        if self._cancelled(sender, text):  # nothing the citizen wrote is kept
            return Sent(session_id, self.transcripts.append(
                sender, [("bot", reply) for reply in replies],
                message_id=f"citizen:{message_id}", forget_earlier=True))
        masked, _had_cpr = mask_cpr(text)
        lines = [("citizen", masked), *(("bot", reply) for reply in replies)]
        filed = self.intake.store.chat.inquiry_of(sender) is not None
        return Sent(session_id, self.transcripts.append(
            sender, lines, message_id=f"citizen:{message_id}", filed=filed))

    def _cancelled(self, sender: str, text: str) -> bool:
        """The citizen cancelled an intake in progress: it ended, and nothing was filed from
        this page before (a filed inquiry's conversation stays on the page)."""
        return (" ".join(text.casefold().split()) in CANCEL
                and self.intake.store.desk.conversation(sender) is None
                and not self.intake.store.chat.inquiry_of(sender))

    def keep(self, session_id: str | None) -> bool:
        """The citizen chose to continue: the session (and the conversation) live on."""
        if session_id is None or not self.transcripts.touch(sender_of(session_id)):
            return False
        self.intake.keep_alive(sender_of(session_id))
        return True
