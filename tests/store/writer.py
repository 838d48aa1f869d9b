"""A writer process for the multi-process tests: creates inquiries and reports each one.

Run as ``python -m tests.store.writer DATA_DIR COUNT``; prints one acknowledged reference per
line, flushed, only after the store has returned (the write is durable by then).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from store import Citizen, InquiryDraft, Store


def main() -> None:
    data_dir, count = sys.argv[1], int(sys.argv[2])
    store = Store(data_dir, actor="writer")
    print("ready", flush=True)
    sys.stdin.readline()  # wait for the go signal, so the writers start together
    for number in range(count):
        inquiry = store.create_inquiry(InquiryDraft(
            received_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
            citizen=Citizen(name=f"Writer {number}", phone=f"2{number:07d}"),
            subject=f"subject {number}", description="x" * 400))
        print(inquiry.ref, flush=True)


if __name__ == "__main__":
    main()
