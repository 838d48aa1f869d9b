"""The chat page's HTTP details, through Flask's test client: cookies, CSRF, limits, errors."""

from __future__ import annotations

import json
import logging
import re
import stat
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_bot import BotSettings, create_app
from intake_bot.webchat.session import COOKIE, KEY_FILE
from store import Store
from store.transcripts import FILED_KEEP, TRANSCRIPT_IDLE, Transcripts
from tests.conftest import Clock
from tests.intake_bot.conftest import NOW

CONVERSATION = ("Hello", "Ann Example", "chat", "My housing benefit has stopped", "done",
                "don't know", "yes")


def chat_settings(**overrides) -> BotSettings:
    return BotSettings(**{"platforms": ("webchat",), "privacy_url": "https://kommune.test/p",
                          "accessibility_statement_url": "https://kommune.test/a",
                          "frame_ancestors": ("https://www.kommune.test",), **overrides})


@pytest.fixture
def clock():
    return Clock(NOW)


@pytest.fixture
def chat_store(tmp_path, clock):
    return Store(tmp_path / "data", clock=clock)


@pytest.fixture
def chat(chat_store):
    app = create_app(chat_settings(), chat_store)
    yield app.test_client()
    app.extensions["borgerdesk"]["reply_pool"].shutdown(wait=True)


def csrf(page_html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page_html).group(1)


def say(client, text: str, lang: str = "en", **headers):
    token = csrf(client.get(f"/chat?lang={lang}").text)
    return client.post("/chat", data={"text": text, "csrf": token, "lang": lang,
                                      "id": f"id-{text[:20]}-{len(text)}"}, headers=headers)


def json_say(client, text: str, message_id: str, token: str | None = None):
    token = token or csrf(client.get("/chat").text)
    return client.post("/chat/messages", json={"text": text, "id": message_id},
                       headers={"X-Borgerdesk-Csrf": token})


def test_the_empty_page_sets_no_cookie_and_has_the_policy_and_the_notices(chat):
    response = chat.get("/chat?lang=da")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'self' https://www.kommune.test" in policy
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert '<html lang="da">' in page and 'role="log"' in page
    assert 'href="https://kommune.test/p"' in page  # privacy notice before the first message
    assert '<a href="https://kommune.test/a">Tilgængelighedserklæring</a>' in page
    assert "<script src" in page and "<script>" not in page and "style=" not in page


def test_a_whole_conversation_by_form_posts_ends_with_a_reference(chat, chat_store):
    first = say(chat, CONVERSATION[0])
    assert first.status_code == 303 and first.headers["Location"].startswith("/chat?lang=en")
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Secure" not in cookie
    for text in CONVERSATION[1:]:
        assert say(chat, text).status_code == 303
    page = chat.get("/chat").text
    ref = chat_store.inquiries()[0].ref
    assert f"Your inquiry has the number {ref}" in page
    assert page.count('class="msg citizen"') == len(CONVERSATION)
    assert chat_store.inquiries()[0].citizen.chat_id.startswith("webchat:")


def test_the_signing_key_is_created_private_once(chat, chat_store):
    key = chat_store.data_dir / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    create_app(chat_settings(), chat_store)
    assert key.read_bytes() == before


def test_a_form_post_without_the_page_token_is_refused_and_stores_nothing(chat, chat_store):
    response = chat.post("/chat", data={"text": "Hej", "csrf": "forged", "lang": "en"})
    assert response.status_code == 400
    assert "your text is still in the box" in response.text and ">Hej</textarea>" in response.text
    assert "Set-Cookie" not in response.headers
    assert not list(chat_store.data_dir.glob("transcripts-*.json"))


def test_a_post_from_another_site_is_refused(chat):
    token = csrf(chat.get("/chat").text)
    response = chat.post("/chat", data={"text": "Hej", "csrf": token},
                         headers={"Origin": "https://evil.test"})
    assert response.status_code == 403 and response.is_json
    response = chat.post("/chat/messages", json={"text": "Hej", "id": "1"},
                         headers={"X-Borgerdesk-Csrf": token, "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and response.is_json


def test_the_json_route_needs_the_token_header(chat):
    response = chat.post("/chat/messages", json={"text": "Hej", "id": "1"})
    assert response.status_code == 403 and response.get_json()["error"] == "Forbidden"


def test_json_send_returns_the_new_lines_and_the_poll_returns_later_ones(chat, chat_store):
    response = json_say(chat, "Hello", "m1")
    assert response.status_code == 200 and COOKIE in response.headers["Set-Cookie"]
    body = response.get_json()
    assert [m["author"] for m in body["messages"]][:2] == ["citizen", "bot"]
    last = body["messages"][-1]["number"]
    assert chat.get(f"/chat/messages?after={last}").get_json() == {"messages": []}
    session_key = next(
        record["key"] for path in chat_store.data_dir.glob("transcripts-*.json")
        for record in json.loads(path.read_text())["transcripts"].values())
    Transcripts(chat_store).append_advisor_message(session_key, "We will call you.", "a1")
    polled = chat.get(f"/chat/messages?after={last}").get_json()["messages"]
    assert polled == [{"number": last + 1, "author": "advisor", "text": "We will call you."}]
    again = json_say(chat, "Hello", "m1", token=body["csrf"])  # the same id: a retry
    assert again.status_code == 200 and again.get_json()["messages"] == []


def test_citizen_lines_after_filing_still_show_on_the_page(chat, chat_store):
    for text in CONVERSATION:
        say(chat, text)
    say(chat, "One more thing: my case number is 12.")
    page = chat.get("/chat").text
    assert "One more thing: my case number is 12." in page
    assert len(chat_store.inquiries()) == 1


@pytest.mark.parametrize(("body", "headers", "status"), [
    (b"not json", {"Content-Type": "application/json"}, 400),
    (b"[1, 2]", {"Content-Type": "application/json"}, 400),
    (json.dumps({"text": 5, "id": "1"}).encode(), {"Content-Type": "application/json"}, 400),
    (json.dumps({"text": "x" * 5000, "id": "1"}).encode(),
     {"Content-Type": "application/json"}, 400),
    (json.dumps({"text": "x" * 70_000, "id": "1"}).encode(),
     {"Content-Type": "application/json"}, 413),
    (("[" * 5000 + "]" * 5000).encode(), {"Content-Type": "application/json"}, 400),
    (b'{"text": "\\ud800 hej", "id": "lone-surrogate"}', {"Content-Type": "application/json"},
     400),
    (b'{"text": "hej", "id": "\\udc80"}', {"Content-Type": "application/json"}, 400),
], ids=["junk", "list", "text-not-string", "text-too-long", "body-too-large", "deep-nesting",
        "lone-surrogate", "lone-surrogate-id"])
def test_bad_json_bodies_are_4xx_with_json(chat, body, headers, status):
    token = csrf(chat.get("/chat").text)
    response = chat.post("/chat/messages", data=body,
                         headers={**headers, "X-Borgerdesk-Csrf": token})
    assert response.status_code == status and response.is_json


def test_junk_cookies_headers_and_queries_never_cause_a_server_error(chat):
    for cookie in ("", ".", "a.b", "x" * 5000, "\xe9.\xfc", "\xff\xfe.x", "a.b.c", '"a.b'):
        raw = {"Cookie": f"{COOKIE}={cookie}"}
        assert chat.get("/chat", headers=raw).status_code == 200
        assert chat.get("/chat/messages?after=0", headers=raw).get_json() == {"messages": []}
    junk = {"X-Forwarded-For": "::::,999.1.1.1, ", "X-Forwarded-Proto": "gopher",
            "Origin": "\u00ff" * 400, "Sec-Fetch-Site": "x" * 300}
    assert chat.get("/chat?lang=xx", headers=junk).status_code == 200
    assert chat.post("/chat", data={"text": "Hej"}, headers=junk).status_code in (400, 403)
    assert chat.post("/chat", data={"text": "Hej"},
                     headers={"Origin": "http://["}).status_code == 403
    assert chat.get("/chat/messages?after=-1").status_code == 400
    assert chat.get("/chat/messages?after=٣").status_code == 400


def test_form_text_with_a_lone_surrogate_is_stored_replaced(chat, chat_store):
    token = csrf(chat.get("/chat").text)
    response = chat.post("/chat", data=b"text=%ED%A0%80hej&csrf=" + token.encode() + b"&id=s1",
                         content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303
    assert "hej" in chat.get("/chat").text


def test_too_many_messages_are_a_readable_message_in_the_page_and_429_json(chat_store):
    app = create_app(chat_settings(messages_per_minute=3), chat_store)
    client = app.test_client()
    for number in range(3):
        assert say(client, f"message {number}").status_code == 303
    refused = say(client, "one too many")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Please wait" in refused.text and ">one too many</textarea>" in refused.text
    token = csrf(client.get("/chat").text)
    response = json_say(client, "again", "j1", token)
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "Please wait" in response.get_json()["message"]


def test_new_conversations_are_limited_per_client_address(chat_store):
    app = create_app(chat_settings(webchat_new_conversations_per_hour=2), chat_store)
    for number in range(2):
        assert say(app.test_client(), f"hello {number}").status_code == 303
    assert say(app.test_client(), "hello again").status_code == 429
    other = app.test_client()
    token = csrf(other.get("/chat").text)
    response = other.post("/chat", data={"text": "Hej", "csrf": token},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 303  # another address has its own count


def test_forwarded_addresses_count_only_from_a_trusted_proxy(chat_store):
    app = create_app(chat_settings(webchat_new_conversations_per_hour=1,
                                   trusted_proxies=("10.0.0.1",)), chat_store)

    def first_message(peer: str, forwarded: str) -> int:
        client = app.test_client()
        token = csrf(client.get("/chat").text)
        return client.post("/chat", data={"text": "Hej", "csrf": token},
                           headers={"X-Forwarded-For": forwarded},
                           environ_base={"REMOTE_ADDR": peer}).status_code

    assert first_message("10.0.0.1", "192.0.2.1") == 303
    assert first_message("10.0.0.1", "192.0.2.2") == 303  # another citizen behind the proxy
    assert first_message("10.0.0.1", "192.0.2.1") == 429
    assert first_message("192.0.2.50", "192.0.2.3") == 303  # untrusted peer: the peer counts
    assert first_message("192.0.2.50", "192.0.2.4") == 429  # so a forged header does not help


def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(chat_store):
    app = create_app(chat_settings(trusted_proxies=("10.0.0.0/8",)), chat_store)
    client = app.test_client()
    token = csrf(client.get("/chat").text)
    response = client.post("/chat", data={"text": "Hej", "csrf": token},
                           headers={"X-Forwarded-Proto": "https"},
                           environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_the_page_warns_before_the_session_ends_and_continue_keeps_it(chat, clock):
    say(chat, "Hello")
    assert "hidden" in re.search(r'<form id="continue-form"[^>]*>', chat.get("/chat").text)[0]
    clock.now += TRANSCRIPT_IDLE - timedelta(minutes=10)
    page = chat.get("/chat").text
    assert re.search(r'<form id="continue-form"[^>]*>', page)[0].endswith('action="/chat">')
    assert "will soon end" in page
    response = chat.post("/chat", data={"csrf": csrf(page), "action": "continue"})
    assert response.status_code == 303
    clock.now += timedelta(minutes=30)  # past the first end: kept, and the bot still knows
    page = chat.get("/chat").text
    assert "Hello" in page and "What is your name?" in page
    say(chat, "Ann")
    assert "How can the advisor reach you?" in chat.get("/chat").text


def test_an_expired_session_says_so_instead_of_an_empty_page(chat, clock):
    say(chat, "Hello")
    clock.now += TRANSCRIPT_IDLE + timedelta(minutes=1)
    assert "Your earlier conversation has ended" in chat.get("/chat").text


def test_outside_office_hours_the_page_says_when_the_answer_comes(chat_store, clock):
    clock.now = NOW.replace(hour=20)  # 21:00 in Copenhagen, a Tuesday
    app = create_app(chat_settings(), chat_store)
    page = app.test_client().get("/chat?lang=en").text
    due = chat_store.calendar.short_text(chat_store.calendar.response_due(clock.now))
    assert "The office is closed now" in page
    assert f"the advisor will answer you by {due} at the latest" in page


def test_the_bot_speaks_the_page_language_and_its_switch_moves_the_page(chat):
    say(chat, "Hej", lang="en")
    assert "What is your name?" in chat.get("/chat").text
    response = say(chat, "dansk", lang="en")
    assert response.headers["Location"].startswith("/chat?lang=da")
    assert '<html lang="da">' in chat.get(response.headers["Location"]).text


def test_messages_are_limited_per_client_address_across_its_sessions(chat_store):
    app = create_app(chat_settings(webchat_address_messages_per_minute=3), chat_store)
    statuses = [say(app.test_client(), f"hello {number}").status_code for number in range(4)]
    assert statuses == [303, 303, 303, 429]


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(["/chat", "/chat/messages", "/chat/messages?after=3",
                              "/chat/static/chat.js", "/chat/static/../key"]),
       method=st.sampled_from(["GET", "POST", "PUT"]),
       body=st.binary(max_size=300) | st.text(max_size=200).map(str.encode),
       headers=st.dictionaries(
           st.sampled_from(["Content-Type", "Cookie", "Origin", "X-Borgerdesk-Csrf",
                            "X-Forwarded-For", "X-Forwarded-Proto", "Sec-Fetch-Site"]),
           st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=80),
           max_size=4))
def test_arbitrary_requests_to_the_page_never_cause_a_server_error(chat, route, method, body,
                                                                   headers):
    response = chat.open(route, method=method, data=body, headers=headers)
    assert response.status_code < 500


def test_no_personal_data_in_logs(chat, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ("Hello", "Bodil Testesen", "+45 12 34 56 78", "My CPR is 010203-1234",
                 "done", "don't know", "yes"):
        say(chat, text)
    chat.post("/chat/messages", data=b"{", headers={"Content-Type": "application/json"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("Bodil", "12 34 56 78", "010203"):
        assert secret not in logged


def test_a_cpr_number_is_masked_before_the_transcript_keeps_it(chat, chat_store):
    say(chat, "Hello")
    say(chat, "My CPR is 010203-1234")
    kept = list(chat_store.data_dir.glob("transcripts-*.json"))
    assert kept and all("010203-1234" not in path.read_text() for path in kept)
    page = chat.get("/chat").text
    assert "My CPR is DDMMYY-XXXX" in page and "I have hidden a CPR number" in page


def test_an_answer_that_arrives_between_polls_comes_with_the_next_send(chat, chat_store):
    """The page shows everything after its last line: an advisor's answer stored between two
    polls must not be skipped because the citizen wrote before the next poll."""
    body = json_say(chat, "Hello", "m1").get_json()
    last = body["messages"][-1]["number"]
    [path] = chat_store.data_dir.glob("transcripts-*.json")
    session_key = next(record["key"] for record in json.loads(
        path.read_text())["transcripts"].values())
    Transcripts(chat_store).append_advisor_message(session_key, "An answer", "a1")
    sent = chat.post("/chat/messages", json={"text": "Ann", "id": "m2", "after": last},
                     headers={"X-Borgerdesk-Csrf": body["csrf"]}).get_json()["messages"]
    assert [m["number"] for m in sent] == list(range(last + 1, last + 1 + len(sent)))
    assert [m["author"] for m in sent][:2] == ["advisor", "citizen"]


def test_a_damaged_transcript_refuses_the_message_whole(chat, chat_store):
    body = json_say(chat, "Hello", "m1").get_json()
    [path] = chat_store.data_dir.glob("transcripts-*.json")
    good = path.read_bytes()
    path.write_text('{"tab')
    refused = chat.post("/chat/messages", json={"text": "Ann", "id": "m2"},
                        headers={"X-Borgerdesk-Csrf": body["csrf"]})
    assert refused.status_code == 503 and refused.is_json
    path.write_bytes(good)
    retried = chat.post("/chat/messages", json={"text": "Ann", "id": "m2"},
                        headers={"X-Borgerdesk-Csrf": body["csrf"]}).get_json()["messages"]
    assert [m["author"] for m in retried][:2] == ["citizen", "bot"]
    assert retried[0]["text"] == "Ann"


def test_cancelling_keeps_nothing_the_citizen_wrote(chat, chat_store):
    for text in ("Hej", "Cancelia Sletmigsen", "afbryd"):
        say(chat, text, lang="da")
    page = chat.get("/chat?lang=da").text
    assert "Cancelia" not in page and "intet blev gemt" in page
    assert all(b"Cancelia" not in path.read_bytes()
               for path in chat_store.data_dir.glob("transcripts-*.json"))
    assert chat_store.inquiries() == []


def max_age(response) -> int:
    return int(re.search(r"Max-Age=(\d+)", response.headers["Set-Cookie"]).group(1))


def test_a_session_that_filed_an_inquiry_waits_for_the_advisor_s_answer(chat, chat_store,
                                                                         clock):
    """The answer comes within 3 working days: the page, its transcript and its cookie
    must still be there then, not gone after a day."""
    first = say(chat, CONVERSATION[0])
    assert max_age(first) == TRANSCRIPT_IDLE.total_seconds()  # an intake: a day
    for text in CONVERSATION[1:]:
        filing = say(chat, text)
    assert max_age(filing) == FILED_KEEP.total_seconds()  # filed: until an answer can come
    [inquiry] = chat_store.inquiries()
    clock.now = NOW + timedelta(days=4)  # well past a day without a word
    chat_store.outbox.answer(inquiry.ref, "Here is our answer")
    Transcripts(chat_store).append_advisor_message(inquiry.citizen.chat_id,
                                                   "Here is our answer", "a1")
    page = chat.get("/chat?lang=en").text
    assert "Here is our answer" in page and "My housing benefit has stopped" in page
