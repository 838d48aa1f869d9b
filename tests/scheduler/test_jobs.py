"""Reminders and monthly summaries, run through a day, a weekend, Easter and a month end
with a controlled clock, against local webhook stubs and a local SMTP server."""

from __future__ import annotations

import json
from datetime import UTC

from store import Citizen, InquiryDraft, Store
from tests.scheduler.conftest import local


def setup_desk(store: Store) -> None:
    store.import_inquiries([
        InquiryDraft(received_at=local("2026-11-16 10:00"),
                     citizen=Citizen(name="Anna Testesen", phone="11111111"),
                     subject="Overdue matter"),
        InquiryDraft(received_at=local("2026-11-19 10:00"), subject="Due Monday"),
        InquiryDraft(received_at=local("2026-11-20 10:00"), subject="Due Tuesday"),
    ])
    store.schedule_callback("BR-2026-0002", local("2026-11-23 10:30"), note="ring op")
    store.schedule_callback("BR-2026-0003", local("2026-11-23 18:00"), note="efter lukketid")


def at(store: Store, text: str) -> None:
    store.clock.now = local(text).astimezone(UTC)


def slack_texts(webhooks) -> list[str]:
    return [post["text"] for post in webhooks.received["/slack"]]


def test_a_working_day(service_store, make_jobs, webhooks, mailbox):
    setup_desk(service_store)
    jobs = make_jobs(service_store)
    at(service_store, "2026-11-23 07:59")
    jobs.reminders()
    assert slack_texts(webhooks) == []  # before digest time
    at(service_store, "2026-11-23 08:00")
    jobs.reminders()
    [digest] = slack_texts(webhooks)
    assert digest.splitlines()[0] == "Due Mon 23/11"
    assert "BR-2026-0001 (Anna): first response Thu 19/11 16:00" in digest
    assert "Testesen" not in digest and "11111111" not in digest  # first name only
    assert "BR-2026-0002" in digest and "BR-2026-0003" in digest
    teams = webhooks.received["/teams"][0]
    assert teams["type"] == "message"
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][0]["text"] == "Due Mon 23/11"
    assert len(mailbox.messages) == 1 and "Subject: Due Mon 23/11" in mailbox.messages[0]
    for minute in ("08:01", "09:00", "10:00", "10:14"):
        at(service_store, f"2026-11-23 {minute}")
        jobs.reminders()
    assert len(slack_texts(webhooks)) == 1  # no second digest, call-back not yet near
    at(service_store, "2026-11-23 10:15")
    jobs.reminders()
    at(service_store, "2026-11-23 10:16")
    jobs.reminders()
    assert slack_texts(webhooks)[1:] == ["Call-back soon: BR-2026-0002\n"
                                         "BR-2026-0002: call-back Mon 23/11 10:30"]
    at(service_store, "2026-11-23 17:50")  # after closing time: no reminder
    jobs.reminders()
    assert len(slack_texts(webhooks)) == 2
    assert len(mailbox.messages) == 2 and len(webhooks.received["/teams"]) == 2


def test_a_weekend_and_easter_have_no_digest(service_store, make_jobs, webhooks):
    setup_desk(service_store)
    jobs = make_jobs(service_store)
    for moment in ("2026-11-28 09:00", "2026-11-29 09:00", "2026-04-06 09:00",
                   "2026-04-03 09:00"):
        at(service_store, moment)
        jobs.reminders()
    assert slack_texts(webhooks) == []
    at(service_store, "2026-11-30 09:00")
    jobs.reminders()
    assert slack_texts(webhooks)[0].startswith("Due Mon 30/11")


def test_a_restart_sends_nothing_twice(service_store, make_jobs, webhooks):
    setup_desk(service_store)
    at(service_store, "2026-11-23 10:20")
    make_jobs(service_store).reminders()
    restarted = Store(service_store.data_dir, clock=service_store.clock)
    make_jobs(restarted).reminders()
    texts = slack_texts(webhooks)
    assert len(texts) == 2  # today's digest (caught up at 10:20) and the 10:30 call-back
    assert texts[0].startswith("Due Mon 23/11") and "BR-2026-0002" in texts[1]


def test_downtime_catches_up_with_one_digest_not_a_flood(service_store, make_jobs, webhooks):
    setup_desk(service_store)
    at(service_store, "2026-11-26 13:00")  # down since Monday morning
    make_jobs(service_store).reminders()
    assert [text.splitlines()[0] for text in slack_texts(webhooks)] == ["Due Thu 26/11"]


def test_a_failing_notifier_is_retried_later_and_others_are_not_repeated(
        service_store, make_jobs, webhooks, mailbox):
    setup_desk(service_store)
    jobs = make_jobs(service_store)
    webhooks.fail["/slack"] = 3  # every try of this run fails
    at(service_store, "2026-11-23 08:00")
    jobs.reminders()
    assert slack_texts(webhooks) == [] and len(mailbox.messages) == 1
    assert service_store.desk.marked("failed:") == ["failed:slack:digest:2026-11-23"]
    at(service_store, "2026-11-23 08:01")
    jobs.reminders()
    assert len(slack_texts(webhooks)) == 1 and len(mailbox.messages) == 1


def test_reference_only_notifications(service_store, make_jobs, webhooks):
    setup_desk(service_store)
    at(service_store, "2026-11-23 08:00")
    make_jobs(service_store, first_names=False).reminders()
    assert "Anna" not in slack_texts(webhooks)[0]


def test_each_missing_month_is_compiled_exactly_once(service_store, make_jobs, webhooks):
    service_store.import_inquiries([
        InquiryDraft(received_at=local(f"2026-{month:02d}-10 10:00"), subject="x")
        for month in (8, 9, 9, 10, 11)])
    jobs = make_jobs(service_store)
    at(service_store, "2026-11-30 23:00")
    assert jobs.monthly_summaries() == ["2026-08", "2026-09", "2026-10"]
    at(service_store, "2026-12-01 06:00")  # the month boundary
    assert jobs.monthly_summaries() == ["2026-11"]
    assert jobs.monthly_summaries() == []
    exports = service_store.data_dir / "exports"
    assert sorted(path.name for path in exports.iterdir()) == [
        "2026-08", "2026-09", "2026-10", "2026-11"]
    september = json.loads((exports / "2026-09" / "summary.json").read_text())
    assert september["inquiries"] == 2
    assert sorted(path.name for path in (exports / "2026-11").iterdir()) == [
        "summary.csv", "summary.docx", "summary.html", "summary.json", "summary.md",
        "summary.xlsx"]  # every format by default, Word too
    headlines = [text for text in slack_texts(webhooks) if text.startswith("Monthly")]
    assert len(headlines) == 2  # the three caught up in one notice, then November's own
    assert "Monthly summaries 2026-08 to 2026-10" in headlines[0]
    assert "2026-08, 2026-09, 2026-10" in headlines[0]
    assert "Monthly summary 2026-11\n1 inquiries" in headlines[1]


def test_a_month_down_compiles_each_missing_month_once(service_store, make_jobs, webhooks):
    service_store.import_inquiries([
        InquiryDraft(received_at=local("2026-09-10 10:00"), subject="x")])
    at(service_store, "2026-10-01 06:00")
    assert make_jobs(service_store).monthly_summaries() == ["2026-09"]
    at(service_store, "2026-12-02 09:00")  # down through November's run
    restarted = make_jobs(Store(service_store.data_dir, clock=service_store.clock))
    assert restarted.monthly_summaries() == ["2026-10", "2026-11"]
    assert restarted.monthly_summaries() == []
    assert len([t for t in slack_texts(webhooks) if t.startswith("Monthly")]) == 2


def test_a_first_start_on_a_year_of_data_sends_one_notice(
        service_store, make_jobs, webhooks, mailbox):
    """12 months never compiled: 12 folders of files, but one Slack post, one Teams card and
    one e-mail, naming every month and the latest month's figures; nothing is repeated."""
    service_store.import_inquiries([
        InquiryDraft(received_at=local(f"{year}-{month:02d}-10 10:00"), subject="x")
        for year, month in [(2025, 11), (2025, 12), *((2026, m) for m in range(1, 11))]]
        + [InquiryDraft(received_at=local("2026-10-20 10:00"), subject="y")])
    at(service_store, "2026-11-23 07:00")
    jobs = make_jobs(service_store)
    compiled = jobs.monthly_summaries()
    assert len(compiled) == 12 and compiled[0] == "2025-11" and compiled[-1] == "2026-10"
    assert len(list((service_store.data_dir / "exports").iterdir())) == 12
    posts = slack_texts(webhooks)
    assert len(posts) == 1 and len(webhooks.received["/teams"]) == 1
    assert len(mailbox.messages) == 1
    assert "12 months compiled: 2025-11, 2025-12, 2026-01" in posts[0]
    assert "Latest, 2026-10:\n2 inquiries" in posts[0]
    restarted = make_jobs(Store(service_store.data_dir, clock=service_store.clock))
    assert restarted.monthly_summaries() == []
    assert len(slack_texts(webhooks)) == 1 and len(mailbox.messages) == 1


def test_unfinished_exports_are_swept_and_nothing_else(service_store, make_jobs):
    service_store.import_inquiries([
        InquiryDraft(received_at=local("2026-09-10 10:00"), subject="x")])
    exports = service_store.data_dir / "exports"
    month = exports / "2026-09"
    month.mkdir(parents=True)
    (month / ".summary.md.999999999.7.tmp").write_text("half")  # its writer was killed
    (month / ".notes").write_text("the advisor's")
    (exports / ".config").mkdir()
    at(service_store, "2026-10-01 06:00")
    make_jobs(service_store).monthly_summaries()
    assert sorted(p.name for p in exports.iterdir()) == [".config", "2026-09"]
    assert ".summary.md.999999999.7.tmp" not in {p.name for p in month.iterdir()}
    assert (month / ".notes").read_text() == "the advisor's"


def test_a_manual_summary_neither_hides_nor_loses_a_month(service_store, make_jobs):
    service_store.import_inquiries([
        InquiryDraft(received_at=local("2026-09-10 10:00"), subject="x")])
    manual = service_store.data_dir / "exports" / "2026-09"
    manual.mkdir(parents=True)
    (manual / "notes.docx").write_text("written by hand")
    at(service_store, "2026-10-01 06:00")
    jobs = make_jobs(service_store)
    assert jobs.monthly_summaries() == ["2026-09"]  # a folder existing is no record
    assert (manual / "notes.docx").read_text() == "written by hand"
    assert service_store.desk.is_marked("summary-compiled:2026-09")
    assert jobs.monthly_summaries() == []


def test_months_older_than_their_record_lasts_are_left_alone(service_store, make_jobs):
    """The record of a compiled month is kept ten years; a month older than that is never
    compiled again and again (once its record expired) by every run."""
    service_store.import_inquiries([
        InquiryDraft(received_at=local("2014-06-10 10:00"), subject="x"),
        InquiryDraft(received_at=local("2026-09-10 10:00"), subject="x")])
    at(service_store, "2026-11-02 06:00")
    months = [f"{m.start:%Y-%m}" for m in make_jobs(service_store).months_to_compile()]
    assert months[0] > "2016-11" and months[-1] == "2026-10"
    assert "2014-06" not in months


def test_timed_callbacks_only(service_store, make_jobs, webhooks):
    service_store.create_inquiry(InquiryDraft(received_at=local("2026-11-23 09:00")))
    service_store.schedule_callback("BR-2026-0001", local("2026-11-23 11:00"), timed=False)
    jobs = make_jobs(service_store)
    at(service_store, "2026-11-23 10:50")
    jobs.reminders()
    assert not any(text.startswith("Call-back") for text in slack_texts(webhooks))
