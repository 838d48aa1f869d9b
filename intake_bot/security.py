"""Signatures, replay windows and per-sender rate limits; every comparison in constant time."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from werkzeug.exceptions import TooManyRequests, Unauthorized

TIMESTAMP_DIGITS = 12  # unix seconds for the next 30,000 years; longer is junk


def require(condition: bool, reason: str) -> None:
    """401 with a short reason; the reason names what failed, never a secret or a value."""
    if not condition:
        raise Unauthorized(reason)


def same_digest(expected: str, given: str) -> bool:
    """Constant-time comparison of a computed signature with whatever a client sent:
    ``hmac.compare_digest`` refuses ``str`` with non-ASCII characters, so compare bytes."""
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "surrogateescape"))


def require_recent(timestamp: str | None, window: int, now: float | None = None) -> None:
    """A header of unix seconds within ``window`` of now (the replay window)."""
    require(bool(timestamp), "missing timestamp")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= TIMESTAMP_DIGITS):
        raise Unauthorized("bad timestamp")
    require(abs((now or time.time()) - int(timestamp)) <= window, "stale timestamp")


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify_slack(secret: str | None, timestamp: str | None, signature: str | None,
                 body: bytes, window: int, now: float | None = None) -> None:
    require(bool(secret), "slack is not configured")
    require(bool(timestamp and signature), "missing signature")
    require_recent(timestamp, window, now)
    require(same_digest(slack_signature(secret, timestamp, body), signature), "bad signature")


def verify_teams(secret: str | None, authorization: str | None, body: bytes) -> None:
    """``Authorization: HMAC <base64 HMAC-SHA256 of the body with the base64-decoded secret>``."""
    require(bool(secret), "teams is not configured")
    require(bool(authorization) and authorization.startswith("HMAC "), "missing signature")
    try:
        key = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        raise Unauthorized("teams secret is not base64") from None
    expected = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
    require(same_digest(expected, authorization.removeprefix("HMAC ").strip()),
            "bad signature")


def web_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 over "v1:{timestamp}:{raw body}">``: signing the time too
    means a recorded request cannot be replayed after the window."""
    base = b"v1:" + timestamp.encode() + b":" + body
    return "sha256=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify_web(secret: str | None, timestamp: str | None, signature: str | None,
               body: bytes, window: int, now: float | None = None) -> None:
    """``X-Borgerdesk-Timestamp`` and ``X-Borgerdesk-Signature`` (see ``web_signature``)."""
    require(bool(secret), "web is not configured")
    require(bool(signature) and signature.startswith("sha256="), "missing signature")
    require_recent(timestamp, window, now)
    require(same_digest(web_signature(secret, timestamp, body), signature), "bad signature")


class RateLimiter:
    """At most ``limit`` messages a minute per sender (sliding window, in this process).

    Senders are kept in order of their latest message, so those idle for a whole window are
    forgotten from the front as others write: the cost of a message does not grow with the
    number of senders ever seen, and neither does the memory."""

    def __init__(self, limit: int, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._seen)

    def check(self, sender: str) -> None:
        now = self.clock()
        with self._lock:
            self._forget_idle(now)
            times = self._seen.pop(sender, None) or deque()
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                self._seen[sender] = times
                error = TooManyRequests("too many messages; wait a minute")
                error.retry_after = max(1, math.ceil(times[0] + self.window - now))
                raise error
            times.append(now)
            self._seen[sender] = times  # now the most recent

    def refund(self, sender: str) -> None:
        """Uncount the sender's latest message: it was refused for the service's own fault
        (a 503), and its retries must not use up the sender's minute."""
        with self._lock:
            times = self._seen.get(sender)
            if times:
                times.pop()
            if not times:  # a sender without messages in the window is not kept
                self._seen.pop(sender, None)

    def _forget_idle(self, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen))
            if self._seen[oldest][-1] > now - self.window:
                return
            del self._seen[oldest]
