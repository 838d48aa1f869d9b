"""The record of imported files: a content hash, written with the inquiries or not at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import InquiryDraft, Store, ValidationError
from store.errors import CorruptFileError

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
DIGEST = "ab" * 32


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
    store.import_inquiries(drafts(1), digest=DIGEST)  # imported again on purpose (--again)
    assert store.imports.recorded(DIGEST) == NOW + timedelta(hours=1)
    assert len(store.inquiries()) == 4


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
