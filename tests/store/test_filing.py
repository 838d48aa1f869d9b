"""Group filing: inquiries filed at the same moment share one write, and nothing else changes.

The year file's lock is held from outside (as another process would) while threads file, so
they are certain to arrive together; the writes of the year file are counted.
"""

from __future__ import annotations

import threading
import time

import pytest
from filelock import FileLock

import store.storage as storage_module
from store import CorruptFileError, InquiryDraft, Store, ValidationError
from tests.conftest import FIXED_NOW

YEAR_FILE = "inquiries-2026.json"
CALLERS = 10


def draft(number: int, **fields) -> InquiryDraft:
    return InquiryDraft(**{"received_at": FIXED_NOW, "subject": f"subject {number}", **fields})


def file_together(store: Store, drafts: list[InquiryDraft]) -> list[object]:
    """File every draft from its own thread while another process holds the year file;
    per draft, the inquiry filed or the error raised."""
    outcomes: list[object] = [None] * len(drafts)

    def file(index: int) -> None:
        try:
            outcomes[index] = store.create_inquiry(drafts[index])
        except Exception as error:  # the test looks at what each caller got
            outcomes[index] = error

    threads = [threading.Thread(target=file, args=(index,)) for index in range(len(drafts))]
    with FileLock(f"{store.data_dir / YEAR_FILE}.lock"):
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # all of them wait now: one on the lock, the rest for their turn
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def year_writes(monkeypatch) -> list[str]:
    written: list[str] = []
    real = storage_module.write_temporary

    def counting(path, payload):
        if path.name == YEAR_FILE:
            written.append(path.name)
        return real(path, payload)

    monkeypatch.setattr(storage_module, "write_temporary", counting)
    return written


def test_filings_at_the_same_moment_share_a_write_and_each_gets_its_own(store, year_writes):
    store.create_inquiry(draft(0))  # the year file exists; one write
    outcomes = file_together(store, [draft(number) for number in range(1, CALLERS + 1)])
    assert [inquiry.subject for inquiry in outcomes] == [
        f"subject {number}" for number in range(1, CALLERS + 1)]
    refs = [inquiry.ref for inquiry in outcomes]
    assert len(set(refs)) == CALLERS
    assert len(year_writes) <= 4 < CALLERS + 1  # 1 before, then batches, not 10 writes
    stored = {inquiry.ref: inquiry.subject for inquiry in Store(store.data_dir).inquiries()}
    assert all(stored[inquiry.ref] == inquiry.subject for inquiry in outcomes)
    assert len(stored) == CALLERS + 1


def test_a_draft_that_cannot_be_filed_fails_alone(store, year_writes):
    store.create_inquiry(draft(0))
    drafts = [draft(number) for number in range(1, CALLERS + 1)]
    drafts[4] = draft(5, primary_topic="no such topic")
    outcomes = file_together(store, drafts)
    assert isinstance(outcomes[4], ValidationError)
    filed = [outcome for index, outcome in enumerate(outcomes) if index != 4]
    assert [inquiry.subject for inquiry in filed] == [
        f"subject {number}" for number in range(1, CALLERS + 1) if number != 5]
    assert len(Store(store.data_dir).inquiries()) == CALLERS  # 1 before + 9


def test_a_damaged_year_file_fails_every_caller_and_is_not_written_over(store):
    store.create_inquiry(draft(0))
    path = store.data_dir / YEAR_FILE
    path.write_text('{"inquiries": {"1": {"ref"')
    outcomes = file_together(store, [draft(number) for number in range(1, 5)])
    assert all(isinstance(outcome, CorruptFileError) for outcome in outcomes)
    assert len({id(outcome) for outcome in outcomes}) == 4  # each its own error
    assert path.read_text() == '{"inquiries": {"1": {"ref"'
