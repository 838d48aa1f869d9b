"""A writer process for the multi-process tests: creates inquiries and reports each one.

Run as ``python -m tests.store.writer DATA_DIR COUNT [THREADS]``; prints one acknowledged
reference per line, flushed, only after the store has returned (the write is durable by
then). With THREADS, that many threads file COUNT inquiries between them at once, as the
service's request threads do (filings at the same moment share a write).
"""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime

from store import Citizen, InquiryDraft, Store


def main() -> None:
    data_dir, count = sys.argv[1], int(sys.argv[2])
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    store = Store(data_dir, actor="writer")
    printing = threading.Lock()
    print("ready", flush=True)
    sys.stdin.readline()  # wait for the go signal, so the writers start together

    def write(numbers: range) -> None:
        for number in numbers:
            inquiry = store.create_inquiry(InquiryDraft(
                received_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
                citizen=Citizen(name=f"Writer {number}", phone=f"2{number:07d}"),
                subject=f"subject {number}", description="x" * 400))
            with printing:
                print(inquiry.ref, flush=True)

    workers = [threading.Thread(target=write, args=(range(first, count, threads),))
               for first in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
