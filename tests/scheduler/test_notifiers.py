"""What a citizen's text can do in a notification: nothing but stay text. Long digests are
split between lines, and what does not fit is counted, never cut off silently."""

from __future__ import annotations

import json

import pytest

from scheduler import SlackWebhook, TeamsWorkflow
from scheduler.notifiers import SLACK_SECTION, Notice

HOSTILE = ("BR-2026-0001 (<!channel> Hansen): first response Thu 19/11 16:00",
           "BR-2026-0002 (<https://evil.example|Åbn sag>): call-back Fri 20/11 10:00",
           "BR-2026-0003 ([Åbn sag](https://evil.example) & co): first response")


def test_slack_notifications_escape_citizen_text(webhooks):
    assert SlackWebhook(webhooks.base + "/slack").send(Notice("Due Mon 23/11", HOSTILE))
    [posted] = webhooks.received["/slack"]
    raw = json.dumps(posted, ensure_ascii=False)
    assert "<!channel>" not in raw and "<https://evil" not in raw
    section = posted["blocks"][1]["text"]["text"]
    assert "&lt;!channel&gt; Hansen" in section
    assert "&lt;https://evil.example|Åbn sag&gt;" in section and "&amp; co" in section
    assert "&lt;!channel&gt;" in posted["text"]


def test_teams_notifications_put_citizen_text_in_plain_text_runs(webhooks):
    assert TeamsWorkflow(webhooks.base + "/teams").send(Notice("Due Mon 23/11", HOSTILE))
    body = webhooks.received["/teams"][0]["attachments"][0]["content"]["body"]
    assert body[0] == {"type": "TextBlock", "text": "Due Mon 23/11", "weight": "Bolder",
                       "size": "Medium", "wrap": True}
    runs = [block["inlines"][0] for block in body[1:]]
    assert all(block["type"] == "RichTextBlock" for block in body[1:])
    assert [run["text"] for run in runs] == list(HOSTILE)
    assert all(run == {"type": "TextRun", "text": run["text"]} for run in runs)


def _sections(posted: dict) -> list[str]:
    return [block["text"]["text"] for block in posted["blocks"][1:]]


@pytest.mark.parametrize("count", [1, 100, 400])
def test_a_long_slack_digest_is_split_between_lines_and_keeps_every_line(webhooks, count):
    lines = tuple(f"  BR-2026-{number:04d} (Anna): first response Thu 19/11 16:00"
                  for number in range(1, count + 1))
    assert SlackWebhook(webhooks.base + "/slack").send(Notice("Due", lines))
    sections = _sections(webhooks.received["/slack"][0])
    assert all(len(section) <= SLACK_SECTION for section in sections)
    assert [line for section in sections for line in section.split("\n")] == list(lines)


def test_past_slack_s_block_limit_the_rest_is_counted(webhooks):
    lines = tuple(f"BR-2026-{number:04d}: " + "x" * 200 for number in range(1, 2001))
    assert SlackWebhook(webhooks.base + "/slack").send(Notice("Due", lines))
    posted = webhooks.received["/slack"][0]
    assert len(posted["blocks"]) <= 50
    *shown, last = _sections(posted)
    shown_lines = [line for section in shown for line in section.split("\n")]
    assert shown_lines == list(lines[:len(shown_lines)])
    assert last == f"… and {len(lines) - len(shown_lines)} more lines"


def test_an_overlong_single_line_is_shortened_not_dropped(webhooks):
    assert SlackWebhook(webhooks.base + "/slack").send(Notice("Due", ("y" * 5000, "next")))
    sections = _sections(webhooks.received["/slack"][0])
    assert sections == ["y" * (SLACK_SECTION - 1) + "…", "next"]
