"""A generic JSON endpoint for another platform's widget: ``{"session", "text", "id"}``.

Signed with a timestamp like Slack's requests (``verify_web``), and each ``id`` is handled
once, so neither a replay nor a client's retry files anything twice. The advisor's answers
to a session wait in the store's mailbox until the widget asks: every reply to ``POST
/web/messages`` carries them under ``"answers"``, and ``GET /web/messages?session=…`` (signed
over its query string, as a POST is over its body) fetches them. Each is handed out once.
"""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest

from intake_bot.intake import Intake
from intake_bot.requests import hand_over, json_object, message_id_field, text_field
from intake_bot.security import RateLimiter, verify_web
from intake_bot.settings import BotSettings
from store.mailbox import MAILBOX_FILE

SESSION_LENGTH = 200


def web_blueprint(settings: BotSettings, intake: Intake, limiter: RateLimiter) -> Blueprint:
    blueprint = Blueprint("web", __name__)

    @blueprint.post("/web/messages")
    def messages():
        body = request.get_data(cache=True)
        verify_web(settings.web_secret, request.headers.get("X-Borgerdesk-Timestamp"),
                   request.headers.get("X-Borgerdesk-Signature"), body,
                   settings.request_window_seconds)
        payload = json_object(body)
        session = text_field(payload, "session", SESSION_LENGTH)
        text = text_field(payload, "text", settings.max_body_bytes)
        sender = f"web:{session}"
        replies = hand_over(intake, limiter, "web", sender, text, message_id_field(payload),
                            also_touches=[MAILBOX_FILE])
        return {"replies": replies or [], "answers": intake.store.mailbox.take(session)}

    @blueprint.get("/web/messages")
    def answers():
        verify_web(settings.web_secret, request.headers.get("X-Borgerdesk-Timestamp"),
                   request.headers.get("X-Borgerdesk-Signature"), request.query_string,
                   settings.request_window_seconds)
        session = request.args.get("session", "")
        if not session.strip() or len(session) > SESSION_LENGTH:
            raise BadRequest(f"'session' must be 1 to {SESSION_LENGTH} characters")
        limiter.check(f"web:{session}")
        return {"answers": intake.store.mailbox.take(session)}

    return blueprint
