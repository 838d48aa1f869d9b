"""The outbox and the citizen's follow-up messages: the store's rules, once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reports.summary import compute_summary
from store import Channel, Citizen, InquiryDraft, Store, StoreSettings, ValidationError
from store.outbox import INTERRUPTED, MAX_ATTEMPTS, Route, route_of
from store.taxonomy import Delivery, Direction, JournalKind
from tests.conftest import FIXED_NOW


def chat_inquiry(store: Store, sender: str = "slack:T1:U1", **citizen) -> str:
    fields = {"chat_id": sender, "chat_channel": "D1" if sender.startswith("slack") else "",
              **citizen}
    return store.create_inquiry(InquiryDraft(
        received_at=store.clock(), channel=Channel.CHAT, citizen=Citizen(name="Chat Borger",
                                                                          **fields),
        subject="Hjælp")).ref


def test_routes_follow_the_channel_the_citizen_used(store):
    slack = store.get(chat_inquiry(store))
    web = store.get(chat_inquiry(store, "web:s1"))
    teams_with_mail = store.get(chat_inquiry(store, "teams:29:1", email="a@example.invalid"))
    teams = store.get(chat_inquiry(store, "teams:29:2", phone="12345678"))
    assert route_of(slack) == Route("slack", "D1")
    assert route_of(web) == Route("web", "s1")
    assert route_of(teams_with_mail) == Route("email", "a@example.invalid")
    assert route_of(teams) is None
    with pytest.raises(ValidationError, match="Teams chat cannot be written to"):
        store.outbox.answer(teams.ref, "Svar")
    with pytest.raises(ValidationError, match="empty"):
        store.outbox.answer(slack.ref, "   ")


def test_first_response_counts_from_when_the_answer_was_sent(store, clock):
    ref = chat_inquiry(store)
    stored = store.outbox.answer(ref, "Vi ser på det")
    [entry] = stored.journal
    assert (entry.kind, entry.direction, entry.delivery, entry.via) == (
        JournalKind.CHAT, Direction.OUT, Delivery.PENDING, "slack")
    assert stored.first_response_at is None  # stored is not answered
    clock.now = FIXED_NOW + timedelta(hours=2)
    assert store.outbox.claim(ref, entry.id) is not None
    assert store.outbox.claim(ref, entry.id) is None  # a second sender gets nothing
    sent = store.outbox.confirm(ref, entry.id)
    assert sent.first_response_at == FIXED_NOW + timedelta(hours=2)
    assert sent.journal[0].delivery is Delivery.SENT and sent.journal[0].attempts == 1
    assert store.outbox.due() == []


def test_summary_response_figures_count_a_sent_answer(store, clock):
    ref = chat_inquiry(store)
    today = FIXED_NOW.date()

    def answered() -> int:
        return compute_summary(store, date(today.year, 11, 1), date(today.year, 11, 30)
                               ).response.answered

    store.outbox.answer(ref, "Svar")
    assert answered() == 0
    store.outbox.claim(ref, 1)
    store.outbox.confirm(ref, 1)
    assert answered() == 1


def test_failures_back_off_then_give_up(store, clock):
    ref = chat_inquiry(store)
    store.outbox.answer(ref, "Svar")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        [(_inquiry, entry)] = store.outbox.due()
        store.outbox.claim(ref, entry.id)
        failed = store.outbox.fail(ref, entry.id, "slack:http_500", retry=True)
        entry = failed.journal[0]
        assert entry.attempts == attempt and entry.error == "slack:http_500"
        if attempt < MAX_ATTEMPTS:
            assert entry.delivery is Delivery.PENDING and store.outbox.due() == []
            clock.now = entry.next_try_at
    assert entry.delivery is Delivery.FAILED
    assert store.outbox.due() == [] and failed.first_response_at is None


def test_an_answer_interrupted_while_sending_is_never_sent_again(data_dir, store):
    ref = chat_inquiry(store)
    store.outbox.answer(ref, "Svar")
    store.outbox.claim(ref, 1)  # ... and the service died before it could mark it
    restarted = Store(data_dir, StoreSettings(), clock=store.clock)
    assert restarted.outbox.recover() == [ref]
    entry = restarted.get(ref).journal[0]
    assert (entry.delivery, entry.error) == (Delivery.FAILED, INTERRUPTED)
    assert restarted.outbox.due() == []


def test_follow_up_messages_are_added_once_and_unread_until_seen(data_dir, store, clock):
    ref = chat_inquiry(store)
    assert store.chat.inquiry_of("slack:T1:U1").ref == ref
    assert store.chat.inquiry_of("slack:T1:U9") is None
    clock.now = FIXED_NOW + timedelta(minutes=5)
    store.chat.add_incoming(ref, "Har I hørt noget?", "Ev2")
    store.chat.add_incoming(ref, "Har I hørt noget?", "Ev2")  # the platform's retry
    assert [e.direction for e in store.get(ref).journal] == [Direction.IN]
    other_process = Store(data_dir, StoreSettings(), clock=clock)
    assert other_process.chat.unread() == {ref: 1}
    other_process.chat.mark_seen(ref)
    assert store.chat.unread() == {}
    clock.now = FIXED_NOW + timedelta(minutes=7)
    store.chat.add_incoming(ref, "Og nu?", "Ev3")
    assert store.chat.unread() == {ref: 1}


def test_a_long_closed_inquiry_frees_the_chat(store, clock):
    ref = chat_inquiry(store)
    store.close(ref, store.get(ref).version, "Vejledt")
    assert store.chat.inquiry_of("slack:T1:U1").ref == ref
    clock.now = FIXED_NOW + timedelta(days=31)
    assert store.chat.inquiry_of("slack:T1:U1") is None


def test_erasure_blanks_the_conversation_and_export_holds_it(store):
    ref = chat_inquiry(store, "web:s1")
    store.chat.add_incoming(ref, "Mit barn er syg", "m1")
    store.outbox.answer(ref, "Vi ringer")
    store.mailbox.put("s1", ref, 2, "Vi ringer")
    exported = store.privacy.about_citizen("web:s1")
    texts = [entry["text"] for entry in exported["inquiries"][0]["journal"]]
    assert texts == ["Mit barn er syg", "Vi ringer"]
    store.privacy.anonymise(ref, "request")
    assert [entry.text for entry in store.get(ref).journal] == ["", ""]
    assert store.mailbox.take("s1") == []
