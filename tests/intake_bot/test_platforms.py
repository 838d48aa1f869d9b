"""Slack, Teams and web: signatures, replay windows, retries, echoes, limits, JSON errors."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from intake_bot.security import slack_signature
from tests.intake_bot.conftest import (
    slack_event,
    slack_headers,
    teams_headers,
    web_headers,
)

# Slack's documented example (api.slack.com, "Verifying requests from Slack").
SLACK_DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_DOC_TIMESTAMP = "1531420618"
SLACK_DOC_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977008"
    "85554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447"
    "fce8b6703c")
SLACK_DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_slack_documented_signature_vector():
    assert slack_signature(SLACK_DOC_SECRET, SLACK_DOC_TIMESTAMP,
                           SLACK_DOC_BODY.encode()) == SLACK_DOC_SIGNATURE


def post_slack(client, body: bytes, headers: dict | None = None):
    return client.post("/slack/events", data=body, headers=headers or slack_headers(body))


def test_slack_url_verification(client):
    body = json.dumps({"type": "url_verification", "challenge": "abc123"}).encode()
    response = post_slack(client, body)
    assert response.status_code == 200 and response.get_json() == {"challenge": "abc123"}


def test_slack_message_is_answered_with_chat_post_message(client, slack_api, bot_store):
    response = post_slack(client, slack_event("Hej", "Ev1"))
    assert response.status_code == 200
    posts = slack_api.wait_for(3)
    assert [post["channel"] for post in posts] == ["D-U1"] * 3
    assert posts[0]["auth"] == "Bearer xoxb-test" and posts[0]["path"] == "/api/chat.postMessage"
    assert "Hvad hedder du" in posts[-1]["text"]
    assert bot_store.desk.conversation("slack:T1:U1")["step"] == "name"


def test_slack_retries_of_a_handled_event_are_acknowledged_not_repeated(client, slack_api,
                                                                         bot_store):
    body = slack_event("Hej", "Ev2")
    for retry in range(3):
        headers = {**slack_headers(body), "X-Slack-Retry-Num": str(retry),
                   "X-Slack-Retry-Reason": "http_timeout"}
        assert post_slack(client, body, headers).status_code == 200
    time.sleep(0.3)
    assert len(slack_api.wait_for(3)) == 3  # one greeting of three messages, not three
    for text in ("Borger", "chat", "noget", "færdig", "ved ikke"):
        post_slack(client, slack_event(text, f"Ev-{text}"))
    yes = slack_event("ja", "Ev-yes")
    for _ in range(3):
        post_slack(client, yes)
    assert len(bot_store.inquiries()) == 1


def test_slack_retry_of_a_lost_first_delivery_is_handled(client, slack_api):
    body = slack_event("Hej", "Ev3")
    headers = {**slack_headers(body), "X-Slack-Retry-Num": "1",
               "X-Slack-Retry-Reason": "http_error"}
    assert post_slack(client, body, headers).status_code == 200
    assert "Hvad hedder du" in slack_api.wait_for(3)[-1]["text"]


@pytest.mark.parametrize("event_fields", [
    {"bot_id": "B1"},
    {"subtype": "message_changed"},
    {"subtype": "bot_message"},
    {"channel_type": "channel"},
])
def test_slack_ignores_echoes_edits_and_channels(client, slack_api, bot_store, event_fields):
    assert post_slack(client, slack_event("Hej", "Ev4", **event_fields)).status_code == 200
    time.sleep(0.2)
    assert slack_api.posts == []
    assert bot_store.desk.conversation("slack:T1:U1") is None


def test_slack_file_share_is_a_citizen_message(client, slack_api):
    post_slack(client, slack_event("Hej", "Ev5", subtype="file_share"))
    assert slack_api.wait_for(3)


@pytest.mark.parametrize(("change", "status"), [
    ("bad_signature", 401), ("stale", 401), ("missing", 401), ("future", 401)])
def test_slack_bad_signatures(client, change, status):
    body = slack_event("Hej", "Ev6")
    headers = slack_headers(body)
    if change == "bad_signature":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif change == "stale":
        headers = slack_headers(body, int(time.time()) - 301)
    elif change == "future":
        headers = slack_headers(body, int(time.time()) + 301)
    else:
        headers = {"Content-Type": "application/json"}
    response = post_slack(client, body, headers)
    assert response.status_code == status
    assert response.get_json()["error"] == "Unauthorized"


def test_slack_reply_is_retried_when_the_api_fails(client, slack_api):
    slack_api.fail_next = 1
    post_slack(client, slack_event("Hej", "Ev7"))
    assert len(slack_api.wait_for(3, seconds=8)) == 3


def test_teams_message_with_mention_and_reply_in_body(client, bot_store):
    body = json.dumps({
        "type": "message", "id": "act-1", "timestamp": datetime.now(UTC).isoformat(),
        "from": {"id": "29:abc", "name": "Borger"},
        "text": "<at>Borgerdesk</at> Hello, I need help"}).encode()
    response = client.post("/teams/messages", data=body, headers=teams_headers(body))
    assert response.status_code == 200
    reply = response.get_json()
    assert reply["type"] == "message" and "What is your name" in reply["text"]
    assert bot_store.desk.conversation("teams:29:abc")["language"] == "en"


def test_teams_rejects_bad_hmac_and_stale_bodies(client):
    body = json.dumps({"type": "message", "timestamp": datetime.now(UTC).isoformat(),
                       "from": {"id": "29:x"}, "text": "hi"}).encode()
    bad = {"Authorization": "HMAC " + "A" * 44, "Content-Type": "application/json"}
    assert client.post("/teams/messages", data=body, headers=bad).status_code == 401
    stale = json.dumps({"type": "message", "from": {"id": "29:x"}, "text": "hi",
                        "timestamp": (datetime.now(UTC) - timedelta(minutes=6)).isoformat()})
    response = client.post("/teams/messages", data=stale, headers=teams_headers(stale.encode()))
    assert response.status_code == 401 and "stale" in response.get_json()["message"]


def test_web_signature_and_malformed_bodies(client):
    body = json.dumps({"session": "w1", "text": "Hej"}).encode()
    wrong = {"X-Borgerdesk-Signature": "sha256=" + "0" * 64}
    assert client.post("/web/messages", data=body, headers=wrong).status_code == 401
    assert client.post("/web/messages", data=body).status_code == 401
    for bad in (b"{not json", b"[1, 2]", b'{"session": "w1"}', b'{"session": 3, "text": "x"}'):
        response = client.post("/web/messages", data=bad, headers=web_headers(bad))
        assert response.status_code == 400, bad
        assert "error" in response.get_json()


def test_oversize_bodies_are_413(client):
    body = json.dumps({"session": "w2", "text": "x" * 70_000}).encode()
    response = client.post("/web/messages", data=body, headers=web_headers(body))
    assert response.status_code == 413
    assert response.get_json()["error"] == "Request Entity Too Large"


def test_a_flood_from_one_sender_is_429(client):
    statuses = []
    for number in range(32):
        body = json.dumps({"session": "flood", "text": f"hej {number}"}).encode()
        statuses.append(client.post("/web/messages", data=body,
                                    headers=web_headers(body)).status_code)
    assert statuses[:30] == [200] * 30 and statuses[30:] == [429, 429]
    body = json.dumps({"session": "calm", "text": "hej"}).encode()
    assert client.post("/web/messages", data=body, headers=web_headers(body)).status_code == 200


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
