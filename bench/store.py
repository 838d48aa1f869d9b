"""Durable create latency of the store against stock TinyDB and the SQLite floor.

Prints, for stores holding 400 and 4,000 inquiries (the latter 10 years across year files),
the median and p99 latency of one durable create for: stock TinyDB ``JSONStorage`` (one file),
Borgerdesk's store, Borgerdesk's store right after another process wrote, and sqlite3 in WAL
mode with synchronous=FULL (the floor). Ratios are against the floor measured in this run.

    python bench/store.py [--creates N]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402

from store import Citizen, InquiryDraft, OfficeCalendar, Store, Taxonomy  # noqa: E402
from store.model import to_document  # noqa: E402
from store.sample import sample_inquiries  # noqa: E402

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
HELPER = """
import sys
from datetime import UTC, datetime
from store import InquiryDraft, Store
store = Store(sys.argv[1], actor="other")
for line in sys.stdin:
    store.create_inquiry(InquiryDraft(received_at=datetime(2026, 6, 1, 10, tzinfo=UTC)))
    print("ok", flush=True)
"""


def history(years: int) -> list[InquiryDraft]:
    """About 400 realistic inquiries a year, ending now."""
    start = date(NOW.year - years, NOW.month, NOW.day) + timedelta(days=1)
    samples = sample_inquiries(start, NOW.date(), NOW, OfficeCalendar(), Taxonomy(), seed=years)
    return [sample.draft for sample in samples]


def new_draft(number: int) -> InquiryDraft:
    return InquiryDraft(received_at=NOW, citizen=Citizen(name=f"Bench {number}",
                                                         phone=f"3{number:07d}"),
                        subject="Ventetid", description="Borgeren venter på svar. " * 8,
                        primary_topic="processing_time")


def timed(create: Callable[[int], object], count: int,
          before: Callable[[], object] | None = None) -> list[float]:
    latencies = []
    for number in range(count):
        if before is not None:
            before()
        started = time.perf_counter()
        create(number)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def bench_ours(folder: Path, drafts: list[InquiryDraft], count: int) -> list[float]:
    store = Store(folder, actor="bench")
    store.import_inquiries(drafts)
    store.inquiries()  # warm the in-process copy, as a running TUI or service has it
    return timed(lambda n: store.create_inquiry(new_draft(n)), count)


def bench_ours_after_other_writer(folder: Path, count: int) -> list[float]:
    store = Store(folder, actor="bench")
    store.inquiries()
    other = subprocess.Popen([sys.executable, "-c", HELPER, str(folder)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def other_writes() -> None:
        other.stdin.write("go\n")
        other.stdin.flush()
        other.stdout.readline()

    try:
        return timed(lambda n: store.create_inquiry(new_draft(n)), count, other_writes)
    finally:
        other.stdin.close()
        other.wait(timeout=30)


def bench_stock_tinydb(folder: Path, documents: list[dict], count: int) -> list[float]:
    database = TinyDB(folder / "stock.json")
    database.table("inquiries").insert_multiple(documents)
    table = database.table("inquiries")
    sample = documents[-1]
    return timed(lambda n: table.insert({**sample, "ref": f"X-{n}"}), count)


def bench_sqlite(folder: Path, documents: list[dict], count: int) -> list[float]:
    connection = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE inquiries (ref TEXT PRIMARY KEY, document TEXT)")
    with connection:
        connection.executemany("INSERT INTO inquiries VALUES (?, ?)",
                               [(d["ref"], json.dumps(d)) for d in documents])
    sample = json.dumps(documents[-1])

    def create(number: int) -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO inquiries VALUES (?, ?)", (f"X-{number}", sample))
        connection.execute("COMMIT")

    try:
        return timed(create, count)
    finally:
        connection.close()


def summary(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies), percentile(latencies, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=200, help="creates measured per row")
    args = parser.parse_args()
    print(machine())
    print(f"{'size':>6}  {'store':<34}{'median ms':>10}{'p99 ms':>9}{'/ floor':>9}")
    for years, label in ((1, "400"), (10, "4,000")):
        drafts = history(years)
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            reference = Store(folder / "reference")
            documents = [to_document(i) for i in reference.import_inquiries(drafts)]
            rows = {
                "sqlite3 WAL synchronous=FULL (floor)":
                    bench_sqlite(folder, documents, args.creates),
                "stock TinyDB JSONStorage":
                    bench_stock_tinydb(folder, documents, max(20, args.creates // 4)),
                "borgerdesk store":
                    bench_ours(folder / "ours", drafts, args.creates),
                "borgerdesk, after another process":
                    bench_ours_after_other_writer(folder / "ours", args.creates // 2),
            }
        floor = summary(rows["sqlite3 WAL synchronous=FULL (floor)"])[0]
        for name, latencies in rows.items():
            median, p99 = summary(latencies)
            print(f"{label:>6}  {name:<34}{median:>10.2f}{p99:>9.2f}{median / floor:>8.1f}x")
        print(f"{'':>6}  ({len(drafts)} inquiries over {years} year(s) before the creates)")


if __name__ == "__main__":
    main()
