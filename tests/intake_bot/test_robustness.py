"""Arbitrary input never causes a 5xx; a real server under concurrent senders loses nothing."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from waitress.server import create_server

from intake_bot import BotSettings, create_app
from tests.intake_bot.conftest import WEB_SECRET, web_headers, web_say

ROUTES = ["/slack/events", "/teams/messages", "/web/messages", "/healthz", "/nowhere"]
HEADER_NAMES = ["X-Slack-Signature", "X-Slack-Request-Timestamp", "Authorization",
                "X-Borgerdesk-Signature", "X-Borgerdesk-Timestamp", "Content-Type",
                "X-Slack-Retry-Num"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "event", "text", "session", "from", "id",
                                       "timestamp", "challenge", "user", "channel_type"]),
                      children, max_size=5), max_leaves=12)
bodies = st.one_of(st.binary(max_size=300),
                   json_values.map(lambda value: json.dumps(value).encode()))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), method=st.sampled_from(["GET", "POST", "PUT"]),
       body=bodies, headers=st.dictionaries(st.sampled_from(HEADER_NAMES),
                                            st.text(alphabet=st.characters(
                                                min_codepoint=32, max_codepoint=255,
                                                blacklist_categories=("Cc",)),
                                                max_size=80), max_size=4))
def test_arbitrary_requests_never_cause_a_server_error(client, route, method, body, headers):
    response = client.open(route, method=method, data=body, headers=headers)
    assert response.status_code < 500, (route, response.status_code)
    assert response.is_json


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=json_values)
def test_signed_arbitrary_web_payloads_never_cause_a_server_error(client, payload):
    body = json.dumps(payload).encode()
    response = client.post("/web/messages", data=body, headers=web_headers(body))
    assert response.status_code < 500
    assert response.is_json


@pytest.fixture
def server(bot_store):
    app = create_app(BotSettings(platforms=("web",), web_secret=WEB_SECRET,
                                 messages_per_minute=1000), bot_store)
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


def say(url: str, session: str, text: str) -> list[str]:
    body = json.dumps({"session": session, "text": text}).encode()
    request = urllib.request.Request(url + "/web/messages", data=body, method="POST",
                                     headers=web_headers(body))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["replies"]


def converse(url: str, sender: int, number: int) -> str:
    session = f"sender{sender}-conversation{number}"
    for text in ("Hej", f"Borger {sender}", "chat", f"Sag {sender}/{number}", "færdig",
                 "ved ikke"):
        say(url, session, text)
    final = say(url, session, "ja")[0]
    return final.split("nummeret ")[1].split(".")[0]


@pytest.mark.slow
def test_twenty_concurrent_senders_ten_conversations_each(server, bot_store):
    def sender(number: int) -> list[str]:
        return [converse(server, number, conversation) for conversation in range(10)]

    with ThreadPoolExecutor(20) as pool:
        refs = [ref for refs in pool.map(sender, range(20)) for ref in refs]
    inquiries = bot_store.inquiries()
    assert len(refs) == len(set(refs)) == 200
    assert len(inquiries) == 200
    assert sorted(refs) == sorted(inquiry.ref for inquiry in inquiries)
    subjects = sorted(inquiry.subject for inquiry in inquiries)
    assert subjects == sorted(f"Sag {s}/{c}" for s in range(20) for c in range(10))


def test_no_personal_data_in_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ("Hej", "Hemmelig Hansen", "hemmelig@example.dk 20 30 40 50",
                 "Mit cpr er 010190-1234", "færdig", "ved ikke", "ja"):
        web_say(client, "logscan", text)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for personal in ("Hemmelig", "hemmelig@example.dk", "20 30 40 50", "010190"):
        assert personal not in logged
