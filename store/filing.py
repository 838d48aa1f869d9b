"""Group filing: new inquiries that arrive together are written in one transaction.

Filing an inquiry rewrites and fsyncs its year file under the file's lock, so twenty chat
citizens who say "yes" at the same moment used to queue for twenty writes, the last waiting
for all the others. Here the first thread to arrive files for everyone waiting at that
moment (a batch, one write), and those who arrive meanwhile form the next batch, led by the
first of them: each filing waits for at most the write in progress and its own.

Nothing is traded for it: a batch is all-or-nothing like any transaction, and if it fails,
every draft in it is filed again on its own, so a draft that cannot be filed fails alone
and every caller gets its own error. Never call ``file`` from inside a transaction on a
year file: the thread leading the batch needs that lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from store.model import Inquiry, InquiryDraft

Register = Callable[[Sequence[tuple[InquiryDraft, str]]], list[Inquiry]]


class _Filing:
    """One caller's draft, and what became of it."""

    def __init__(self, draft: InquiryDraft, by: str) -> None:
        self.draft, self.by = draft, by
        self.turn = threading.Event()  # set when filed, when its batch failed, or to lead
        self.leads = False
        self.filed: Inquiry | None = None  # stays None if its batch failed


class GroupFiling:
    """Files drafts through ``register`` (which files a sequence of ``(draft, by)`` in one
    transaction and returns the inquiries in the same order), batching concurrent calls."""

    def __init__(self, register: Register) -> None:
        self._register = register
        self._lock = threading.Lock()
        self._waiting: list[_Filing] = []
        self._busy = False

    def file(self, draft: InquiryDraft, by: str) -> Inquiry:
        """The inquiry filed from ``draft``, when it is durable."""
        mine = _Filing(draft, by)
        with self._lock:
            self._waiting.append(mine)
            mine.leads = not self._busy
            self._busy = True
        if not mine.leads:
            mine.turn.wait()
        if mine.leads:
            self._file_waiting(mine)
        if mine.filed is None:  # its batch failed: filed on its own, for its own error
            return self._register([(draft, by)])[0]
        return mine.filed

    def _file_waiting(self, mine: _Filing) -> None:
        with self._lock:
            batch, self._waiting = self._waiting, []
        try:
            for filing, inquiry in zip(batch, self._register(
                    [(filing.draft, filing.by) for filing in batch]), strict=True):
                filing.filed = inquiry
        except Exception:  # each files again alone; the leader's own error if it was alone
            if len(batch) == 1:
                raise
        finally:
            with self._lock:
                if self._waiting:  # they came while this batch was written: next batch
                    self._waiting[0].leads = True
                    self._waiting[0].turn.set()
                else:
                    self._busy = False
            for filing in batch:
                if filing is not mine:
                    filing.turn.set()
