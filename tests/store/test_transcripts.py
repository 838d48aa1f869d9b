"""The chat page's transcripts: numbered, kept while the session lives, advisor answers once."""

from __future__ import annotations

import json
import stat
from datetime import timedelta

from store import Store
from store.transcripts import TRANSCRIPT_FILE, TRANSCRIPT_IDLE, Transcripts
from tests.conftest import Clock


def test_messages_are_numbered_in_order_and_read_after_a_number(tmp_path):
    transcripts = Transcripts(Store(tmp_path, clock=Clock()))
    transcripts.append("webchat:s1", [("citizen", "Hej")])
    added = transcripts.append("webchat:s1", [("bot", "Goddag"), ("bot", "Hvad hedder du?")])
    assert [message.number for message in added] == [2, 3]
    assert [(m.number, m.author, m.text) for m in transcripts.messages("webchat:s1", 1)] == [
        (2, "bot", "Goddag"), (3, "bot", "Hvad hedder du?")]
    assert transcripts.messages("webchat:other") == []
    mode = stat.S_IMODE((tmp_path / TRANSCRIPT_FILE).stat().st_mode)
    assert mode == 0o600


def test_a_message_id_is_added_once(tmp_path):
    transcripts = Transcripts(Store(tmp_path, clock=Clock()))
    assert transcripts.append("webchat:s1", [("citizen", "Hej")], message_id="m1")
    assert transcripts.append("webchat:s1", [("citizen", "Hej")], message_id="m1") == []
    assert len(transcripts.messages("webchat:s1")) == 1


def test_the_advisor_answer_appears_once_even_when_the_outbox_retries(tmp_path):
    transcripts = Transcripts(Store(tmp_path, clock=Clock()))
    transcripts.append("webchat:s1", [("citizen", "Hej")])
    first = transcripts.append_advisor_message("webchat:s1", "Vi ringer i morgen.", "BR-1:7")
    again = transcripts.append_advisor_message("webchat:s1", "Vi ringer i morgen.", "BR-1:7")
    assert first is not None and first.number == 2 and first.author == "advisor"
    assert again is None
    assert [m.text for m in transcripts.messages("webchat:s1")] == ["Hej", "Vi ringer i morgen."]


def test_a_transcript_expires_after_idle_time_and_is_pruned_on_the_next_write(tmp_path):
    clock = Clock()
    store = Store(tmp_path, clock=clock)
    transcripts = Transcripts(store)
    transcripts.append("webchat:old", [("citizen", "Hej")])
    assert transcripts.expires_at("webchat:old") == clock.now + TRANSCRIPT_IDLE
    clock.now += TRANSCRIPT_IDLE - timedelta(minutes=1)
    assert transcripts.touch("webchat:old")  # the citizen pressed "Continue"
    clock.now += TRANSCRIPT_IDLE - timedelta(minutes=1)
    assert transcripts.messages("webchat:old")  # still kept: the touch counted
    clock.now += timedelta(minutes=2)
    assert transcripts.messages("webchat:old") == []
    assert not transcripts.touch("webchat:old")
    transcripts.append("webchat:new", [("citizen", "Hej")])
    kept = json.loads((tmp_path / TRANSCRIPT_FILE).read_text())["transcripts"]
    assert [record["key"] for record in kept.values()] == ["webchat:new"]
