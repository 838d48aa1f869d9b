"""Local stand-ins for the notifiers' far ends: webhook endpoints and an SMTP server."""

from __future__ import annotations

import json
import socket
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from scheduler import Email, Jobs, SchedulerSettings, SlackWebhook, TeamsWorkflow
from store import Store
from tests.conftest import Clock

CPH = ZoneInfo("Europe/Copenhagen")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


class Webhooks:
    """``/slack`` answers 200 "ok" like Slack, ``/teams`` 202 like a Workflow; ``fail`` makes
    the next N requests to a path answer 500."""

    def __init__(self) -> None:
        self.received: dict[str, list[dict]] = {"/slack": [], "/teams": []}
        self.fail: dict[str, int] = {"/slack": 0, "/teams": 0}
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if hooks.fail.get(self.path):
                    hooks.fail[self.path] -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                hooks.received[self.path].append(body)
                reply = b"ok" if self.path == "/slack" else b""
                self.send_response(200 if self.path == "/slack" else 202)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@pytest.fixture
def webhooks():
    hooks = Webhooks()
    yield hooks
    hooks.server.shutdown()


@pytest.fixture
def mailbox():
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.url = (f"smtp://127.0.0.1:{port}/?from=desk@example.invalid"
               f"&to=advisor@example.invalid")
    yield box
    controller.stop()


@pytest.fixture
def service_store(tmp_path) -> Store:
    return Store(tmp_path / "data", actor="advisor", clock=Clock(local("2026-11-23 07:00")))


@pytest.fixture
def make_jobs(webhooks, mailbox):
    def make(store: Store, **overrides) -> Jobs:
        settings = SchedulerSettings(
            notifiers=(SlackWebhook(webhooks.base + "/slack"),
                       TeamsWorkflow(webhooks.base + "/teams"), Email(mailbox.url)),
            retry_delays=(0.01, 0.01), **overrides)
        return Jobs(store, settings)

    return make
