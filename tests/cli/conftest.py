"""Every command-line test runs isolated: no user config, data or cache folder and no secret from
the environment leaks in, and the umask a test changes is given back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _restore_umask():
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    for name in ("BORGERDESK_CONFIG", "BORGERDESK_DATA", "BORGERDESK_WEB_SECRET",
                 "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "TEAMS_HMAC_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # the holiday file


@pytest.fixture
def english(tmp_path, monkeypatch) -> Path:
    """A configuration in English, named by ``BORGERDESK_CONFIG``: the commands' messages as
    the tests read them."""
    config = tmp_path / "borgerdesk.toml"
    config.write_text('[office]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.setenv("BORGERDESK_CONFIG", str(config))
    return config
