"""The chat page's configuration, and ``borgerdesk serve`` serving it as a real process."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request

import pytest

from borgerdesk.cli import main
from borgerdesk.config import load_settings
from borgerdesk.demo import free_port as demo_port
from borgerdesk.service import bot_settings
from tests.cli.test_serve import ROOT, free_port

CONFIG = """
[intake]
platforms = ["webchat"]
trusted_proxies = ["10.0.0.1", "192.168.0.0/16"]
[webchat]
privacy_url = "https://kommune.test/privatliv"
accessibility_statement_url = "https://kommune.test/was"
frame_ancestors = ["https://www.kommune.test"]
"""


def test_the_webchat_section_reaches_the_bot(tmp_path):
    config = tmp_path / "borgerdesk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    bot = bot_settings(load_settings(config, tmp_path / "data", environ={}))
    assert bot.platforms == ("webchat",)
    assert bot.trusted_proxies == ("10.0.0.1", "192.168.0.0/16")
    assert bot.frame_ancestors == ("https://www.kommune.test",)
    assert bot.accessibility_statement_url == "https://kommune.test/was"


@pytest.mark.parametrize(("text", "expected"), [
    ('[intake]\ntrusted_proxies = ["proxy.local"]\n', "intake.trusted_proxies: proxy.local"),
    ('[webchat]\nframe_ancestors = ["https://a.test; script-src *"]\n',
     "webchat.frame_ancestors"),
    ('[webchat]\nprivacy = "x"\n', "unknown field `privacy`"),
])
def test_webchat_configuration_errors_name_the_key(tmp_path, capsys, monkeypatch, text,
                                                    expected):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    config = tmp_path / "borgerdesk.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["--config", str(config), "check"]) == 1
    assert expected in capsys.readouterr().err


@pytest.mark.slow
def test_serve_answers_the_chat_page_without_any_secret(tmp_path):
    port = free_port()
    config = tmp_path / "borgerdesk.toml"
    config.write_text(CONFIG + '[office]\nlanguage = "da"\n', encoding="utf-8")
    config.write_text(config.read_text().replace(
        "[intake]\n", f'[intake]\nlisten = "127.0.0.1:{port}"\n'), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.endswith("_SECRET")}
    env.update(BORGERDESK_CONFIG=str(config), BORGERDESK_DATA=str(tmp_path / "data"))
    process = subprocess.Popen([sys.executable, "-m", "borgerdesk.cli", "serve"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, page = time.monotonic() + 20, None
        while page is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/chat", timeout=1) as got:
                    page, headers = got.read().decode(), got.headers
            except OSError:
                time.sleep(0.1)
        assert page is not None, process.poll()
        assert '<html lang="da">' in page and "Tilgængelighedserklæring" in page
        assert "frame-ancestors 'self' https://www.kommune.test" in \
            headers["Content-Security-Policy"]
        assert "Set-Cookie" not in headers
        key = tmp_path / "data" / "webchat.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as got:
            assert json.loads(got.read())["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_demo_takes_port_8080_when_it_is_free_and_another_when_not():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        taken = holder.getsockname()[1]
        assert demo_port(taken) != taken
    assert demo_port(taken) == taken  # free again
