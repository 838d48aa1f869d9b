"""A service killed with SIGKILL in the middle of exporting summaries never leaves a
half-written file, never records a month it did not finish, and the next run completes it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reports import FORMATS
from store import OfficeCalendar, Store, Taxonomy
from store.sample import sample_inquiries

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
EXPORTER = """
import sys
from datetime import UTC, datetime
from scheduler import Jobs, Log, SchedulerSettings
from store import Store
store = Store(sys.argv[1], clock=lambda: datetime(2026, 11, 24, 9, tzinfo=UTC))
print("ready", flush=True)
Jobs(store, SchedulerSettings(notifiers=(Log(),))).monthly_summaries()
"""


@pytest.mark.slow
def test_sigkill_during_export_leaves_no_half_month(tmp_path):
    drafts = [s.draft for s in sample_inquiries(date(2024, 11, 1), date(2026, 10, 31), NOW,
                                                OfficeCalendar(), Taxonomy(), seed=3)]
    Store(tmp_path, clock=lambda: NOW).import_inquiries(drafts)
    exports = tmp_path / "exports"
    rng = random.Random(7)
    for _trial in range(12):
        process = subprocess.Popen([sys.executable, "-c", EXPORTER, str(tmp_path)], cwd=ROOT,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        compiled = Store(tmp_path, clock=lambda: NOW).desk.marked("summary-compiled:")
        for folder in (exports.iterdir() if exports.exists() else []):
            files = sorted(path.name for path in folder.iterdir()
                           if not path.name.startswith("."))
            if f"summary-compiled:{folder.name}" in compiled:
                assert files == sorted(f"summary.{f}" for f in FORMATS), folder.name
            if "summary.json" in files:  # each file is whole, or absent
                json.loads((folder / "summary.json").read_text())
    finished = subprocess.run([sys.executable, "-c", EXPORTER, str(tmp_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=300, check=True)
    assert finished.returncode == 0
    months = sorted(path.name for path in exports.iterdir())
    assert months == [f"{year}-{month:02d}" for year, month in
                      [(2024, 11), (2024, 12)] + [(2025, m) for m in range(1, 13)]
                      + [(2026, m) for m in range(1, 11)]]
    for month in months:
        assert sorted(path.name for path in (exports / month).iterdir()) == sorted(
            f"summary.{f}" for f in FORMATS), month  # and no temporary file left over
