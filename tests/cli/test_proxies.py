"""Behind a reverse proxy listed in intake.trusted_proxies, the real server believes its
X-Forwarded-For and -Proto: the cookie is Secure and every client has its own limits."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request

import pytest

from borgerdesk.service import wsgi_server
from intake_bot import BotSettings, create_app
from store import Store
from tests.intake_bot.test_webchat_http import csrf


@pytest.fixture
def url(tmp_path):
    settings = BotSettings(platforms=("webchat",), trusted_proxies=("127.0.0.0/8",),
                           webchat_new_conversations_per_hour=1)
    server = wsgi_server(create_app(settings, Store(tmp_path / "data")), "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def first_message(url: str, client: str) -> tuple[int, str]:
    """A new conversation from ``client`` (as the proxy says): status and Set-Cookie."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    forwarded = {"X-Forwarded-For": client, "X-Forwarded-Proto": "https"}
    page = opener.open(urllib.request.Request(f"{url}/chat", headers=forwarded)).read()
    form = urllib.parse.urlencode({"text": "Hej", "csrf": csrf(page.decode()), "lang": "da"})
    request = urllib.request.Request(f"{url}/chat", data=form.encode(), headers={
        **forwarded, "Origin": url, "Content-Type": "application/x-www-form-urlencoded"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request) as response:
            return response.status, response.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Set-Cookie", "")


def test_a_trusted_proxy_s_headers_are_believed_by_the_real_server(url):
    status, cookie = first_message(url, "203.0.113.7")
    assert status == 303 and "Secure" in cookie and "HttpOnly" in cookie
    assert first_message(url, "203.0.113.8")[0] == 303  # another citizen, own limit
    assert first_message(url, "203.0.113.7")[0] == 429  # the first one's hour is used
