"""Retention, erasure, access requests and the audit trail keep personal data where it
belongs, and leave every statistic as it was."""

from __future__ import annotations

import json
import logging
import os
import stat
from datetime import UTC, date, datetime, timedelta

import pytest

from borgerdesk.cli import main
from reports import compute_summary, summary_document
from store import Citizen, InquiryDraft, JournalKind, NotFoundError, Store, ValidationError
from store.privacy import REASON_CODES, ErasureReason
from store.sample import load_sample_year, sample_inquiries
from tests.conftest import Clock

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
PERSON = Citizen(name="Hemmelig Hansen", phone="+45 55 66 77 88", email="hh@example.invalid",
                 chat_id="web:hh")
OTHER = Citizen(name="Anden Andersen", phone="44 33 22 11")


@pytest.fixture
def three_years(tmp_path) -> Store:
    store = Store(tmp_path / "data", actor="advisor", clock=Clock(NOW))
    samples = sample_inquiries(date(2023, 11, 25), date(2026, 11, 23), NOW,
                               store.calendar, store.taxonomy, seed=11)
    store.import_inquiries([sample.draft for sample in samples])
    return store


def summaries(store: Store) -> list[dict]:
    periods = [(date(year, 1, 1), date(year, 12, 31)) for year in (2023, 2024, 2025, 2026)]
    periods += [(date(2025, month, 1), date(2025, month, 28)) for month in range(1, 13)]
    return [summary_document(compute_summary(store, start, end)) for start, end in periods]


def test_purge_changes_no_figure_of_any_period(three_years: Store):
    before = summaries(three_years)
    due = three_years.privacy.due_for_anonymisation(24)
    assert len(due) > 200
    assert three_years.privacy.purge(24, dry_run=True) == [i.ref for i in due]
    assert three_years.privacy.due_for_anonymisation(24) == due  # the dry run changed nothing
    anonymised = three_years.privacy.purge(24)
    assert len(anonymised) == len(due)
    assert summaries(three_years) == before
    for ref in anonymised:
        inquiry = three_years.get(ref)
        assert inquiry.citizen is None and inquiry.subject == inquiry.description == ""
        assert inquiry.anonymised_at == NOW and inquiry.history[-1].action.startswith(
            "anonymise")
    assert three_years.privacy.purge(24) == []  # nothing twice
    cutoff = NOW - timedelta(days=2 * 365)
    assert all(three_years.get(ref).closed_at <= cutoff + timedelta(days=3)
               for ref in anonymised)


@pytest.mark.parametrize("months", [12 * 2100, 10**9])
def test_a_retention_beyond_the_calendar_is_an_error_not_a_crash(store: Store, months: int):
    with pytest.raises(ValidationError, match=r"privacy\.retention_months is out of range"):
        store.privacy.purge(months, dry_run=True)


def test_purge_leaves_recent_and_open_inquiries(three_years: Store):
    three_years.privacy.purge(24)
    recent = [i for i in three_years.inquiries() if i.received_at > NOW - timedelta(days=300)]
    assert recent and all(i.anonymised_at is None for i in recent)


def seed_person(store: Store) -> None:
    first = store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(days=3),
                                              citizen=PERSON, subject="Min sag"))
    store.add_journal(first.ref, JournalKind.CALL, "Talte med Hemmelig om sagen")
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(days=2),
                                      citizen=Citizen(phone="55667788"), subject="Igen"))
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(days=1), citizen=OTHER,
                                      subject="Ikke hans"))
    store.privacy.record_view(first.ref)


def test_export_citizen_finds_everything_about_one_person_and_nothing_else(store: Store):
    seed_person(store)
    for query in ("Hemmelig Hansen", "55667788", "0045 55 66 77 88", "HH@example.invalid"):
        found = store.privacy.about_citizen(query)
        refs = sorted(inquiry["ref"] for inquiry in found["inquiries"])
        assert refs == ["BR-2026-0001", "BR-2026-0002"], query  # one phone, one person
        text = json.dumps(found, ensure_ascii=False)
        assert "Anden Andersen" not in text and "Ikke hans" not in text
        assert {record["ref"] for record in found["audit"]} == set(refs)
    everything = store.privacy.about_citizen("55667788")
    assert everything["inquiries"][0]["journal"][0]["text"] == "Talte med Hemmelig om sagen"
    assert any(record["action"] == "view" for record in everything["audit"])
    with pytest.raises(NotFoundError):
        store.privacy.about_citizen("Hemmelig")  # whole names only


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_a_blank_query_matches_nobody(store: Store, query: str):
    store.create_inquiry(InquiryDraft(received_at=NOW, subject="Uden navn",
                                      citizen=Citizen(phone="22334455")))
    store.create_inquiry(InquiryDraft(received_at=NOW, subject="Anonym"))
    with pytest.raises(ValidationError, match="give a name, phone, e-mail or chat id"):
        store.privacy.about_citizen(query)


def test_a_query_that_matches_nothing_is_an_error(store: Store):
    seed_person(store)
    with pytest.raises(NotFoundError):
        store.privacy.about_citizen("Ingen Ingensen")
    with pytest.raises(ValidationError, match="query"):
        store.privacy.about_citizen("Hemmelig \ud800")


def test_audit_records_hold_no_personal_values(store: Store):
    seed_person(store)
    store.update("BR-2026-0001", 2, {"citizen": Citizen(name="Hemmelig H. Hansen")})
    store.privacy.anonymise("BR-2026-0003", "request")
    records = store.privacy.audit()
    assert {record.action for record in records} >= {"create", "journal", "update", "view",
                                                     "anonymise (request)"}
    text = repr(records)
    for personal in ("Hemmelig", "Hansen", "55 66 77 88", "55667788", "hh@example",
                     "Anden", "44 33 22 11", "Min sag", "Talte med"):
        assert personal not in text, personal
    access = store.data_dir / "access-2026-11.json"
    assert stat.S_IMODE(access.stat().st_mode) == 0o600


@pytest.mark.parametrize("reason", ["erasure: asked by Hemmelig Hansen", "", "REQUESTED"])
def test_erasure_takes_a_reason_code_never_free_text(store: Store, reason: str):
    seed_person(store)
    with pytest.raises(ValidationError, match="request, retention, error, other"):
        store.privacy.anonymise("BR-2026-0001", reason)
    assert store.get("BR-2026-0001").anonymised_at is None
    assert tuple(code.value for code in ErasureReason) == REASON_CODES
    erased = store.privacy.anonymise("BR-2026-0001", ErasureReason.ERROR)
    assert erased.citizen is None and erased.history[-1].action == "anonymise (error)"


def test_cli_purge_erase_export_and_audit(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("BORGERDESK_CONFIG", raising=False)
    data = tmp_path / "data"
    store = Store(data)
    load_sample_year(store, store.clock() - timedelta(days=3 * 365))
    seed_person(store)
    config = tmp_path / "c.toml"
    config.write_text('[office]\nlanguage = "en"\n[privacy]\nretention_months = 6\n')
    base = ["--config", str(config), "--data", str(data)]
    assert main([*base, "purge", "--dry-run"]) == 0
    listed = capsys.readouterr().out
    assert "would be anonymised" in listed and "nothing changed" in listed
    assert all(i.anonymised_at is None for i in Store(data).inquiries())
    assert main([*base, "purge"]) == 0
    assert "Anonymised" in capsys.readouterr().out
    assert main([*base, "erase", "BR-2026-0001", "--reason", "request"]) == 0
    assert Store(data).get("BR-2026-0001").citizen is None
    out = tmp_path / "export.json"
    assert main([*base, "export-citizen", "Anden Andersen", "--out", str(out)]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [i["subject"] for i in json.loads(out.read_text())["inquiries"]] == ["Ikke hans"]
    capsys.readouterr()
    assert main([*base, "audit", "--ref", "BR-2026-0001"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "at,by,ref,action,fields"
    assert any("anonymise (request)" in line for line in lines)


async def test_a_tui_session_logs_no_personal_data_and_records_views(store: Store, caplog):
    from tests.tui.conftest import make_app, settle

    caplog.set_level(logging.DEBUG)
    seed_person(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0002")
        await settle(pilot)
        await pilot.press("f3")
        await pilot.press(*"Hemmelig")
        await settle(pilot)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for personal in ("Hemmelig", "55667788", "hh@example", "Min sag"):
        assert personal not in logged
    views = [r for r in store.privacy.audit("BR-2026-0002") if r.action == "view"]
    assert len(views) == 1
