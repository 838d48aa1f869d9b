"""A call-back at opening time is reminded once the office opens, and only once."""

from __future__ import annotations

import json
from datetime import UTC

from scheduler import build_scheduler
from store import InquiryDraft
from tests.scheduler.conftest import local


def at(store, text: str) -> None:
    store.clock.now = local(text).astimezone(UTC)


def test_a_call_back_at_opening_time_is_reminded_once(service_store, make_jobs, webhooks):
    service_store.import_inquiries([InquiryDraft(received_at=local("2026-11-20 10:00"))])
    service_store.schedule_callback("BR-2026-0001", local("2026-11-23 09:00"))
    jobs = make_jobs(service_store, digest_at=local("2026-11-23 07:00").time())
    at(service_store, "2026-11-23 08:50")  # before opening: nobody is there to remind
    jobs.reminders()
    reminders = [post["text"] for post in webhooks.received["/slack"]
                 if post["text"].startswith("Call-back soon")]
    assert reminders == []
    for moment in ("2026-11-23 09:00:37", "2026-11-23 09:01:05", "2026-11-23 09:02:00"):
        at(service_store, moment)
        jobs.reminders()
    reminders = [post["text"] for post in webhooks.received["/slack"]
                 if post["text"].startswith("Call-back soon")]
    assert reminders == ["Call-back soon: BR-2026-0001\nBR-2026-0001: call-back Mon 23/11 09:00"]


def test_the_reminder_job_runs_on_the_minute(service_store, make_jobs):
    scheduler = build_scheduler(make_jobs(service_store))
    trigger = scheduler.get_job("reminders").trigger
    after = local("2026-11-23 08:59:37")
    assert trigger.get_next_fire_time(None, after) == local("2026-11-23 09:00:00")


def test_chat_state_that_expired_is_swept_hourly_by_the_service(service_store, make_jobs):
    from store.desk import Exchange

    scheduler = build_scheduler(make_jobs(service_store))
    housekeeping = scheduler.get_job("chat_housekeeping")
    after = local("2026-11-23 08:20:00")
    assert housekeeping.trigger.get_next_fire_time(None, after) == local("2026-11-23 09:17:00")
    service_store.desk.converse("web:gone", "m1", lambda state: Exchange({"step": "name"}))
    at(service_store, "2026-11-25 12:00:00")  # two days idle
    housekeeping.func()
    assert "web:gone" not in json.dumps([path.read_text() for path in
                                         service_store.data_dir.glob("desk-*.json")])
