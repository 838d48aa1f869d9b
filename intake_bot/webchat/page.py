"""What the chat page says, apart from the transcript: the promise of an answer, the office
hours, the notices, how long the session is kept and the readable reasons a message was not
taken. All text goes through gettext; the template only lays it out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from intake_bot.settings import BotSettings
from store import Store
from store.i18n import _
from store.transcripts import ChatMessage

WARN_BEFORE = timedelta(minutes=30)  # the session's end is announced this long before


def refusal_text(reason: str, retry_after: int = 0) -> str:
    """The reason a message was not taken, for the citizen; their text stays in the box."""
    if reason == "rate":
        return _("You have sent many messages in a short time. Please wait {seconds} seconds "
                 "and send again; your text is still in the box.").format(seconds=retry_after)
    if reason == "too_long":
        return _("Your message is too long. Please split it into shorter messages.")
    if reason == "empty":
        return _("Please write a message before you send.")
    return _("The page was open for a long time, so your message was not sent. Please send "
             "it again; your text is still in the box.")


def author_label(message: ChatMessage, office_name: str) -> str:
    return {"citizen": _("You"), "bot": office_name, "advisor": _("The advisor")}[message.author]


def promise_text(store: Store, now: datetime) -> list[str]:
    """When the advisor answers an inquiry sent now, and whether the office is open."""
    calendar = store.calendar
    lines = [_("If you send your inquiry now, the advisor will answer you by {due} at the "
               "latest.").format(due=calendar.short_text(calendar.response_due(now)))]
    if not calendar.is_office_time(now):
        lines.insert(0, _("The office is closed now. You can still write your inquiry here; "
                          "it is registered at once."))
    return lines


def expiry_texts(store: Store, expires_at: datetime | None,
                 now: datetime) -> tuple[str, bool, int]:
    """How long the session is kept, whether the warning before its end is due (WCAG 2.2.1),
    and in how many seconds it will be: the page's script shows it then."""
    if expires_at is None:
        return "", False, 0
    kept = _("This conversation is kept on this page until {until}; each message keeps it "
             "longer.").format(until=store.calendar.short_text(expires_at, with_time=True))
    warn_in = (expires_at - now - WARN_BEFORE).total_seconds()
    return kept, warn_in <= 0, int(max(warn_in, 0))


def labels() -> dict[str, str]:
    """The page's fixed text (kept here, not in the template, so gettext finds it)."""
    return {
        "title": _("Write to the citizens' advisor"),
        "switch_label": _("Language"),
        "log": _("Conversation"),
        "message": _("Your message"),
        "hint": _("Write one thing at a time. The bot asks you for what it needs."),
        "send": _("Send"),
        "continue": _("Continue"),
        "warning": _("This conversation will soon end, because nothing has been written for a "
                     "long time. Press \"Continue\" to keep it."),
        "you": _("You"),
        "advisor": _("The advisor"),
        "privacy": _("What you write is stored by the municipality to handle your inquiry. "
                     "The page sets one cookie, only after your first message, to remember "
                     "this conversation; nothing else is stored in your browser and nothing "
                     "is shared with others."),
        "privacy_link": _("Read how your personal data is handled"),
        "no_cpr": _("Please do not write your CPR number or health details."),
        "ended": _("Your earlier conversation has ended; it was kept for 24 hours after the "
                   "last message. Write below to start again."),
        "statement": _("Accessibility statement"),
        "privacy_policy": _("Privacy"),
        "failed": _("Your message could not be sent. Check your connection and press Send "
                    "again."),
    }


def page_context(settings: BotSettings, store: Store, *, language: str,
                 messages: list[ChatMessage], had_session: bool,
                 expires_at: datetime | None, csrf: str, message_id: str,
                 notice: str = "", draft: str = "") -> dict[str, Any]:
    """Everything the template shows, in the active language."""
    now = store.clock()
    kept, warn_now, warn_seconds = expiry_texts(store, expires_at, now)
    ended = had_session and not messages
    return {
        "language": language,
        "other_language": "en" if language == "da" else "da",
        "office_name": settings.office_name,
        "messages": [{"number": message.number, "author": message.author,
                      "label": author_label(message, settings.office_name),
                      "text": message.text} for message in messages],
        "last_number": messages[-1].number if messages else 0,
        "promise": promise_text(store, now),
        "ended": ended,
        "kept": kept,
        "warn_now": warn_now,
        "warn_seconds": warn_seconds,
        "csrf": csrf,
        "message_id": message_id,
        "notice": notice,
        "draft": draft,
        "privacy_url": settings.privacy_url,
        "accessibility_statement_url": settings.accessibility_statement_url,
        "poll_ms": int(settings.poll_seconds * 1000),
        "text": labels(),
    }
