"""An importing process for the multi-process tests: imports 300 inquiries with a digest.

Run as ``python -m tests.store.importer DATA_DIR DIGEST``; after the go signal on standard
input it prints ``imported N`` or ``refused`` (the store found the digest recorded).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from store import InquiryDraft, Store
from store.errors import AlreadyImportedError


def main() -> None:
    data_dir, digest = sys.argv[1], sys.argv[2]
    store = Store(data_dir, actor="importer")
    drafts = [InquiryDraft(received_at=datetime(2026, 3, 2, 10, tzinfo=UTC)
                           + timedelta(minutes=minute), subject="x" * 200)
              for minute in range(300)]
    print("ready", flush=True)
    sys.stdin.readline()  # wait for the go signal, so both import at once
    try:
        created = store.import_inquiries(drafts, digest=digest)
    except AlreadyImportedError:
        print("refused", flush=True)
    else:
        print(f"imported {len(created)}", flush=True)


if __name__ == "__main__":
    main()
