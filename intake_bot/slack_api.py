"""Posting to Slack through slack_sdk's ``WebClient``, and the bot's replies kept in order.

The client honours 429 ``Retry-After`` and backs off with jitter on server errors and, for
replies, on connection errors; Slack's own refusals (``invalid_auth``, ``channel_not_found``)
are never retried. Failures are logged with Slack's error code only: the channel is one
citizen's direct-message channel and the text is theirs.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import RandomJitter

from intake_bot.slack_text import to_slack

log = logging.getLogger("borgerdesk.intake.slack")
RETRIES = 3


class SlackPostError(Exception):
    """Slack did not take a message; ``code`` is Slack's error code or the failure's type."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SlackApi:
    """``chat.postMessage`` against ``api_url`` (Slack's, or a fake in tests and staging).

    ``retry_connection_errors`` is off where a message must go at most once: after a broken
    connection it cannot be known whether Slack took it."""

    def __init__(self, api_url: str, token: str | None, *, backoff: float = 0.5,
                 retry_connection_errors: bool = True, timeout: int = 10) -> None:
        if not api_url.startswith(("https://", "http://")):
            raise ValueError("the Slack API URL must be http(s)")
        backoff_with_jitter = BackoffRetryIntervalCalculator(backoff_factor=backoff,
                                                             jitter=RandomJitter())
        handlers = [RateLimitErrorRetryHandler(max_retry_count=RETRIES),
                    ServerErrorRetryHandler(max_retry_count=RETRIES,
                                            interval_calculator=backoff_with_jitter)]
        if retry_connection_errors:
            handlers.append(ConnectionErrorRetryHandler(
                max_retry_count=RETRIES, interval_calculator=backoff_with_jitter))
        self.client = WebClient(token=token, base_url=api_url.rstrip("/") + "/",
                                timeout=timeout, retry_handlers=handlers)

    def post(self, channel: str, text: str) -> None:
        """Post ``text`` (escaped for Slack); SlackPostError if Slack did not take it."""
        try:
            self.client.chat_postMessage(channel=channel, text=to_slack(text))
        except SlackApiError as error:
            data = error.response.data if isinstance(error.response.data, dict) else {}
            code = str(data.get("error") or f"http_{error.response.status_code}")[:40]
        except (URLError, OSError) as error:
            code = type(error).__name__
        else:
            return
        log.warning("chat.postMessage failed: %s", code)
        raise SlackPostError(code)


class SlackReplier:
    """Sends the bot's replies after the HTTP answer, from a worker pool: the replies to one
    channel strictly in order, different channels in parallel."""

    def __init__(self, api: SlackApi, pool: ThreadPoolExecutor) -> None:
        self.api, self.pool = api, pool
        self._waiting: dict[str, deque[str]] = {}  # channels a worker is draining now
        self._lock = threading.Lock()

    def send(self, channel: str, texts: list[str]) -> None:
        with self._lock:
            if channel in self._waiting:  # its worker takes these after the earlier ones
                self._waiting[channel].extend(texts)
                return
            self._waiting[channel] = deque(texts)
        self.pool.submit(self._drain, channel)

    def _drain(self, channel: str) -> None:
        while True:
            with self._lock:
                waiting = self._waiting[channel]
                if not waiting:
                    del self._waiting[channel]
                    return
                text = waiting.popleft()
            # A failure is logged; the conversation's state is stored, the citizen can write on.
            with contextlib.suppress(SlackPostError):
                self.api.post(channel, text)
