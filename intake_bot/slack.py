"""Slack Events API: signed ``event_callback`` messages in direct messages.

The message is handled (and durably stored) before the 200 acknowledgement, which comes in
milliseconds; the replies go out afterwards with ``chat.postMessage`` from a worker pool.
A retry of an event that was handled is acknowledged and not handled again; a retry of an
event never seen (the first delivery was lost) is handled.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, request

from intake_bot.intake import Intake
from intake_bot.requests import hand_over, json_object
from intake_bot.security import RateLimiter, verify_slack
from intake_bot.settings import BotSettings

log = logging.getLogger("borgerdesk.intake.slack")
CITIZEN_SUBTYPES = {None, "file_share", "thread_broadcast"}
RETRY_DELAYS = (0.5, 1.0, 2.0)


class SlackReplier:
    """Posts replies with chat.postMessage, retrying with backoff; failures are logged
    without the channel, which is one citizen's direct-message channel."""

    def __init__(self, settings: BotSettings, pool: ThreadPoolExecutor) -> None:
        if not settings.slack_api_url.startswith(("https://", "http://")):
            raise ValueError("the Slack API URL must be http(s)")
        self.url = settings.slack_api_url.rstrip("/") + "/chat.postMessage"
        self.token = settings.slack_bot_token
        self.pool = pool

    def send(self, channel: str, texts: list[str]) -> None:
        self.pool.submit(self._post_all, channel, texts)

    def _post_all(self, channel: str, texts: list[str]) -> None:
        for text in texts:
            self._post(channel, text)

    def _post(self, channel: str, text: str) -> bool:
        body = json.dumps({"channel": channel, "text": text}).encode()
        for delay in (*RETRY_DELAYS, None):
            post = urllib.request.Request(self.url, data=body, method="POST", headers={  # noqa: S310 - http(s) only, checked above
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}"})
            try:
                with urllib.request.urlopen(post, timeout=10) as response:  # noqa: S310 - as above
                    if json.loads(response.read() or b"{}").get("ok"):
                        return True
            except (urllib.error.URLError, OSError, ValueError) as error:
                log.warning("chat.postMessage failed (%s)", type(error).__name__)
            if delay is not None:
                time.sleep(delay)
        log.error("gave up posting a reply to Slack")  # the channel id names the citizen
        return False


def is_citizen_message(event: object) -> bool:
    """A direct message written by a person: not the bot's own echo, not an edit."""
    return (isinstance(event, dict) and event.get("type") == "message"
            and "bot_id" not in event and event.get("subtype") in CITIZEN_SUBTYPES
            and event.get("channel_type") == "im" and isinstance(event.get("user"), str)
            and isinstance(event.get("channel"), str) and isinstance(event.get("text"), str))


def slack_blueprint(settings: BotSettings, intake: Intake, limiter: RateLimiter,
                    replier: SlackReplier) -> Blueprint:
    blueprint = Blueprint("slack", __name__)

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
        event = payload.get("event")
        if payload.get("type") != "event_callback" or not is_citizen_message(event):
            return {"ok": True}
        sender = f"slack:{payload.get('team_id', '')}:{event['user']}"
        replies = hand_over(intake, limiter, "slack", sender, event["text"],
                            payload.get("event_id"), reply_to=event["channel"])
        if replies:
            replier.send(event["channel"], replies)
        return {"ok": True}

    return blueprint
