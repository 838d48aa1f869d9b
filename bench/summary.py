"""How long a summary of a big year takes: 33,000 inquiries (all municipalities' volume).

Prints the time to summarise the year from a cold store (a new process's first summary: read
and decode the file, then count) and from a warm one (the TUI's statistics screen), against
the floor of merely parsing the same file with the standard json module, measured in the same
run. Target: the cold summary in at most 1 s.

    python bench/summary.py [--inquiries N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from reports import compute_summary  # noqa: E402
from store import OfficeCalendar, Store, Taxonomy  # noqa: E402
from store.sample import sample_inquiries  # noqa: E402

YEAR = 2025
NOW = datetime(YEAR + 1, 2, 1, 12, tzinfo=UTC)


def seconds(action, repeat: int = 3) -> float:
    """The median of ``repeat`` timings of ``action()``."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=33_000)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        drafts = [s.draft for s in sample_inquiries(
            date(YEAR, 1, 1), date(YEAR, 12, 31), NOW, OfficeCalendar(), Taxonomy(),
            per_year=args.inquiries)]
        Store(folder, clock=lambda: NOW).import_inquiries(drafts)
        year_file = folder / f"inquiries-{YEAR}.json"
        start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
        floor = seconds(lambda: json.loads(year_file.read_bytes()))
        cold = seconds(lambda: compute_summary(Store(folder, clock=lambda: NOW), start, end))
        warm_store = Store(folder, clock=lambda: NOW)
        warm_store.inquiries()
        warm = seconds(lambda: compute_summary(warm_store, start, end))
    print(f"{len(drafts)} inquiries of {YEAR} in one year file")
    print(f"json.loads of the year file (floor) {floor:8.3f} s   1.0x")
    print(f"summary, cold store                 {cold:8.3f} s {cold / floor:5.1f}x  "
          f"(target <= 1 s)")
    print(f"summary, warm store                 {warm:8.3f} s {warm / floor:5.1f}x")


if __name__ == "__main__":
    main()
