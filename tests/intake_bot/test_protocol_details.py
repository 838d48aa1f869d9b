"""Smaller protocol faults: files, duplicates, long Slack messages, when an inquiry came in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.intake_bot.conftest import NOW, slack_event, slack_headers, teams_headers


def post_slack(client, text: str, event_id: str, **fields):
    body = slack_event(text, event_id, **fields)
    return client.post("/slack/events", data=body, headers=slack_headers(body))


FILE = {"subtype": "file_share", "files": [{"id": "F1", "name": "afgørelse.pdf"}]}


def test_a_file_without_text_at_the_name_step_is_not_taken_as_anonymous(client, slack_api,
                                                                         bot_store):
    post_slack(client, "Hello, I need help", "Ev-f1")
    slack_api.wait_for(3)
    assert post_slack(client, "", "Ev-f2", **FILE).status_code == 200
    replies = [post["text"] for post in slack_api.wait_for(5)[3:]]
    assert replies == ["I cannot receive files here; please describe what the file shows in "
                       "words.", "Please write your answer as text."]
    assert bot_store.desk.conversation("slack:T1:U1")["step"] == "name"
    assert post_slack(client, "", "Ev-f2", **FILE).status_code == 200  # a retry: once
    post_slack(client, "Ann", "Ev-f3")
    assert bot_store.desk.conversation("slack:T1:U1")["name"] == "Ann"


def test_a_file_with_text_is_taken_with_a_note(client, slack_api, bot_store):
    post_slack(client, "Hello, I need help", "Ev-g1")
    slack_api.wait_for(3)
    post_slack(client, "Ann", "Ev-g2", **FILE)
    replies = [post["text"] for post in slack_api.wait_for(5)[3:]]
    assert replies[0].startswith("I cannot receive files here")
    assert bot_store.desk.conversation("slack:T1:U1")["name"] == "Ann"


def test_a_slack_message_of_40000_characters_is_accepted(client, slack_api, bot_store):
    post_slack(client, "Hej", "Ev-l1")
    text = "æ" * 40_000  # six bytes each in JSON: 240 KB with the event around it
    response = post_slack(client, text, "Ev-l2")
    assert response.status_code == 200, response.get_json()
    assert bot_store.desk.conversation("slack:T1:U1")["name"] == text[:200]
    too_big = post_slack(client, "x" * 300_000, "Ev-l3")
    assert too_big.status_code == 413 and too_big.is_json


def test_other_routes_keep_their_limit(client):
    body = json.dumps({"session": "w", "text": "x" * 70_000}).encode()
    assert client.post("/web/messages", data=body).status_code == 413


def teams_activity(text: str, activity_id: str) -> bytes:
    return json.dumps({"type": "message", "id": activity_id,
                       "timestamp": datetime.now(UTC).isoformat(),
                       "from": {"id": "29:dup"}, "text": text}).encode()


def test_a_duplicate_teams_activity_is_answered_not_blank(client):
    body = teams_activity("<at>Bot</at> Hello, I need help", "act-dup")
    first = client.post("/teams/messages", data=body, headers=teams_headers(body))
    again = client.post("/teams/messages", data=body, headers=teams_headers(body))
    assert "What is your name" in first.get_json()["text"]
    assert again.get_json() == {"type": "message",
                                "text": "I have received this message already."}


def test_an_inquiry_is_received_when_the_citizen_first_wrote(client, slack_api, bot_store):
    steps = ["Hej", "Anonym", "chat", "Min sag", "færdig", "ved ikke", "ja"]
    for number, text in enumerate(steps):
        bot_store.clock.now = NOW + timedelta(minutes=10 * number)
        assert post_slack(client, text, f"Ev-r{number}").status_code == 200
    [inquiry] = bot_store.inquiries()
    assert inquiry.received_at == NOW
