"""``borgerdesk serve`` with ``intake.slack_mode = "socket"``: the real service connects out
to (fake) Slack, needs no public URL and no signing secret, and answers a direct message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from borgerdesk.config import Secrets
from store import Store
from tests.cli.test_serve import ROOT, free_port
from tests.intake_bot.conftest import SlackStub, slack_event
from tests.intake_bot.test_socket_mode import FakeSocketMode


def test_socket_mode_needs_the_app_and_bot_tokens_not_the_signing_secret():
    assert Secrets({}).missing_for(["slack"], slack_mode="socket") == [
        "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"]
    assert Secrets({}).missing_for(["slack"]) == ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"]


@pytest.mark.slow
def test_serve_in_socket_mode_takes_messages_without_a_public_url(tmp_path):
    slack, fake = SlackStub(), FakeSocketMode()
    slack.socket_url = fake.url
    config = tmp_path / "borgerdesk.toml"
    config.write_text(f'[office]\nlanguage = "en"\n[intake]\nplatforms = ["slack"]\n'
                      f'slack_mode = "socket"\nslack_api_url = "{slack.url}/"\n'
                      f'listen = "127.0.0.1:{free_port()}"\n', encoding="utf-8")
    env = {**os.environ, "SLACK_APP_TOKEN": "xapp-serve", "SLACK_BOT_TOKEN": "xoxb-serve",
           "BORGERDESK_CONFIG": str(config), "BORGERDESK_DATA": str(tmp_path / "data")}
    env.pop("SLACK_SIGNING_SECRET", None)
    process = subprocess.Popen([sys.executable, "-m", "borgerdesk.cli", "serve"], cwd=ROOT,
                               env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not slack.connections_opened and time.monotonic() < deadline:
            time.sleep(0.1)
        assert slack.connections_opened == ["Bearer xapp-serve"]
        fake.push("env-serve", slack_event("Hello, I need help", "Ev-serve"))
        assert fake.wait_for_ack("env-serve", seconds=20)
        assert "What is your name" in slack.wait_for(3, seconds=10)[-1]["text"]
        assert Store(tmp_path / "data").desk.conversation("slack:T1:U1")["step"] == "name"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, process.stderr.read()[-2000:]
        slack.close()
        fake.server.shutdown()
