"""The chat both ways, per platform, against local fakes on 127.0.0.1: the citizen files,
writes again, the advisor answers, the citizen receives it exactly once, and it counts."""

from __future__ import annotations

import json
import logging
import socket
import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from intake_bot.delivery import EmailDeliverer, MailboxDeliverer, SlackDeliverer
from intake_bot.outbox import OutboxSender
from reports.summary import compute_summary
from store import Citizen, Store, StoreSettings
from store.taxonomy import Delivery, Direction
from tests.intake_bot.conftest import (
    NOW,
    slack_event,
    slack_headers,
    teams_headers,
    web_headers,
    web_say,
)

INTAKE = ["Hej", "Chat Borger", "chat", "Min sag om bolig står stille", "færdig", "ved ikke",
          "ja"]


def answered(store: Store) -> int:
    return compute_summary(store, date(2026, 11, 1), date(2026, 11, 30)).response.answered


def slack_say(client, text: str, event_id: str):
    body = slack_event(text, event_id)
    response = client.post("/slack/events", data=body, headers=slack_headers(body))
    assert response.status_code == 200


def file_by_slack(client, slack_api) -> int:
    for number, text in enumerate(INTAKE):
        slack_say(client, text, f"Ev{number}")
    posts = slack_api.wait_for(len(INTAKE) + 3)  # three greet, two confirm
    assert any("BR-2026-0001" in post["text"] for post in posts)
    return len(posts)


def slack_sender(store, slack_api) -> OutboxSender:
    return OutboxSender(store, [SlackDeliverer(slack_api.url, "xoxb-test")])


def test_slack_full_loop(client, slack_api, bot_store, caplog):
    caplog.set_level(logging.INFO)
    posted = file_by_slack(client, slack_api)
    inquiry = bot_store.get("BR-2026-0001")
    assert inquiry.citizen.chat_channel == "D-U1"
    slack_say(client, "Har I hørt noget? Mit CPR er 010203-1234", "Ev-later")
    slack_say(client, "Har I hørt noget? Mit CPR er 010203-1234", "Ev-later")  # a retry
    posts = slack_api.wait_for(posted + 2)
    assert "BR-2026-0001" in posts[-1]["text"]
    [message] = bot_store.get("BR-2026-0001").journal
    assert message.direction is Direction.IN and "DDMMYY-XXXX" in message.text
    assert bot_store.chat.unread() == {"BR-2026-0001": 1}
    assert answered(bot_store) == 0

    bot_store.clock.now = NOW + timedelta(hours=1)
    bot_store.outbox.answer("BR-2026-0001", "Vi har rykket <forvaltningen> & venter")
    before = len(slack_api.posts)
    sender = slack_sender(bot_store, slack_api)
    assert sender.send_due() == 1
    assert sender.send_due() == 0  # exactly once
    [answer] = slack_api.posts[before:]
    assert answer["channel"] == "D-U1" and answer["auth"] == "Bearer xoxb-test"
    assert answer["text"] == "Vi har rykket &lt;forvaltningen&gt; &amp; venter"
    assert bot_store.get("BR-2026-0001").first_response_at == NOW + timedelta(hours=1)
    assert answered(bot_store) == 1
    assert "rykket" not in caplog.text and "D-U1" not in caplog.text


def test_new_inquiry_starts_a_new_intake(client, slack_api, bot_store):
    posted = file_by_slack(client, slack_api)
    slack_say(client, "ny henvendelse", "Ev-new")
    posts = slack_api.wait_for(posted + 3)
    assert "anonym" in posts[-1]["text"]  # the intake's first question: the name
    assert bot_store.get("BR-2026-0001").journal == ()


def test_a_closed_inquiry_tells_the_citizen_how_to_start_again(client, slack_api, bot_store):
    posted = file_by_slack(client, slack_api)
    bot_store.close("BR-2026-0001", bot_store.get("BR-2026-0001").version, "Vejledt")
    slack_say(client, "Tak for hjælpen", "Ev-closed")
    posts = slack_api.wait_for(posted + 1)
    assert "BR-2026-0001" in posts[-1]["text"] and "'ny henvendelse'" in posts[-1]["text"]
    assert bot_store.get("BR-2026-0001").journal == ()


def test_slack_failure_then_recovery_delivers_once(client, slack_api, bot_store):
    file_by_slack(client, slack_api)
    bot_store.outbox.answer("BR-2026-0001", "Svar")
    before = len(slack_api.posts)
    slack_api.fail_next = 1
    sender = slack_sender(bot_store, slack_api)
    assert sender.send_due() == 0
    entry = bot_store.get("BR-2026-0001").journal[0]
    assert (entry.delivery, entry.error) == (Delivery.PENDING, "slack:http_500")
    assert sender.send_due() == 0  # not before the next try is due
    bot_store.clock.now = entry.next_try_at
    assert sender.send_due() == 1
    assert [post["text"] for post in slack_api.posts[before:]] == ["Svar"]


def test_a_restart_between_store_and_send_delivers_once(client, slack_api, bot_store):
    file_by_slack(client, slack_api)
    bot_store.outbox.answer("BR-2026-0001", "Svar")  # stored; the service was down
    before = len(slack_api.posts)
    restarted = Store(bot_store.data_dir, StoreSettings(), clock=bot_store.clock)
    sender = slack_sender(restarted, slack_api)
    assert sender.recover() == []
    assert sender.send_due() == 1
    again = slack_sender(Store(bot_store.data_dir, StoreSettings(), clock=bot_store.clock),
                         slack_api)
    assert again.recover() == [] and again.send_due() == 0
    assert [post["text"] for post in slack_api.posts[before:]] == ["Svar"]


def test_web_full_loop(client, bot_store):
    for text in INTAKE:
        web_say(client, "s1", text)
    assert web_say(client, "s1", "Et spørgsmål mere", "m-later")[0].startswith("Tak")
    assert bot_store.chat.unread() == {"BR-2026-0001": 1}
    bot_store.outbox.answer("BR-2026-0001", "Her er svaret")
    assert OutboxSender(bot_store, [MailboxDeliverer(bot_store)]).send_due() == 1
    query = b"session=s1"
    signed = web_headers(query)
    fetched = client.get("/web/messages?session=s1", headers=signed)
    assert fetched.get_json() == {"answers": ["Her er svaret"]}
    again = client.get("/web/messages?session=s1", headers=signed)
    assert again.get_json() == {"answers": []}  # exactly once
    assert client.get("/web/messages?session=s1").status_code == 401
    assert client.get("/web/messages?session=s2", headers=signed).status_code == 401
    assert answered(bot_store) == 1


def test_web_answers_ride_on_the_next_post(client, bot_store):
    for text in INTAKE:
        web_say(client, "s1", text)
    bot_store.outbox.answer("BR-2026-0001", "Svar")
    OutboxSender(bot_store, [MailboxDeliverer(bot_store)]).send_due()
    body = json.dumps({"session": "s1", "text": "Tak", "id": "m9"}).encode()
    reply = client.post("/web/messages", data=body, headers=web_headers(body)).get_json()
    assert reply["answers"] == ["Svar"]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.refuse = 0

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.refuse:
            self.refuse -= 1
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@pytest.fixture
def inbox():
    box = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.url = f"smtp://127.0.0.1:{port}"
    yield box
    controller.stop()


def teams_say(client, text: str, message_id: str) -> str:
    body = json.dumps({"type": "message", "id": message_id,
                       "timestamp": datetime.now(UTC).isoformat(),
                       "from": {"id": "29:teams-user"}, "text": f"<at>Bot</at> {text}"}
                      ).encode()
    response = client.post("/teams/messages", data=body, headers=teams_headers(body))
    assert response.status_code == 200
    return response.get_json()["text"]


def test_email_full_loop_for_a_teams_citizen_and_a_refusal(client, bot_store, inbox):
    intake = ["Hej", "Chat Borger", "borger@example.invalid", "Min sag står stille",
              "færdig", "ved ikke", "ja"]
    for number, text in enumerate(intake):
        teams_say(client, text, f"t{number}")
    acknowledged = teams_say(client, "Noget nyt?", "t-later")
    assert "BR-2026-0001" in acknowledged and "e-mail" in acknowledged  # not "here"
    assert bot_store.chat.unread() == {"BR-2026-0001": 1}
    bot_store.outbox.answer("BR-2026-0001", "Svar på mail")
    sender = OutboxSender(bot_store, [EmailDeliverer(inbox.url, "desk@example.invalid",
                                                     "Borgerrådgiveren")])
    inbox.refuse = 1
    assert sender.send_due() == 0  # 451: not taken, tried again later
    bot_store.clock.now = bot_store.get("BR-2026-0001").journal[-1].next_try_at
    assert sender.send_due() == 1 and sender.send_due() == 0
    [mail] = inbox.messages
    assert "To: borger@example.invalid" in mail and "BR-2026-0001" in mail
    assert "From: =?utf-8?q?Borgerr=C3=A5dgiveren?= <desk@example.invalid>" in mail
    assert answered(bot_store) == 1



def test_slack_refusing_the_channel_is_not_retried(client, bot_store):
    """Slack answers 200 with ``ok: false``: an unknown channel will not get better."""
    class Refusing(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"ok": false, "error": "channel_not_found"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for text in INTAKE:
            web_say(client, "s1", text)
        bot_store.update("BR-2026-0001", 1, {"citizen": Citizen(
            name="Chat Borger", chat_id="slack:T1:U1", chat_channel="D-gone")})
        bot_store.outbox.answer("BR-2026-0001", "Svar")
        url = f"http://127.0.0.1:{server.server_address[1]}/api"
        assert OutboxSender(bot_store, [SlackDeliverer(url, "xoxb-test")]).send_due() == 0
    finally:
        server.shutdown()
    entry = bot_store.get("BR-2026-0001").journal[-1]
    assert (entry.delivery, entry.error, entry.attempts) == (
        Delivery.FAILED, "slack:channel_not_found", 1)
