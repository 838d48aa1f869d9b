"""Posting to Slack: Retry-After honoured, Slack's refusals not retried, codes logged without
the channel or the text, replies to one channel in order and channels in parallel."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from intake_bot.slack_api import SlackApi, SlackPostError, SlackReplier


@pytest.fixture
def api(slack_api):
    return SlackApi(slack_api.url, "xoxb-test", backoff=0.05)


def test_a_rate_limited_post_waits_for_retry_after_and_arrives(api, slack_api):
    slack_api.script = [(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})]
    started = time.monotonic()
    api.post("D-U1", "Hello, this is the advisor's office")
    assert time.monotonic() - started >= 1.0
    assert [post["text"] for post in slack_api.posts] == ["Hello, this is the advisor's office"]
    assert len(slack_api.attempts) == 2


@pytest.mark.parametrize("code", ["invalid_auth", "channel_not_found"])
def test_slack_s_refusals_are_not_retried_and_logged_by_code_only(api, slack_api, caplog,
                                                                  code):
    slack_api.script = [(200, {"ok": False, "error": code}, {})]
    with caplog.at_level(logging.WARNING), pytest.raises(SlackPostError) as raised:
        api.post("D-SECRET-CHANNEL", "Søren Hansen, 010190-1234")
    assert raised.value.code == code and len(slack_api.attempts) == 1
    assert code in caplog.text
    assert "D-SECRET-CHANNEL" not in caplog.text and "Søren" not in caplog.text


def test_server_errors_are_retried_with_backoff(api, slack_api):
    slack_api.fail_next = 2
    api.post("D-U1", "hej")
    assert len(slack_api.attempts) == 3 and len(slack_api.posts) == 1


def test_an_unreachable_slack_is_a_post_error_after_retries():
    api = SlackApi("http://127.0.0.1:9/api", "xoxb-test", backoff=0.01)
    with pytest.raises(SlackPostError) as raised:
        api.post("D-U1", "hej")
    assert raised.value.code  # the failure's type, e.g. URLError


def test_without_connection_retries_a_broken_post_is_tried_once():
    api = SlackApi("http://127.0.0.1:9/api", "xoxb-test", retry_connection_errors=False)
    started = time.monotonic()
    with pytest.raises(SlackPostError):
        api.post("D-U1", "hej")
    assert time.monotonic() - started < 1.0


def test_text_is_escaped_for_slack(api, slack_api):
    api.post("D-U1", "<!channel> & co")
    assert slack_api.posts[0]["text"] == "&lt;!channel&gt; &amp; co"


def test_replies_to_one_channel_arrive_in_order_and_channels_in_parallel(api, slack_api):
    slack_api.delay = {"D-SLOW": 0.3}
    with ThreadPoolExecutor(4) as pool:
        replier = SlackReplier(api, pool)
        replier.send("D-SLOW", ["1 shall I send it?"])
        replier.send("D-SLOW", ["2 your reference is BR-2026-0001"])
        replier.send("D-FAST", ["a", "b"])
        for number in range(3, 8):
            replier.send("D-SLOW", [str(number)])
        slack_api.wait_for(9, seconds=20)
    slow = [post["text"] for post in slack_api.posts if post["channel"] == "D-SLOW"]
    assert slow[:2] == ["1 shall I send it?", "2 your reference is BR-2026-0001"]
    assert slow[2:] == [str(number) for number in range(3, 8)]
    order = [post["channel"] for post in slack_api.posts]
    assert order.index("D-FAST") < order.index("D-SLOW")  # not held up by the slow one
