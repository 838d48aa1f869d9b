"""`borgerdesk --help` and the TUI's first screen import only what they need: no report
renderers, no web framework, no scheduler, no Slack client, no holiday package (the holidays
come from the table's file once computed) and none of the store's modules other commands need.
Each runs in a fresh interpreter, as a user's command does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_AT_START = ("openpyxl", "docx", "reports", "flask", "werkzeug", "jinja2", "apscheduler",
                "scheduler", "slack_sdk", "intake_bot", "holidays", "store.privacy",
                "store.imports", "store.desk", "store.outbox", "store.mailbox")

HELP = """
import json, sys
from borgerdesk.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

FIRST_SCREEN = """
import asyncio, json, sys
from borgerdesk.cli import build_parser, _settings_from, _store
from store.i18n import set_language

settings = _settings_from([])
set_language(settings.config.office.language)
build_parser()
from tui.app import BorgerdeskApp

async def first_screen():
    app = BorgerdeskApp(_store(settings))
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.data.loaded:
            await pilot.pause(0.01)
        await pilot.pause()
        print(app.screen.query_one("#agenda").row_count, file=sys.stderr)

asyncio.run(first_screen())
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded(script: str, tmp_path: Path) -> tuple[set[str], list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "BORGERDESK_DATA": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    *lines, modules = done.stderr.strip().splitlines()
    return set(json.loads(modules)), lines


def heavy(modules: set[str]) -> list[str]:
    return [name for name in NOT_AT_START
            if any(module == name or module.startswith(name + ".") for module in modules)]


def test_help_imports_none_of_the_heavy_modules(tmp_path: Path):
    modules, _lines = loaded(HELP, tmp_path)
    assert "borgerdesk.cli" in modules
    assert heavy(modules) == []


@pytest.fixture
def due_inquiry(tmp_path: Path) -> None:
    from store import InquiryDraft, Store
    from store.model import utcnow

    Store(tmp_path / "data").create_inquiry(InquiryDraft(  # overdue by the real clock
        received_at=utcnow() - timedelta(days=10), subject="Venter på svar"))


@pytest.mark.usefixtures("due_inquiry")
def test_the_first_screen_with_data_imports_none_of_the_heavy_modules(tmp_path: Path):
    first, _lines = loaded(FIRST_SCREEN, tmp_path)  # computes and keeps the holidays
    assert heavy(first) == ["holidays"]
    later, lines = loaded(FIRST_SCREEN, tmp_path)
    assert lines[-1] == "1"  # the dashboard shows the inquiry that is due
    assert "tui.screens.dashboard" in later
    assert heavy(later) == []


def test_an_unknown_holiday_calendar_is_still_a_configuration_error(tmp_path: Path):
    config = tmp_path / "borgerdesk.toml"
    config.write_text('[office]\nholidays = "XX"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "borgerdesk.cli", "--config", str(config),
                           "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "office.holidays" in done.stderr and "XX" in done.stderr
