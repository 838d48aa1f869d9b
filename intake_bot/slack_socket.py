"""Slack without a public URL: the service connects out through Socket Mode.

Many municipal servers accept no inbound traffic. With ``intake.slack_mode = "socket"`` and
``SLACK_APP_TOKEN`` the service asks Slack's Web API (``apps.connections.open``) for a
WebSocket address and receives the same Events API payloads over it. Each envelope is
handled exactly like a request to ``/slack/events`` (same conversation, same dedupe by
``event_id``) and acknowledged only after the message is stored: an envelope that could not
be stored is left unacknowledged, so Slack delivers it again.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from werkzeug.exceptions import HTTPException

from intake_bot.intake import Intake
from intake_bot.security import RateLimiter
from intake_bot.settings import BotSettings
from intake_bot.slack import handle_event
from intake_bot.slack_api import SlackReplier
from store import BorgerdeskError
from store.i18n import _

log = logging.getLogger("borgerdesk.intake.slack")


class SlackSocket:
    """A Socket Mode connection, made by ``start`` and ended by ``close``."""

    def __init__(self, settings: BotSettings, intake: Intake, limiter: RateLimiter,
                 replier: SlackReplier) -> None:
        self.intake, self.limiter, self.replier = intake, limiter, replier
        web = WebClient(base_url=settings.slack_api_url.rstrip("/") + "/", timeout=10)
        self.client = SocketModeClient(app_token=settings.slack_app_token or "",
                                       web_client=web, logger=log)
        self.client.socket_mode_request_listeners.append(self._on_request)

    def start(self) -> None:
        """Connect; the client runs (and reconnects) in its own threads from here on."""
        try:
            self.client.connect()
        except SlackApiError as error:
            data = error.response.data if isinstance(error.response.data, dict) else {}
            raise BorgerdeskError(_("Slack refused the Socket Mode connection ({code}); "
                                    "check SLACK_APP_TOKEN").format(
                code=data.get("error", error.response.status_code))) from None
        except OSError as error:
            raise BorgerdeskError(_("cannot reach Slack for Socket Mode ({reason})").format(
                reason=type(error).__name__)) from None

    def close(self) -> None:
        self.client.close()

    def _on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        if request.type == "events_api":
            try:
                handle_event(request.payload, self.intake, self.limiter, self.replier)
            except (HTTPException, BorgerdeskError, OSError) as error:
                # Not acknowledged: Slack sends the envelope again later.
                log.warning("a Socket Mode event was not handled (%s)", type(error).__name__)
                return
        client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
