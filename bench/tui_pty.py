"""The real `borgerdesk tui` in a pseudo-terminal: start to the first screen with data, beside
an empty Textual app started the same way, at 400, 4,000 and 33,000 inquiries.

Unlike bench/tui.py (a headless ``run_test``), this runs the installed command as a user does,
in a 120x36 terminal, and stops the clock when a reference (BR-YYYY-NNNN) is on the screen,
i.e. the dashboard shows data. Prints medians and p95 over several rounds and the ratio to the
empty app measured in the same run.

    .venv/bin/python bench/tui_pty.py [--runs 5] [--sizes 400,4000,33000]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")
EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("READY-0000-0000")

Empty().run()
"""


def time_to_screen(command: list[str], marker: re.Pattern[bytes], env: dict[str, str],
                   timeout: float = 60.0) -> float:
    """Seconds from starting ``command`` in a pseudo-terminal until ``marker`` is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               cwd=ROOT, start_new_session=True)
    os.close(slave)
    screen, elapsed = b"", None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    screen += ANSI.sub(b"", os.read(master, 65536))
                except OSError:
                    break
                if marker.search(screen):
                    elapsed = time.perf_counter() - started
                    break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"{command[0]}: no data on screen within {timeout} s")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fill(folder: str, count: int) -> int:
    from store import OfficeCalendar, Store, Taxonomy
    from store.sample import sample_inquiries

    drafts = [sample.draft for sample in sample_inquiries(
        date(2016, 11, 25), date(2026, 11, 24), NOW, OfficeCalendar(), Taxonomy(),
        per_year=count // 10, seed=10)]
    Store(folder, clock=lambda: NOW).import_inquiries(drafts)
    return len(drafts)


def main() -> None:
    from common import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="400,4000,33000")
    args = parser.parse_args()
    command = shutil.which("borgerdesk", path=str(Path(sys.executable).parent))
    print(machine())
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    for size in (int(text) for text in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            count = fill(folder, size)
            desk_env = {**env, "BORGERDESK_DATA": folder}
            empty, desk = [], []
            for _ in range(args.runs):  # interleaved, so both see the same machine load
                empty.append(time_to_screen([sys.executable, "-c", EMPTY_APP],
                                            re.compile(rb"READY-0000-0000"), env))
                desk.append(time_to_screen([command, "tui"],
                                           re.compile(rb"BR-\d{4}-\d{4}"), desk_env))
            ratio = statistics.median(desk) / statistics.median(empty)
            print(f"{count:6d} inquiries: borgerdesk tui p50 {statistics.median(desk):.3f} s "
                  f"p95 {p95(desk):.3f} s; empty Textual app p50 "
                  f"{statistics.median(empty):.3f} s p95 {p95(empty):.3f} s; "
                  f"{ratio:.1f}x (target <= 2x at 4,000)")


if __name__ == "__main__":
    main()
