"""What the intake bot needs from the configuration (built by ``borgerdesk/config.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BotSettings:
    office_name: str = "Borgerrådgiveren"
    platforms: tuple[str, ...] = ("slack", "teams", "web")
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_api_url: str = "https://slack.com/api"
    slack_mode: str = "events"  # or "socket": connect out with the app token, no public URL
    slack_app_token: str | None = field(default=None, repr=False)
    teams_hmac_secret: str | None = field(default=None, repr=False)
    web_secret: str | None = field(default=None, repr=False)
    max_body_bytes: int = 64 * 1024
    messages_per_minute: int = 20  # per sender; more is answered 429
    request_window_seconds: int = 300  # Slack's timestamp window and Teams' body timestamp
    reply_workers: int = 4
    smtp_url: str | None = field(default=None, repr=False)  # answers by e-mail
    office_email: str = ""  # the sender of answers by e-mail
    outbox_poll_seconds: float = 1.0
    # The citizens' chat page (platform "webchat").
    privacy_url: str = ""
    accessibility_statement_url: str = ""
    frame_ancestors: tuple[str, ...] = ()  # origins allowed to embed /chat in an iframe
    trusted_proxies: tuple[str, ...] = ()  # X-Forwarded-For/-Proto believed from these only
    webchat_address_messages_per_minute: int = 60  # per client address, all its sessions
    webchat_new_conversations_per_hour: int = 10  # per client address
    poll_seconds: float = 3.0  # how often the page asks for new messages
