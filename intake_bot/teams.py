"""Microsoft Teams outgoing webhook: an @mention in a channel, answered in the response body.

Teams signs the body (HMAC) but puts no time limit on it, so the body's own ``timestamp``
must be recent, or a recorded request could be replayed.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest, Unauthorized

from intake_bot.intake import Intake
from intake_bot.requests import hand_over, json_object, message_id_field, text_field
from intake_bot.security import RateLimiter, verify_teams
from intake_bot.settings import BotSettings
from store.i18n import _, speaking

# Neither pattern may cross a "<": a message of many unclosed tags would otherwise be
# scanned to its end from every one of them (quadratic; 60 KB took seconds).
MENTION = re.compile(r"<at>[^<]*</at>")
TAG = re.compile(r"<[^<>]+>")


def plain_text(text: str) -> str:
    """The message without the bot's @mention and without Teams' HTML."""
    return html.unescape(TAG.sub(" ", MENTION.sub("", text))).strip()


def teams_blueprint(settings: BotSettings, intake: Intake, limiter: RateLimiter) -> Blueprint:
    blueprint = Blueprint("teams", __name__)

    @blueprint.post("/teams/messages")
    def messages():
        body = request.get_data(cache=True)
        verify_teams(settings.teams_hmac_secret, request.headers.get("Authorization"), body)
        payload = json_object(body)
        try:
            sent = datetime.fromisoformat(str(payload.get("timestamp", "")).replace("Z", "+00:00"))
        except ValueError:
            raise BadRequest("'timestamp' is missing or not ISO 8601") from None
        if sent.tzinfo is None:
            raise BadRequest("'timestamp' has no time zone")
        if abs((datetime.now(UTC) - sent).total_seconds()) > settings.request_window_seconds:
            raise Unauthorized("stale timestamp")
        sender_info = payload.get("from")
        if not isinstance(sender_info, dict) or not isinstance(sender_info.get("id"), str):
            raise BadRequest("'from.id' is missing")
        sender = f"teams:{sender_info['id']}"
        text = plain_text(text_field(payload, "text", settings.max_body_bytes))
        replies = hand_over(intake, limiter, "teams", sender, text,
                            message_id_field(payload))
        if replies is None:  # the same activity again: its answer went out the first time
            with speaking(intake.language(sender, text)):
                replies = [_("I have received this message already.")]
        return {"type": "message", "text": "\n\n".join(replies)}

    return blueprint
