"""How fast the terminal UI is with 4,000 inquiries (10 years of an advisor's work).

Prints, each the median (and p95) of several runs in fresh processes, the two apps in turns:
- start to first dashboard frame with data: from launching Python to the dashboard showing
  what is due, against an empty Textual app (Header, Static, Footer) started the same way;
- a filter keystroke to the updated table, in the inquiry list, driven by Textual's test pilot
  (which waits for the screen to be idle); beside it a keystroke that only moves the cursor,
  measured the same way, and the filtering and table filling alone.
Targets: first frame <= 1.0 s and <= 2x the empty app; a keystroke <= 50 ms.

    python bench/tui.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)

EMPTY_APP = """
import asyncio, sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Empty(App):
    def compose(self):
        yield Header()
        yield Static("ready", id="ready")
        yield Footer()

async def main():
    async with Empty().run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        print(time.time() - float(sys.argv[1]))

asyncio.run(main())
"""

DESK_APP = """
import asyncio, sys, time
from datetime import UTC, datetime
from borgerdesk.config import load_settings
from store import Store
from tui.app import BorgerdeskApp

async def main():
    settings = load_settings(data_dir=sys.argv[2])  # as the command does (holiday file too)
    store = Store(settings.data_dir, settings.store_settings(),
                  clock=lambda: datetime(2026, 11, 24, 9, tzinfo=UTC))
    app = BorgerdeskApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.data.loaded:
            await pilot.pause(0.001)
        await pilot.pause()
        print(time.time() - float(sys.argv[1]))

asyncio.run(main())
"""

KEYSTROKES = """
import asyncio, statistics, sys, time
from datetime import UTC, datetime
from tui.widgets.row_table import RowTable
from store import Store
from tui.app import BorgerdeskApp

async def main():
    store = Store(sys.argv[1], clock=lambda: datetime(2026, 11, 24, 9, tzinfo=UTC))
    app = BorgerdeskApp(store)
    timings = []
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.data.loaded:
            await pilot.pause(0.01)
        await pilot.press("f3")
        await pilot.pause(0.2)
        def measure(keys):
            async def run():
                timings = []
                for key in keys:
                    started = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    timings.append(time.perf_counter() - started)
                return timings
            return run()

        filtering = await measure(["j", "o", "backspace", "backspace"] * 6)
        cursor_only = await measure(["home", "end"] * 12)
        rows = len(app.screen.query_one(RowTable).row_keys)
        app.screen.query_one("#search").value = "j"  # a search that matches a third
        await pilot.pause()
        started = time.perf_counter()
        for _ in range(10):
            app.screen.show_data()
        direct = (time.perf_counter() - started) / 10
    print(statistics.median(filtering), max(filtering), statistics.median(cursor_only),
          direct, rows)

asyncio.run(main())
"""


def run(script: str, *args: str) -> str:
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}  # a user's Python caches bytecode
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def started(script: str, *args: str) -> float:
    return float(run(script, str(time.time()), *args))


def main() -> None:
    from common import machine, percentile

    from store import OfficeCalendar, Store, Taxonomy
    from store.sample import sample_inquiries

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        drafts = [s.draft for s in sample_inquiries(date(2016, 11, 25), date(2026, 11, 24), NOW,
                                                     OfficeCalendar(), Taxonomy(), seed=10)]
        Store(scratch, clock=lambda: NOW).import_inquiries(drafts)
        os.environ.update(XDG_CACHE_HOME=str(Path(scratch) / "cache"),  # the holiday file
                          XDG_CONFIG_HOME=str(Path(scratch) / "config"))  # no config file
        started(EMPTY_APP)  # bytecode and the holiday file written, not counted
        started(DESK_APP, scratch)
        empty_runs, desk_runs = [], []
        for _ in range(args.runs):  # interleaved: both see the same machine load
            empty_runs.append(started(EMPTY_APP))
            desk_runs.append(started(DESK_APP, scratch))
        empty, desk = statistics.median(empty_runs), statistics.median(desk_runs)
        median, worst, cursor, direct, rows = run(KEYSTROKES, scratch).split()
    print(f"{len(drafts)} inquiries over 10 years")
    print(f"empty Textual app, start to first frame   {empty:7.3f} s   1.0x"
          f"  (p95 {percentile(empty_runs, 0.95):.3f} s)")
    print(f"Borgerdesk dashboard, start to first frame {desk:7.3f} s {desk / empty:5.1f}x"
          f"  (p95 {percentile(desk_runs, 0.95):.3f} s; target <= 1.0 s and <= 2x)")
    print(f"filter keystroke to updated table         {float(median) * 1000:7.1f} ms median, "
          f"{float(worst) * 1000:.1f} ms worst, {rows} rows shown  (target <= 50 ms)")
    print(f"  a cursor-only keystroke, same harness    {float(cursor) * 1000:7.1f} ms median "
          f"(the test pilot's own cost)")
    print(f"  searching and filling the table alone    {float(direct) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
