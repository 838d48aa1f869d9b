"""The chat page's session cookie and CSRF tokens, signed with one key in the data folder.

The cookie holds a random session id and its HMAC; nothing else about the citizen is in it.
The key is created on first start (``webchat.key``, 0600, written once with ``O_EXCL``), so
the page works without set-up and sessions survive a restart. A CSRF token is an HMAC of the
session id (or of the issue time, before there is a session), so a page of another site can
neither read nor forge one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

KEY_FILE = "webchat.key"
COOKIE = "borgerdesk_chat"
NEW_SESSION_TOKEN_LIFETIME = 24 * 3600  # a page opened yesterday may still send its first line


def load_or_create_key(data_dir: Path) -> bytes:
    """The signing key; created readable by the owner only the first time."""
    path = data_dir / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
        raise RuntimeError(
            f"{path} is shorter than 32 bytes; delete it to make a new one") from None
    with os.fdopen(descriptor, "wb") as target:
        key = secrets.token_bytes(32)
        target.write(key)
        target.flush()
        os.fsync(target.fileno())
    return key


class Signer:
    """Signs session ids and CSRF tokens with the page's key."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    @staticmethod
    def new_session_id() -> str:
        return secrets.token_urlsafe(24)

    def cookie_value(self, session_id: str) -> str:
        return f"{session_id}.{self._mac('session', session_id)}"

    def session_id(self, cookie: str | None) -> str | None:
        """The session id of a cookie that this server signed; None for anything else."""
        if not cookie or len(cookie) > 200 or not cookie.isascii() or cookie.count(".") != 1:
            return None
        session_id, mac = cookie.split(".")
        if not session_id or not hmac.compare_digest(
                mac.encode(), self._mac("session", session_id).encode()):
            return None
        return session_id

    def csrf_token(self, session_id: str | None, now: float | None = None) -> str:
        if session_id is not None:
            return self._mac("csrf", session_id)
        issued = str(int(now if now is not None else time.time()))
        return f"{issued}.{self._mac('csrf-new', issued)}"

    def csrf_valid(self, token: str | None, session_id: str | None,
                   now: float | None = None) -> bool:
        """Whether ``token`` was issued for this session (or, without one, recently)."""
        if not token or len(token) > 200 or not token.isascii():
            return False
        if session_id is not None:
            return hmac.compare_digest(token.encode(), self._mac("csrf", session_id).encode())
        issued, _sep, mac = token.partition(".")
        if not issued.isdigit() or not hmac.compare_digest(
                mac.encode(), self._mac("csrf-new", issued).encode()):
            return False
        age = (now if now is not None else time.time()) - int(issued)
        return -60 <= age <= NEW_SESSION_TOKEN_LIFETIME
