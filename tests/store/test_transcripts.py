"""The chat page's transcripts: numbered, kept while the session lives, advisor answers once."""

from __future__ import annotations

import json
import stat
from datetime import timedelta

from store import Store
from store.transcripts import TRANSCRIPT_IDLE, Transcripts, transcript_file
from tests.conftest import Clock


def test_messages_are_numbered_in_order_and_read_after_a_number(tmp_path):
    transcripts = Transcripts(Store(tmp_path, clock=Clock()))
    transcripts.append("webchat:s1", [("citizen", "Hej")])
    added = transcripts.append("webchat:s1", [("bot", "Goddag"), ("bot", "Hvad hedder du?")])
    assert [message.number for message in added] == [2, 3]
    assert [(m.number, m.author, m.text) for m in transcripts.messages("webchat:s1", 1)] == [
        (2, "bot", "Goddag"), (3, "bot", "Hvad hedder du?")]
    assert transcripts.messages("webchat:other") == []
    mode = stat.S_IMODE((tmp_path / transcript_file("webchat:s1")).stat().st_mode)
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
    kept = [record["key"] for path in tmp_path.glob("transcripts-*.json")
            for record in json.loads(path.read_text())["transcripts"].values()]
    assert kept == ["webchat:new"]  # the old one's file was swept too


def test_a_message_rewrites_one_small_file_whatever_the_sessions_kept(tmp_path):
    transcripts = Transcripts(Store(tmp_path, clock=Clock()))
    for number in range(400):
        transcripts.append(f"webchat:{number}", [("citizen", "Hej " * 50)])
    kept = sum(path.stat().st_size for path in tmp_path.glob("transcripts-*.json"))
    before = {path: path.stat().st_mtime_ns for path in tmp_path.glob("transcripts-*.json")}
    transcripts.append("webchat:new", [("citizen", "Hej")])
    changed = [path.name for path in tmp_path.glob("transcripts-*.json")
               if before.get(path) != path.stat().st_mtime_ns]
    assert changed == [transcript_file("webchat:new")]
    assert (tmp_path / changed[0]).stat().st_size < kept / 8
