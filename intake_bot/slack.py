"""Slack Events API: signed ``event_callback`` messages in direct messages.

The message is handled (and durably stored) before the 200 acknowledgement, which comes in
milliseconds; the replies go out afterwards with ``chat.postMessage`` (``slack_api``).
A retry of an event that was handled is acknowledged and not handled again; a retry of an
event never seen (the first delivery was lost) is handled.
"""

from __future__ import annotations

from flask import Blueprint, request

from intake_bot.intake import Intake
from intake_bot.requests import hand_over, json_object
from intake_bot.security import RateLimiter, verify_slack
from intake_bot.settings import BotSettings
from intake_bot.slack_api import SlackReplier
from intake_bot.slack_text import from_slack

CITIZEN_SUBTYPES = {None, "file_share", "thread_broadcast"}
SLACK_BODY_LIMIT = 256 * 1024


def is_citizen_message(event: object) -> bool:
    """A direct message written by a person: not the bot's own echo, not an edit."""
    return (isinstance(event, dict) and event.get("type") == "message"
            and "bot_id" not in event and event.get("subtype") in CITIZEN_SUBTYPES
            and event.get("channel_type") == "im" and isinstance(event.get("user"), str)
            and isinstance(event.get("channel"), str) and isinstance(event.get("text"), str))


def handle_event(payload: dict, intake: Intake, limiter: RateLimiter,
                 replier: SlackReplier) -> None:
    """An Events API payload, however it came (HTTP or Socket Mode): a citizen's direct
    message is handed to the conversation (durably, before the caller acknowledges it) and
    the replies are queued for ``chat.postMessage``; anything else is ignored."""
    event = payload.get("event")
    if payload.get("type") != "event_callback" or not is_citizen_message(event):
        return
    sender = f"slack:{payload.get('team_id', '')}:{event['user']}"
    replies = hand_over(intake, limiter, "slack", sender, from_slack(event["text"]),
                        payload.get("event_id"), has_files=bool(event.get("files")),
                        reply_to=event["channel"])
    if replies:
        replier.send(event["channel"], replies)


def slack_blueprint(settings: BotSettings, intake: Intake, limiter: RateLimiter,
                    replier: SlackReplier) -> Blueprint:
    blueprint = Blueprint("slack", __name__)

    @blueprint.before_request
    def room_for_long_messages():
        """Slack allows 40,000 characters in a message; escaped in JSON with the event
        around it, that is more than the other routes' limit."""
        request.max_content_length = max(settings.max_body_bytes, SLACK_BODY_LIMIT)

    @blueprint.post("/slack/events")
    def events():
        body = request.get_data(cache=True)
        verify_slack(settings.slack_signing_secret,
                     request.headers.get("X-Slack-Request-Timestamp"),
                     request.headers.get("X-Slack-Signature"), body,
                     settings.request_window_seconds)
        payload = json_object(body)
        if payload.get("type") == "url_verification":
            return {"challenge": str(payload.get("challenge", ""))}
        handle_event(payload, intake, limiter, replier)
        return {"ok": True}

    return blueprint
