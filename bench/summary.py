"""What `borgerdesk summary` costs the user who types it: the real command, a new process
each time, on a year of 400 inquiries, on 4,000 over ten years (the annual report of the
last) and on 33,000 in one year (every municipality's volume), beside `python -c pass` and
`borgerdesk --help` measured in the same run, rounds interleaved. Prints the wall-clock p50
and p95, the ratio of the p50 to the one of `borgerdesk --help`, and the median CPU time.
Target: the 33,000 year in at most 1 s.

    python bench/summary.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402

from store import OfficeCalendar, Store, Taxonomy  # noqa: E402
from store.sample import sample_inquiries  # noqa: E402

YEAR = 2025
NOW = datetime(YEAR + 1, 2, 1, 12, tzinfo=UTC)
COMMAND = str(Path(sys.executable).parent / "borgerdesk")


def fill(folder: Path, first_year: int, per_year: int) -> int:
    """Invented inquiries from ``first_year`` to YEAR; how many."""
    drafts = [s.draft for s in sample_inquiries(
        date(first_year, 1, 1), date(YEAR, 12, 31), NOW, OfficeCalendar(), Taxonomy(),
        per_year=per_year)]
    Store(folder, clock=lambda: NOW).import_inquiries(drafts)
    return len(drafts)


def seconds(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``; the CPU time
    hardly moves when other processes crowd the machine, the wall clock does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(machine())
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("BORGERDESK_")}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        environment["BORGERDESK_CONFIG"] = str(root / "borgerdesk.toml")
        (root / "borgerdesk.toml").write_text('[office]\nlanguage = "da"\n')
        stores = {}
        for name, first_year, per_year in [("a year of 400", YEAR, 400),
                                           ("4,000 over ten years", YEAR - 9, 400),
                                           ("33,000 in one year", YEAR, 33_000)]:
            folder = root / name.replace(" ", "-").replace(",", "")
            stores[f"{name} ({fill(folder, first_year, per_year):,})"] = folder

        def summary(folder: Path, formats: str) -> list[str]:
            return [COMMAND, "--data", str(folder), "summary", "--year", str(YEAR),
                    "--format", formats, "--out", str(root / "out")]

        first = next(iter(stores.values()))
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    "borgerdesk --help": [COMMAND, "--help"]}
        for name, folder in stores.items():
            commands[f"summary md, {name}"] = summary(folder, "md")
        commands[f"summary every format, {next(iter(stores))}"] = summary(
            first, "md,csv,json,xlsx,html,docx")
        timings: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _round in range(args.rounds):
            for name, command in commands.items():
                timings[name].append(seconds(command, environment))
    help_p50 = percentile([wall for wall, _cpu in timings["borgerdesk --help"]], 0.5)
    print(f"{'command':<48} {'p50 s':>7} {'p95 s':>7} {'/ --help':>9} {'CPU p50 s':>10}"
          f"   ({args.rounds} rounds)")
    for name, values in timings.items():
        walls = [wall for wall, _cpu in values]
        p50, p95 = percentile(walls, 0.5), percentile(walls, 0.95)
        cpu = percentile([cpu for _wall, cpu in values], 0.5)
        print(f"{name:<48} {p50:7.3f} {p95:7.3f} {p50 / help_p50:8.1f}x {cpu:10.3f}")


if __name__ == "__main__":
    main()
