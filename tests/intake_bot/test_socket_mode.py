"""Slack's Socket Mode against a local fake: apps.connections.open answered by the fake Web
API, envelopes pushed over a real WebSocket server on 127.0.0.1, acknowledgements read back."""

from __future__ import annotations

import json
import queue
import threading
import time

import pytest
from websockets.sync.server import serve

from intake_bot import BotSettings, create_app
from store import BorgerdeskError
from tests.intake_bot.conftest import slack_event


class FakeSocketMode:
    """A WebSocket server that greets like Slack, pushes envelopes and records the acks."""

    def __init__(self) -> None:
        self.outgoing: queue.Queue[dict] = queue.Queue()
        self.acks: list[str] = []
        self.server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _session(self, connection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        while True:
            try:
                envelope = self.outgoing.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.01)
            except TimeoutError:
                continue
            except Exception:  # the client went away
                return
            self.acks.append(json.loads(message)["envelope_id"])

    def push(self, envelope_id: str, body: bytes) -> None:
        self.outgoing.put({"envelope_id": envelope_id, "type": "events_api",
                           "accepts_response_payload": False, "retry_attempt": 0,
                           "payload": json.loads(body)})

    def wait_for_ack(self, envelope_id: str, seconds: float = 10.0) -> bool:
        deadline = time.monotonic() + seconds
        while envelope_id not in self.acks and time.monotonic() < deadline:
            time.sleep(0.02)
        return envelope_id in self.acks


@pytest.fixture
def socket_mode(slack_api, bot_store):
    fake = FakeSocketMode()
    slack_api.socket_url = fake.url
    settings = BotSettings(platforms=("slack",), slack_mode="socket",
                           slack_app_token="xapp-test", slack_bot_token="xoxb-test",
                           slack_api_url=slack_api.url)
    app = create_app(settings, bot_store)
    connection = app.extensions["borgerdesk"]["slack_socket"]
    connection.start()
    yield fake, app
    connection.close()
    app.extensions["borgerdesk"]["reply_pool"].shutdown(wait=True)
    fake.server.shutdown()


def test_a_conversation_over_socket_mode_files_an_inquiry(socket_mode, slack_api, bot_store):
    fake, app = socket_mode
    assert slack_api.connections_opened == ["Bearer xapp-test"]
    fake.push("env-1", slack_event("Hej", "Ev-s1"))
    assert fake.wait_for_ack("env-1")
    assert "Hvad hedder du" in slack_api.wait_for(3)[-1]["text"]
    fake.push("env-1-retry", slack_event("Hej", "Ev-s1"))  # Slack's retry: same event
    assert fake.wait_for_ack("env-1-retry")
    for number, text in enumerate(["Anonym", "chat", "Min sag", "færdig", "ved ikke", "ja"]):
        fake.push(f"env-{number + 2}", slack_event(text, f"Ev-s{number + 2}"))
        assert fake.wait_for_ack(f"env-{number + 2}")
    [inquiry] = bot_store.inquiries()
    assert inquiry.citizen.chat_id == "slack:T1:U1"
    greetings = [post for post in slack_api.posts if "Hvad hedder du" in post["text"]]
    assert len(greetings) == 1  # the retry was acknowledged, not handled again
    assert app.test_client().post("/slack/events", data=b"{}").status_code == 404


def test_an_envelope_that_could_not_be_stored_is_not_acknowledged(socket_mode, bot_store,
                                                                  monkeypatch):
    fake, app = socket_mode
    intake = app.extensions["borgerdesk"]["intake"]

    def broken(message):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake, "handle", broken)
    fake.push("env-full", slack_event("Hej", "Ev-full"))
    fake.push("env-next", slack_event("Hej", "Ev-next"))
    assert not fake.wait_for_ack("env-next", seconds=2)
    assert "env-full" not in fake.acks  # Slack will deliver it again


def test_a_refused_app_token_is_a_clear_error(slack_api, bot_store):
    slack_api.open_error = "invalid_auth"
    settings = BotSettings(platforms=("slack",), slack_mode="socket",
                           slack_app_token="xapp-wrong", slack_api_url=slack_api.url)
    app = create_app(settings, bot_store)
    connection = app.extensions["borgerdesk"]["slack_socket"]
    with pytest.raises(BorgerdeskError, match=r"refused .*\(invalid_auth\).*SLACK_APP_TOKEN"):
        connection.start()
    connection.close()
    app.extensions["borgerdesk"]["reply_pool"].shutdown(wait=True)
