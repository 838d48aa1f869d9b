"""The record of imported files: a content hash, written with the inquiries or not at all."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import InquiryDraft, Store, ValidationError
from store.errors import AlreadyImportedError, CorruptFileError

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
DIGEST = "ab" * 32
ROOT = Path(__file__).resolve().parents[2]


def drafts(count: int) -> list[InquiryDraft]:
    return [InquiryDraft(received_at=NOW - timedelta(days=400 * (n % 2), hours=n + 1))
            for n in range(count)]


def test_an_import_records_its_digest_with_the_inquiries(store: Store, clock):
    assert store.imports.recorded(DIGEST) is None
    store.import_inquiries(drafts(3), digest=DIGEST)
    assert store.imports.recorded(DIGEST) == NOW
    assert Store(store.data_dir).imports.recorded(DIGEST) == NOW  # another process sees it
    assert store.imports.recorded("cd" * 32) is None
    clock.now = NOW + timedelta(hours=1)
    with pytest.raises(AlreadyImportedError) as refused:
        store.import_inquiries(drafts(1), digest=DIGEST)
    assert refused.value.at == NOW and "imported before" in str(refused.value)
    assert len(store.inquiries()) == 3
    store.import_inquiries(drafts(1), digest=DIGEST, again=True)  # on purpose (--again)
    assert store.imports.recorded(DIGEST) == NOW + timedelta(hours=1)
    assert len(store.inquiries()) == 4
    records = json.loads((store.data_dir / "imports.json").read_text())["imports"]
    assert [record["rows"] for record in records.values()] == [3, 1]  # --again is recorded


def test_a_file_without_rows_is_not_recorded(store: Store):
    assert store.import_inquiries([], digest=DIGEST) == []
    assert store.imports.recorded(DIGEST) is None
    store.import_inquiries(drafts(1), digest=DIGEST)
    assert len(store.inquiries()) == 1


@pytest.mark.slow
def test_two_processes_importing_one_file_at_once_store_it_once(tmp_path):
    racers = [subprocess.Popen(
        [sys.executable, "-m", "tests.store.importer", str(tmp_path), DIGEST], cwd=ROOT,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for racer in racers:
        assert racer.stdout.readline().strip() == "ready"
    for racer in racers:
        racer.stdin.write("go\n")
        racer.stdin.flush()
    outcomes = sorted(racer.communicate(timeout=120)[0].strip() for racer in racers)
    assert outcomes == ["imported 300", "refused"]
    assert len(Store(tmp_path).inquiries()) == 300
    records = json.loads((tmp_path / "imports.json").read_text())["imports"]
    assert len(records) == 1


def test_a_refused_import_records_nothing(store: Store):
    with pytest.raises(ValidationError):
        store.import_inquiries([*drafts(2), InquiryDraft(received_at=NOW,
                                                         subject="\ud800")], digest=DIGEST)
    store.create_inquiry(InquiryDraft(received_at=NOW - timedelta(hours=1)))
    (store.data_dir / "inquiries-2026.json").write_bytes(b"")
    with pytest.raises(CorruptFileError):
        store.import_inquiries(drafts(2), digest=DIGEST)
    assert store.imports.recorded(DIGEST) is None
    assert not (store.data_dir / "inquiries-2025.json").exists()


def test_record_on_its_own(store: Store):
    store.imports.record(DIGEST, rows=12)
    assert store.imports.recorded(DIGEST) == NOW
    (store.data_dir / "imports.json").write_bytes(b"[")
    with pytest.raises(CorruptFileError):
        store.imports.recorded(DIGEST)
