"""``borgerdesk jobs run``: one job now, as the service runs it, never twice."""

from __future__ import annotations

import pytest

from borgerdesk.cli import main
from store import Citizen, InquiryDraft, Store
from tests.scheduler.conftest import Webhooks, local


@pytest.fixture
def desk(tmp_path, monkeypatch):
    hooks = Webhooks()
    for name in ("BORGERDESK_CONFIG", "BORGERDESK_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BORGERDESK_NOTIFY_WEBHOOK_URL", hooks.base + "/slack")
    config = tmp_path / "borgerdesk.toml"
    config.write_text('[office]\nlanguage = "en"\n[reminders]\nnotify = ["chat"]\n',
                      encoding="utf-8")
    data = tmp_path / "data"
    Store(data).import_inquiries([
        InquiryDraft(received_at=local("2026-10-14 10:00"),
                     citizen=Citizen(name="Anna Testesen"), subject="Overdue matter")])
    yield hooks, ["--config", str(config), "--data", str(data)]
    hooks.server.shutdown()


def test_digest_runs_now_and_only_once(desk, capsys):
    hooks, options = desk
    assert main([*options, "jobs", "run", "digest", "--at", "2026-11-23T08:30"]) == 0
    assert "Sent the digest of 2026-11-23 to 1 notifier." in capsys.readouterr().out
    [digest] = hooks.received["/slack"]
    assert "BR-2026-0001 (Anna): first response" in digest["text"]
    assert main(["jobs", "run", "digest", "--at", "2026-11-23T08:31", *options]) == 0
    assert "to 0 notifiers" in capsys.readouterr().out
    assert len(hooks.received["/slack"]) == 1


def test_no_digest_on_a_sunday(desk, capsys):
    hooks, options = desk
    assert main([*options, "jobs", "run", "digest", "--at", "2026-11-22T08:30"]) == 0
    assert "2026-11-22 is not a working day" in capsys.readouterr().out
    assert hooks.received["/slack"] == []


def test_monthly_compiles_missing_months_once(desk, capsys):
    hooks, options = desk
    assert main([*options, "jobs", "run", "monthly", "--at", "2026-12-02T07:00"]) == 0
    assert "Compiled 2026-10, 2026-11." in capsys.readouterr().out
    assert main([*options, "jobs", "run", "monthly", "--at", "2026-12-02T07:05"]) == 0
    assert "Every month is compiled already." in capsys.readouterr().out
    assert len(hooks.received["/slack"]) == 1  # two months caught up: one notice


def test_purge_and_reminders_report_what_they_did(desk, capsys):
    _hooks, options = desk
    assert main([*options, "jobs", "run", "purge"]) == 0
    assert "Anonymised 0 inquiries past retention." in capsys.readouterr().out
    assert main([*options, "jobs", "run", "reminders", "--at", "2026-11-22T12:00"]) == 0
    assert "Delivered 0 reminders." in capsys.readouterr().out


def test_a_bad_time_is_a_one_line_error(desk, capsys):
    _hooks, options = desk
    assert main([*options, "jobs", "run", "digest", "--at", "Monday"]) == 1
    error = capsys.readouterr().err.strip()
    assert error == "Error: --at takes a date and time such as 2026-11-23T08:00"


@pytest.mark.parametrize("at", ["9999-12-31T23:59", "0001-01-01T00:00", "1999-12-31T23:59",
                                "3000-01-01T00:00"])
@pytest.mark.parametrize("job", ["digest", "reminders", "monthly", "purge"])
def test_a_time_outside_the_years_2000_to_2999_is_a_one_line_error(desk, capsys, at, job):
    hooks, options = desk
    assert main([*options, "jobs", "run", job, "--at", at]) == 1
    error = capsys.readouterr().err.strip()
    assert error == "Error: --at must be in the years 2000 to 2999"
    assert hooks.received == {"/slack": [], "/teams": []}


@pytest.mark.parametrize("job", ["digest", "reminders", "monthly", "purge"])
def test_a_job_run_for_a_later_time_keeps_the_chats_in_progress(desk, capsys, job):
    """``--at`` simulates the job's time; conversations and message markers live in real
    time, and a citizen in the middle of an intake must not find it gone."""
    from store.desk import Exchange

    _hooks, options = desk
    data = options[options.index("--data") + 1]
    Store(data).desk.converse("web:in-progress", "m1", lambda state: Exchange({"step": "confirm"}))
    assert main([*options, "jobs", "run", job, "--at", "2026-12-30T08:30"]) == 0
    store = Store(data)
    assert store.desk.conversation("web:in-progress") == {"step": "confirm"}
    assert store.desk.is_message_handled("web:in-progress", "m1")
