"""Whole intake conversations through the web endpoint, in Danish and in English."""

from __future__ import annotations

from datetime import timedelta

from intake_bot import BotSettings, create_app
from store import Channel, Status
from tests.intake_bot.conftest import web_say


def test_a_whole_conversation_in_danish(client, bot_store):
    replies = web_say(client, "s1", "Hej, jeg har et problem med min sag om boligstøtte")
    assert "Hvad hedder du" in replies[-1]
    assert "CPR" in replies[1]  # the privacy notice
    assert "Hvordan kan" in web_say(client, "s1", "Borger Chat")[-1]
    assert "noteret" in web_say(client, "s1", "20 30 40 50")[-1]
    web_say(client, "s1", "Jeg har ventet i fire måneder.")
    assert "Hvilken del" in web_say(client, "s1", "færdig")[-1]
    summary = web_say(client, "s1", "beskæftigelse")
    assert "Beskæftigelses- og Socialafdelingen" in summary[0]
    assert "ja" in summary[-1]
    final = web_say(client, "s1", "ja")
    assert final == ["Tak. Din henvendelse har nummeret BR-2026-0001. Borgerrådgiveren svarer "
                     "dig senest fre 27/11."]
    inquiry = bot_store.get("BR-2026-0001")
    assert inquiry.channel is Channel.CHAT and inquiry.status is Status.NEW
    assert inquiry.citizen.name == "Borger Chat" and inquiry.citizen.phone == "20 30 40 50"
    assert inquiry.citizen.chat_id == "web:s1"
    assert "boligstøtte" in inquiry.description and "fire måneder" in inquiry.description
    assert inquiry.department.unit == "Beskæftigelses- og Socialafdelingen"
    assert inquiry.response_due == bot_store.calendar.response_due(inquiry.received_at)


def test_a_whole_conversation_in_english_anonymous_answer_here(client, bot_store):
    assert "What is your name" in web_say(client, "s2", "Hello, I would like some help")[-1]
    web_say(client, "s2", "anonymous")
    assert "What is your inquiry about" in web_say(client, "s2", "chat")[-1]
    web_say(client, "s2", "The school did not answer my e-mails.")
    web_say(client, "s2", "done")
    web_say(client, "s2", "don't know")
    final = web_say(client, "s2", "yes")
    assert final[0].startswith("Thank you. Your inquiry has the number BR-2026-0001.")
    assert final[0].endswith("by Fri 27/11.")
    inquiry = bot_store.get("BR-2026-0001")
    assert inquiry.citizen.name == "" and inquiry.citizen.phone == ""
    assert inquiry.department is None


def test_language_can_be_switched(client):
    web_say(client, "s3", "Hej")
    assert web_say(client, "s3", "english")[0] == "I will write in English."
    assert "What is your name" in web_say(client, "s3", "english")[-1]
    assert "Hvad hedder du" in web_say(client, "s3", "dansk")[-1]


def test_a_first_message_that_chooses_the_language_is_obeyed(client, bot_store):
    replies = web_say(client, "s3b", "English")
    assert replies[0].startswith("Hello, this is") and "What is your name" in replies[-1]
    web_say(client, "s3b", "Ann")  # the name, not taken as a language or an opening
    state = bot_store.desk.conversation("web:s3b")
    assert state["language"] == "en" and state["name"] == "Ann" and state["about"] == []
    assert web_say(client, "s3c", "dansk")[0].startswith("Hej, det er")


def test_cancel_stores_nothing(client, bot_store):
    web_say(client, "s4", "Hej")
    web_say(client, "s4", "Navn")
    assert "intet blev gemt" in web_say(client, "s4", "afbryd")[0]
    assert bot_store.years() == []
    assert bot_store.desk.conversation("web:s4") is None
    assert "Hvad hedder du" in web_say(client, "s4", "hej igen")[-1]  # starts afresh


def test_a_cpr_number_is_masked_before_it_is_stored(client, bot_store):
    web_say(client, "s5", "Hej")
    web_say(client, "s5", "Borger Fem")
    web_say(client, "s5", "chat")
    replies = web_say(client, "s5", "Mit cpr er 010190-1234 og jeg er syg")
    assert "CPR" in replies[0]
    web_say(client, "s5", "færdig")
    web_say(client, "s5", "ved ikke")
    web_say(client, "s5", "ja")
    inquiry = bot_store.get("BR-2026-0001")
    assert "010190" not in inquiry.description and "DDMMYY-XXXX" in inquiry.description
    for path in bot_store.data_dir.iterdir():
        if path.is_file():
            assert b"010190" not in path.read_bytes(), path.name


def test_status_only_to_the_same_sender(client, bot_store):
    for text in ("Hej", "Borger Seks", "chat", "Spørgsmål", "færdig", "ved ikke", "ja"):
        web_say(client, "s6", text)
    own = web_say(client, "s6", "status BR-2026-0001")
    assert own == ["BR-2026-0001: Ny. Borgerrådgiveren svarer dig senest fre 27/11."]
    other = web_say(client, "intruder", "status br-2026-0001")
    assert other == ["Jeg kan ikke finde en henvendelse BR-2026-0001 fra dig."]
    assert web_say(client, "s6", "status BR-2026-0999") == [
        "Jeg kan ikke finde en henvendelse BR-2026-0999 fra dig."]


def test_a_restart_continues_the_conversation(settings, bot_store):
    first = create_app(settings, bot_store).test_client()
    web_say(first, "s7", "Hello")
    web_say(first, "s7", "Seven")
    from store import Store

    restarted = create_app(settings, Store(bot_store.data_dir, clock=bot_store.clock))
    assert "What is your inquiry about" in web_say(restarted.test_client(), "s7", "chat")[-1]


def test_an_idle_conversation_expires_after_a_day(client, bot_store):
    web_say(client, "s8", "Hello")
    web_say(client, "s8", "Eight")
    bot_store.clock.now += timedelta(hours=25)
    assert "Hvad hedder du" in web_say(client, "s8", "chat")[-1]  # a new one, in Danish


def test_long_replies_are_split(client):
    web_say(client, "s9", "Hello")
    web_say(client, "s9", "Nine")
    web_say(client, "s9", "chat")
    web_say(client, "s9", "word " * 1500)  # 7,500 characters, kept whole
    web_say(client, "s9", "done")
    replies = web_say(client, "s9", "don't know")
    assert all(len(reply) <= 4000 for reply in replies)
    assert sum(len(reply) for reply in replies) > 7000


def test_only_enabled_platforms_have_routes(bot_store):
    app = create_app(BotSettings(platforms=("web",), web_secret="x"), bot_store)
    response = app.test_client().post("/slack/events", data=b"{}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


def file_english_chat(client, session: str, about: str) -> None:
    for text in ("Hello, I need some help", "Ann Smith", "chat", about, "done", "don't know",
                 "yes"):
        web_say(client, session, text)


def test_status_and_follow_up_after_an_english_chat_are_in_english(client, bot_store):
    """The conversation's state is gone once it filed: the chat's language is kept with
    the inquiry, so the citizen is not suddenly answered in Danish."""
    file_english_chat(client, "en1", "Hej Kommune")  # a Danish greeting in the description
    assert bot_store.get("BR-2026-0001").citizen.chat_language == "en"
    assert web_say(client, "en1", "status BR-2026-0001") == [
        "BR-2026-0001: New. The advisor will answer you by Fri 27/11."]
    assert web_say(client, "en1", "Jeg har glemt noget")[0].startswith(
        "Thank you. Your message has been added to your inquiry BR-2026-0001")
    assert web_say(client, "intruder", "status BR-2026-0001") == [
        "Jeg kan ikke finde en henvendelse BR-2026-0001 fra dig."]


def test_status_and_follow_up_after_a_danish_chat_are_in_danish(client, bot_store):
    for text in ("Hej", "Borger Otte", "chat", "Spørgsmål", "færdig", "ved ikke", "ja"):
        web_say(client, "da1", text)
    assert bot_store.get("BR-2026-0001").citizen.chat_language == "da"
    assert web_say(client, "da1", "status BR-2026-0001") == [
        "BR-2026-0001: Ny. Borgerrådgiveren svarer dig senest fre 27/11."]
    assert web_say(client, "da1", "I forgot something, thanks")[0].startswith(
        "Tak. Din besked er føjet til din henvendelse BR-2026-0001")


def test_an_inquiry_filed_before_the_language_was_kept_is_answered_in_its_own(
        client, bot_store):
    from msgspec.structs import replace

    file_english_chat(client, "en2", "The school has not answered my e-mails")
    bot_store.change("BR-2026-0001", "as filed by an older version", lambda inquiry: replace(
        inquiry, citizen=replace(inquiry.citizen, chat_language="")))
    assert web_say(client, "en2", "status BR-2026-0001") == [
        "BR-2026-0001: New. The advisor will answer you by Fri 27/11."]
