"""``borgerdesk reply`` and ``check`` on the outbox; and a real ``serve`` sending answers,
including across a restart."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from borgerdesk.cli import main
from store import Channel, Citizen, InquiryDraft, Store
from store.taxonomy import Delivery, Direction
from tests.cli.test_serve import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "reply-test-secret"




@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "borgerdesk.toml"
    path.write_text('[office]\nlanguage = "en"\n', encoding="utf-8")
    return path


def filed(data: Path, chat_id: str = "web:s1", minutes_ago: int = 0, **citizen) -> str:
    now = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    store = Store(data, clock=lambda: now)
    return store.create_inquiry(InquiryDraft(
        received_at=now - timedelta(minutes=1), channel=Channel.CHAT,
        citizen=Citizen(name="Chat Borger", chat_id=chat_id, **citizen))).ref


def test_reply_stores_a_pending_answer_and_says_where_it_goes(tmp_path, config, capsys):
    data = tmp_path / "data"
    ref = filed(data)
    answer = tmp_path / "svar.txt"
    answer.write_text("Vi har talt med forvaltningen.\n", encoding="utf-8")
    assert main(["--config", str(config), "--data", str(data), "reply", ref,
                 "--file", str(answer)]) == 0
    captured = capsys.readouterr()
    assert f"The answer to {ref} is stored." in captured.out and "web chat" in captured.out
    assert "No service runs on this data" in captured.err
    [entry] = Store(data).get(ref).journal
    assert (entry.direction, entry.delivery, entry.text) == (
        Direction.OUT, Delivery.PENDING, "Vi har talt med forvaltningen.")


@pytest.mark.parametrize(("arguments", "expected"), [
    (["--file", "missing.txt"], "missing.txt: No such file or directory"),
    (["--text", "  "], "the answer is empty"),
])
def test_reply_errors_are_one_line(tmp_path, config, capsys, arguments, expected):
    data = tmp_path / "data"
    ref = filed(data)
    assert main(["--config", str(config), "--data", str(data), "reply", ref, *arguments]) == 1
    error = capsys.readouterr().err
    assert expected in error and "Traceback" not in error and error.count("\n") == 1
    assert Store(data).get(ref).journal == ()


def test_reply_refuses_a_citizen_it_cannot_write_to(tmp_path, config, capsys):
    data = tmp_path / "data"
    ref = filed(data, chat_id="teams:29:1", phone="55555555")
    assert main(["--config", str(config), "--data", str(data), "reply", ref,
                 "--text", "Hej"]) == 1
    assert "a Teams chat cannot be written to" in capsys.readouterr().err


def test_check_reports_waiting_and_undelivered_answers(tmp_path, config, capsys):
    data = tmp_path / "data"
    waiting, failed = filed(data, minutes_ago=2), filed(data, "web:s2", minutes_ago=2)
    past = datetime.now(UTC) - timedelta(minutes=2)
    store = Store(data, clock=lambda: past)
    store.outbox.answer(waiting, "Svar")
    store.outbox.answer(failed, "Svar")
    store.outbox.claim(failed, 1)
    store.outbox.fail(failed, 1, "web:not_configured", retry=False)
    assert main(["--config", str(config), "--data", str(data), "check"]) == 0  # warnings
    output = capsys.readouterr().out
    assert "1 answers to citizens wait to be sent, and no service runs" in output
    assert f"not delivered to the citizen in {failed}" in output
    (data / "serve.json").write_text("{}")  # a service runs: it will send it
    main(["--config", str(config), "--data", str(data), "check"])
    assert "wait to be sent" not in capsys.readouterr().out


# -- a real service --------------------------------------------------------------------------
def signed_get(url: str, session: str) -> list[str]:
    query, stamp = f"session={session}", str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v1:{stamp}:{query}".encode(),
                         hashlib.sha256).hexdigest()
    request = urllib.request.Request(f"{url}/web/messages?{query}", headers={
        "X-Borgerdesk-Timestamp": stamp, "X-Borgerdesk-Signature": f"sha256={signature}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())["answers"]


def start_service(tmp_path: Path, port: int) -> tuple[subprocess.Popen, dict]:
    config = tmp_path / "serve.toml"
    config.write_text(f'[office]\nlanguage = "en"\n[intake]\nplatforms = ["web"]\n'
                      f'listen = "127.0.0.1:{port}"\n', encoding="utf-8")
    env = {**os.environ, "BORGERDESK_WEB_SECRET": SECRET, "BORGERDESK_CONFIG": str(config),
           "BORGERDESK_DATA": str(tmp_path / "data")}
    process = subprocess.Popen([sys.executable, "-m", "borgerdesk.cli", "serve"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process, env
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("serve did not start: " + process.communicate()[1][-2000:])


def reply(env: dict, ref: str, text: str) -> None:
    subprocess.run([sys.executable, "-m", "borgerdesk.cli", "reply", ref, "--text", text],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)


def wait_for_answers(url: str, session: str, seconds: float = 10.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers = signed_get(url, session)
        if answers:
            return answers
        time.sleep(0.2)
    return []


@pytest.mark.slow
def test_serve_sends_answers_once_also_across_a_restart(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ref = filed(tmp_path / "data")
    process, env = start_service(tmp_path, port)
    try:
        reply(env, ref, "Første svar")
        assert wait_for_answers(url, "s1") == ["Første svar"]
        time.sleep(1.5)
        assert signed_get(url, "s1") == []  # exactly once
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        reply(env, ref, "Andet svar")  # stored while no service runs
        assert Store(tmp_path / "data").get(ref).journal[-1].delivery is Delivery.PENDING
        process, env = start_service(tmp_path, port)
        assert wait_for_answers(url, "s1") == ["Andet svar"]
        time.sleep(1.5)
        assert signed_get(url, "s1") == []
    finally:
        process.kill()
        process.wait()
    journal = Store(tmp_path / "data").get(ref).journal
    assert [entry.delivery for entry in journal] == [Delivery.SENT, Delivery.SENT]
    assert "Første svar" not in process.stderr.read()  # the log names references only


@pytest.mark.parametrize(("environment", "office_email", "missing"), [
    ({}, "desk@example.invalid", "BORGERDESK_SMTP_URL"),
    ({"BORGERDESK_SMTP_URL": "smtp://127.0.0.1:2525"}, "", "office.email"),
])
def test_reply_refuses_an_e_mail_answer_that_could_never_be_sent(
        tmp_path, capsys, monkeypatch, environment, office_email, missing):
    monkeypatch.delenv("BORGERDESK_SMTP_URL", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = tmp_path / "mail.toml"
    config.write_text(f'[office]\nlanguage = "en"\nemail = "{office_email}"\n',
                      encoding="utf-8")
    data = tmp_path / "data"
    ref = filed(data, chat_id="teams:29:x", email="borger@example.invalid")
    assert main(["--config", str(config), "--data", str(data), "reply", ref,
                 "--text", "Svar"]) == 1
    error = capsys.readouterr().err
    assert f"{ref}: the answer would go by email, which is not set up ({missing})" in error
    assert Store(data).get(ref).journal == ()  # nothing stored, nothing to fail later


@pytest.mark.parametrize(("source", "expected"), [
    ("/dev/zero", "longer than 64 KB"),
    ("big", "longer than 64 KB"),
    ("nul", "holds a NUL byte"),
    ("text:big", "--text: longer than 64 KB"),
    ("text:nul", "--text: holds a NUL byte"),
])
def test_reply_reads_no_more_than_its_limit(tmp_path, config, capsys, source, expected):
    data = tmp_path / "data"
    ref = filed(data)
    big, nul = "å" * (32 * 1024 + 1), "Hej\0med dig"  # 64 KB + 2 bytes in UTF-8
    if source.startswith("text:"):
        arguments = ["--text", big if source == "text:big" else nul]
    elif source == "/dev/zero":
        arguments = ["--file", source]
    else:
        path = tmp_path / f"{source}.txt"
        path.write_text(big if source == "big" else nul, encoding="utf-8")
        arguments = ["--file", str(path)]
    assert main(["--config", str(config), "--data", str(data), "reply", ref, *arguments]) == 1
    error = capsys.readouterr().err
    assert expected in error and error.count("\n") == 1
    assert Store(data).get(ref).journal == ()
