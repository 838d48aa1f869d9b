"""The chat page's transcripts are personal data: an access request shows them and erasure
removes them, leaving other citizens' transcripts alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store import Channel, Citizen, InquiryDraft, Store
from store.transcripts import Transcripts
from tests.conftest import Clock

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "data", actor="advisor", clock=Clock(NOW))
    transcripts = Transcripts(store)
    for session in ("webchat:s1", "webchat:s2"):
        transcripts.append(session, [("citizen", f"Hej fra {session}"), ("bot", "Hvad hedder du?")])
        store.create_inquiry(InquiryDraft(received_at=NOW, channel=Channel.CHAT,
                                          citizen=Citizen(name="Invented Person",
                                                          chat_id=session)))
    return store


def test_an_access_request_includes_the_chat_page_transcript(store):
    found = store.privacy.about_citizen("webchat:s1")
    assert [inquiry["ref"] for inquiry in found["inquiries"]] == ["BR-2026-0001"]
    [(session, messages)] = found["chat_page_transcripts"].items()
    assert session == "webchat:s1"
    assert [(m["author"], m["text"]) for m in messages] == [
        ("citizen", "Hej fra webchat:s1"), ("bot", "Hvad hedder du?")]


def test_erasure_removes_the_transcript_and_only_that_one(store):
    store.privacy.anonymise("BR-2026-0001", "request")
    transcripts = Transcripts(store)
    assert transcripts.messages("webchat:s1") == []
    assert all(b"webchat:s1" not in path.read_bytes()
               for path in store.data_dir.glob("transcripts-*.json"))
    assert [m.text for m in transcripts.messages("webchat:s2")] == [
        "Hej fra webchat:s2", "Hvad hedder du?"]
