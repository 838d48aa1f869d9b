"""A bot on a temporary store, with clients that sign requests the way each platform does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk.signature import SignatureVerifier

from intake_bot import BotSettings, create_app
from store import Store
from tests.conftest import Clock

SLACK_SECRET = "slack-signing-secret-for-tests"
TEAMS_SECRET = base64.b64encode(b"teams-secret-bytes-for-tests").decode()
WEB_SECRET = "web-secret-for-tests"
# Tuesday 24 November 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class SlackStub:
    """A local stand-in for Slack's Web API: records every chat.postMessage."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.attempts: list[dict] = []  # every request, taken or not
        self.fail_next = 0
        self.script: list[tuple[int, dict, dict]] = []  # answers to give before "ok"
        self.delay: dict[str, float] = {}  # seconds to wait before answering, by channel
        self.socket_url = ""  # what apps.connections.open hands out (Socket Mode)
        self.connections_opened: list[str] = []  # the token each open was asked with
        self.open_error = ""  # Slack's error code for apps.connections.open, if any
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.endswith("/apps.connections.open"):
                    stub.connections_opened.append(self.headers["Authorization"])
                    answer = ({"ok": False, "error": stub.open_error} if stub.open_error
                              else {"ok": True, "url": stub.socket_url})
                    return self._answer(200, answer, {})
                body = json.loads(raw)
                stub.attempts.append(body)
                time.sleep(stub.delay.get(body.get("channel"), 0))
                if stub.fail_next:
                    stub.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                status, answer, headers = (stub.script.pop(0) if stub.script
                                           else (200, {"ok": True}, {}))
                if answer.get("ok"):
                    stub.posts.append({"path": self.path,
                                       "auth": self.headers["Authorization"], **body})
                self._answer(status, answer, headers)

            def _answer(self, status: int, answer: dict, headers: dict) -> None:
                payload = json.dumps(answer).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, seconds: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + seconds
        while len(self.posts) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.posts

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def slack_api():
    stub = SlackStub()
    yield stub
    stub.close()


@pytest.fixture
def bot_store(tmp_path) -> Store:
    return Store(tmp_path / "data", actor="bot", clock=Clock(NOW))


@pytest.fixture
def settings(slack_api) -> BotSettings:
    return BotSettings(
        office_name="Borgerrådgiveren", slack_signing_secret=SLACK_SECRET,
        slack_bot_token="xoxb-test", slack_api_url=slack_api.url,
        teams_hmac_secret=TEAMS_SECRET, web_secret=WEB_SECRET, messages_per_minute=30)


@pytest.fixture
def app(settings, bot_store):
    app = create_app(settings, bot_store)
    yield app
    app.extensions["borgerdesk"]["reply_pool"].shutdown(wait=True)


@pytest.fixture
def client(app):
    return app.test_client()


def slack_headers(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Signed with Slack's own SDK, as Slack signs its requests."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(SLACK_SECRET).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature,
            "Content-Type": "application/json"}


def slack_event(text: str, event_id: str, user: str = "U1", **event_fields) -> bytes:
    event = {"type": "message", "channel_type": "im", "channel": f"D-{user}", "user": user,
             "text": text, "ts": "1.0", **event_fields}
    return json.dumps({"type": "event_callback", "team_id": "T1", "event_id": event_id,
                       "event": event}).encode()


def teams_headers(body: bytes) -> dict[str, str]:
    """Computed here independently: base64(HMAC-SHA256(base64decode(secret), body))."""
    digest = hmac.new(base64.b64decode(TEAMS_SECRET), body, hashlib.sha256).digest()
    return {"Authorization": "HMAC " + base64.b64encode(digest).decode(),
            "Content-Type": "application/json"}


def web_headers(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Computed here independently: hex HMAC-SHA256 over ``v1:{timestamp}:{body}``."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(WEB_SECRET.encode(), b"v1:" + stamp.encode() + b":" + body,
                         hashlib.sha256).hexdigest()
    return {"X-Borgerdesk-Timestamp": stamp, "X-Borgerdesk-Signature": f"sha256={signature}",
            "Content-Type": "application/json"}


def web_say(client, session: str, text: str, message_id: str | None = None) -> list[str]:
    payload = {"session": session, "text": text}
    if message_id is not None:
        payload["id"] = message_id
    body = json.dumps(payload).encode()
    response = client.post("/web/messages", data=body, headers=web_headers(body))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["replies"]
