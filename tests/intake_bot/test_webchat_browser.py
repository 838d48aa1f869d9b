"""The chat page in a real browser: Debian's chromium driven by Playwright, against a real
waitress server on 127.0.0.1. One browser for the module; a fresh context (no cookies) per
test. Conversations in Danish and English, with and without JavaScript, axe-core's WCAG 2.1
AA rules, keyboard only, a 320 px wide screen, the rate-limit message, cookies and CSP."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from waitress.server import create_server

from intake_bot import BotSettings, create_app
from store import Store
from store.transcripts import TRANSCRIPT_IDLE
from tests.conftest import Clock
from tests.intake_bot.conftest import NOW

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None,
                                reason="Debian's chromium is not installed (./dev installs it)")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DANISH = ("Hej", "Anne Borger", "chat", "Min boligstøtte er stoppet", "færdig", "ved ikke", "ja")
ENGLISH = ("Hello", "Ann Example", "chat", "My housing benefit has stopped", "done",
           "don't know", "yes")
REFERENCE = re.compile(r"BR-\d{4}-\d{4}")


def start_server(store: Store, **overrides) -> tuple[str, object]:
    settings = BotSettings(**{
        "platforms": ("webchat",), "privacy_url": "https://kommune.test/privatliv",
        "accessibility_statement_url": "https://kommune.test/tilgaengelighed",
        "webchat_new_conversations_per_hour": 1000,
        "webchat_address_messages_per_minute": 10_000, "poll_seconds": 1.0, **overrides})
    server = create_server(create_app(settings, store), host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Store]]:
    store = Store(tmp_path_factory.mktemp("webchat") / "data")
    url, server = start_server(store)
    yield url, store
    server.close()


@pytest.fixture
def url(site) -> str:
    return site[0]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def citizen_lines(page) -> int:
    return page.locator(".msg.citizen").count()


def send_with_script(page, text: str) -> None:
    """Type and press Send; wait until the bot's answer to this line is on the page."""
    before = citizen_lines(page)
    page.fill("#message", text)
    page.click("#chat-form button[type=submit]")
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.citizen').length > n && "
        "document.getElementById('log').lastElementChild.classList.contains('bot')", arg=before)


def send_without_script(page, text: str) -> None:
    page.fill("#message", text)
    with page.expect_navigation():
        page.click("#chat-form button[type=submit]")


def assert_accessible(page) -> None:
    results = axe_api.Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("lang", "lines", "filed"), [
    ("da", DANISH, "Tak. Din henvendelse har nummeret"),
    ("en", ENGLISH, "Thank you. Your inquiry has the number")])
def test_a_whole_conversation_with_javascript(page, url, lang, lines, filed):
    page.goto(f"{url}/chat?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    for text in lines:
        send_with_script(page, text)
    last = page.locator("#log .msg.bot").last.inner_text()
    assert filed in last and REFERENCE.search(last)
    page.reload()  # the transcript is kept: a reload shows it all
    assert page.locator(".msg.citizen").count() == len(lines)
    assert REFERENCE.search(page.locator("#log").inner_text())


@pytest.mark.parametrize(("lang", "lines"), [("da", DANISH), ("en", ENGLISH)])
def test_a_whole_conversation_without_javascript(browser, url, lang, lines):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}/chat?lang={lang}")
    for text in lines:
        send_without_script(page, text)
    assert page.get_attribute("html", "lang") == lang
    assert page.locator(".msg.citizen").count() == len(lines)
    assert REFERENCE.search(page.locator("#log .msg.bot").last.inner_text())
    context.close()


def test_no_accessibility_violations_empty_mid_conversation_and_filed(page, url):
    page.goto(f"{url}/chat?lang=da")
    assert_accessible(page)
    for text in DANISH[:3]:
        send_with_script(page, text)
    assert_accessible(page)
    for text in DANISH[3:]:
        send_with_script(page, text)
    assert_accessible(page)
    page.reload()
    assert_accessible(page)


def test_keyboard_only_to_a_reference_with_a_visible_focus(page, url):
    page.goto(f"{url}/chat?lang=en")
    for _tab in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    for text in ENGLISH:
        before = citizen_lines(page)
        page.keyboard.type(text)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Send"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "n => document.querySelectorAll('.msg.citizen').length > n && "
            "document.getElementById('log').lastElementChild.classList.contains('bot')",
            arg=before)
        assert page.evaluate("document.activeElement.id") == "message"  # ready for the next
    assert REFERENCE.search(page.locator("#log .msg.bot").last.inner_text())


def test_a_320_pixel_wide_screen_needs_no_horizontal_scrolling(browser, url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{url}/chat?lang=da")
    send_with_script(page, "Hej")
    send_with_script(page, "A" * 120)  # one long word must wrap, not widen the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_no_cookie_before_the_first_message_then_one_strict_http_only(page, url):
    response = page.goto(f"{url}/chat?lang=da")
    assert page.context.cookies() == []
    assert page.evaluate("window.localStorage.length + window.sessionStorage.length") == 0
    send_with_script(page, "Hej")
    [cookie] = page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert response.status == 200


def test_the_policy_holds_and_nothing_loads_from_elsewhere(page, url):
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    response = page.goto(f"{url}/chat?lang=da")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    send_with_script(page, "Hej")
    page.wait_for_timeout(1500)  # one poll
    assert requests and all(request.startswith(url) for request in requests)
    assert any("/chat/messages?after=" in request for request in requests)
    assert problems == []  # no script or style refused by the policy


def test_too_many_messages_show_a_readable_message(browser, tmp_path):
    url, server = start_server(Store(tmp_path / "data"), messages_per_minute=2)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/chat?lang=da")
    send_with_script(page, "Hej")
    send_with_script(page, "Anne Borger")
    page.fill("#message", "chat")
    page.click("#chat-form button[type=submit]")
    notice = page.locator("#notice[role=alert]")
    notice.filter(has_text="Vent").wait_for()
    assert "sekunder" in notice.inner_text()
    assert page.input_value("#message") == "chat"  # nothing the citizen wrote is lost
    context.close()
    server.close()


def test_the_script_warns_before_the_session_ends_and_continue_keeps_it(browser, tmp_path):
    clock = Clock(NOW)
    url, server = start_server(Store(tmp_path / "data", clock=clock))
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/chat?lang=en")
    send_with_script(page, "Hello")
    assert page.locator("#continue-form").is_hidden()
    clock.now += TRANSCRIPT_IDLE - timedelta(minutes=30, seconds=2)  # the warning in 2 s
    page.reload()
    assert page.locator("#continue-form").is_hidden()
    page.locator("#continue-form button").wait_for(state="visible", timeout=10_000)
    assert "will soon end" in page.inner_text("#expiry-warning")
    with page.expect_navigation():
        page.click("#continue-form button")
    clock.now += timedelta(hours=1)  # past the first end: the conversation goes on
    send_with_script(page, "Ann Example")
    assert "How can the advisor reach you?" in page.inner_text("#log")
    context.close()
    server.close()


def test_the_advisor_answers_on_the_page_exactly_once(browser, tmp_path):
    """The whole loop on the chat page: the citizen files and writes again, the message is
    unread for the advisor, the advisor's answer goes out through the outbox, the citizen
    sees it once (also after a reload), and the summary counts the inquiry as answered."""
    from intake_bot.delivery import WebChatDeliverer
    from intake_bot.outbox import OutboxSender
    from reports.summary import compute_summary

    store = Store(tmp_path / "data")
    url, server = start_server(store)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{url}/chat?lang=da")
        for text in DANISH:
            send_with_script(page, text)
        ref = REFERENCE.search(page.locator("#log").inner_text()).group(0)
        send_with_script(page, "Et spørgsmål mere om min sag")
        assert store.chat.unread() == {ref: 1}  # what the TUI marks with ✉
        today = store.calendar.local_date(store.clock())
        period = (today.replace(day=1), today)
        assert compute_summary(store, *period).response.answered == 0
        store.outbox.answer(ref, "Her er svaret fra borgerrådgiveren")
        sender = OutboxSender(store, [WebChatDeliverer(store)])
        assert sender.send_due() == 1 and sender.send_due() == 0
        answer = page.locator("#log .msg.advisor", has_text="Her er svaret")
        answer.wait_for(timeout=10_000)  # the page's poll brings it
        assert answer.count() == 1
        page.reload()
        assert page.locator("#log .msg.advisor", has_text="Her er svaret").count() == 1
        assert compute_summary(store, *period).response.answered == 1
    finally:
        context.close()
        server.close()


def test_an_answer_is_not_skipped_when_the_citizen_writes_before_the_next_poll(browser,
                                                                              tmp_path):
    from intake_bot.delivery import WebChatDeliverer
    from intake_bot.outbox import OutboxSender

    store = Store(tmp_path / "data")
    url, server = start_server(store, poll_seconds=600.0)  # no poll during this test
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{url}/chat?lang=en")
        for text in ENGLISH:
            send_with_script(page, text)
        ref = REFERENCE.search(page.locator("#log").inner_text()).group(0)
        store.outbox.answer(ref, "Single answer")
        assert OutboxSender(store, [WebChatDeliverer(store)]).send_due() == 1
        send_with_script(page, "One more thing")
        assert page.locator("#log .msg.advisor", has_text="Single answer").count() == 1
        numbers = [int(n) for n in page.locator("#log .msg").evaluate_all(
            "items => items.map(item => item.dataset.number || '0')") if n]
        shown = [n for n in numbers if n]
        assert shown == sorted(shown) and len(shown) == len(set(shown))
    finally:
        context.close()
        server.close()
