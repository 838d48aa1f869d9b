"""``borgerdesk serve`` as a real process: one per data folder, stops on SIGTERM;
``borgerdesk chat`` talks to it as a citizen would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from store import Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def service(tmp_path):
    port = free_port()
    config = tmp_path / "borgerdesk.toml"
    config.write_text(f'[office]\nlanguage = "en"\n[intake]\nplatforms = ["web"]\n'
                      f'listen = "127.0.0.1:{port}"\n', encoding="utf-8")
    env = {**os.environ, "BORGERDESK_WEB_SECRET": "serve-test-secret",
           "BORGERDESK_CONFIG": str(config), "BORGERDESK_DATA": str(tmp_path / "data")}
    process = subprocess.Popen([sys.executable, "-m", "borgerdesk.cli", "serve"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if json.loads(response.read())["status"] == "ok":
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("serve did not start: " + process.communicate()[1][-2000:])
    yield url, env, process, tmp_path / "data"
    if process.poll() is None:
        process.kill()
        process.wait()


def test_second_serve_refuses_and_sigterm_stops_cleanly(service):
    _url, env, process, _data = service
    second = subprocess.run([sys.executable, "-m", "borgerdesk.cli", "serve"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=30, check=False)
    assert second.returncode == 1
    assert f"already running on this data (process {process.pid}" in second.stderr
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
    assert "stopped" in process.stderr.read()


def test_chat_command_files_an_inquiry(service):
    _url, env, _process, data = service
    lines = "\n".join(["Hello", "Test Citizen", "chat", "The bins were not emptied",
                       "done", "don't know", "yes"]) + "\n"
    chat = subprocess.run([sys.executable, "-m", "borgerdesk.cli", "chat", "--session", "c1"],
                          cwd=ROOT, env=env, input=lines, capture_output=True, text=True,
                          timeout=60, check=False)
    assert chat.returncode == 0, chat.stderr
    assert "Your inquiry has the number BR-" in chat.stdout
    [inquiry] = Store(data).inquiries()
    assert inquiry.subject == "The bins were not emptied"
    assert inquiry.citizen.chat_id == "web:c1"
