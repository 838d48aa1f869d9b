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
