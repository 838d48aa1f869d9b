"""The real `borgerdesk tui` in a pseudo-terminal: start to the first screen with data, beside
an empty Textual app started the same way, at 400, 4,000 and 33,000 inquiries; and keystrokes
in the inquiry list.

Unlike bench/tui.py (a headless ``run_test``), this runs the installed command as a user does,
each start a new process in a 120x36 terminal, and stops the clock when a reference
(BR-YYYY-NNNN) is on the screen, i.e. the dashboard shows data. The two commands take turns,
round by round, so both see the same machine load; the figures are p50 and p95 over the
rounds and the ratio of the medians. Python writes its bytecode and the holiday table its
file on a first start, as on an advisor's machine: one start of each, not counted, comes
first; the first start with no holiday file yet is timed once, apart.

Keystrokes: in one running TUI, F3 opens the list; a key typed into the search (j, o,
backspace, backspace, ...) is timed from writing its bytes to the pty until the frame that
shows the new count of matches is written (its last byte: Textual writes a frame at once),
and until the screen is still (no output for 50 ms), beside a key that only moves the
cursor in the list (down, up, ...), timed the same way.

    .venv/bin/python bench/tui_pty.py [--runs 7] [--sizes 400,4000,33000] [--keys 24]
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
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")
EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("READY-0000-0000")

Empty().run()
"""
F3, DOWN, UP, ENTER, BACKSPACE = b"\x1bOR", b"\x1b[B", b"\x1b[A", b"\r", b"\x7f"
FRAME_GAP = 0.005  # a frame is written at once: a pause this long ends it
QUIET = 0.05  # no output for this long: the screen is still


class Terminal:
    """A command running in a 120x36 pseudo-terminal, and what it has drawn (escapes
    removed)."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                                        env=env, cwd=ROOT, start_new_session=True)
        os.close(slave)
        self.screen = b""

    def _read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout``; the time it came, or None."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        self.screen += ANSI.sub(b"", os.read(self.master, 65536))
        return time.perf_counter()

    def wait_for(self, marker: re.Pattern[bytes], timeout: float = 60.0) -> float:
        """Seconds from the start until ``marker`` is on the screen."""
        while time.perf_counter() - self.started < timeout:
            if self._read(0.05) is not None and marker.search(self.screen):
                return time.perf_counter() - self.started
        raise RuntimeError(f"{self.process.args[0]}: {marker.pattern!r} not on screen")

    def settle(self) -> None:
        while self._read(QUIET * 4) is not None:
            pass

    def key(self, data: bytes, marker: re.Pattern[bytes] | None = None) -> tuple[float, float]:
        """Seconds from typing ``data`` until the frame that shows the change is written (the
        first output, or the first with ``marker`` newly on the screen, to its last byte: no
        more for ``FRAME_GAP``), and until the screen is still (no more for ``QUIET``)."""
        self.screen = b""
        sent = time.perf_counter()
        os.write(self.master, data)
        shown = last = None
        while time.perf_counter() - sent < 10:
            came = self._read(FRAME_GAP if shown is None else QUIET)
            if came is not None:
                last = came
            elif shown is None and last is not None and (
                    marker is None or marker.search(self.screen)):
                shown = last
            elif shown is not None:
                return shown - sent, last - sent
        raise RuntimeError(f"no redraw after {data!r}")

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
        os.close(self.master)


def time_to_screen(command: list[str], marker: re.Pattern[bytes], env: dict[str, str]) -> float:
    terminal = Terminal(command, env)
    try:
        return terminal.wait_for(marker)
    finally:
        terminal.close()


def keystrokes(command: list[str], env: dict[str, str], total: int,
               count: int) -> tuple[list[float], list[float]]:
    """Filter keys and cursor keys in the inquiry list of one running TUI."""
    terminal = Terminal(command, env)
    try:
        terminal.wait_for(re.compile(rb"BR-\d{4}-\d{4}"))
        terminal.settle()
        all_listed = re.compile(rb"\b%d \S+ %d\b" % (total, total))
        some_listed = re.compile(rb"\b(?!%d\b)\d+ \S+ %d\b" % (total, total))
        terminal.key(F3, all_listed)
        terminal.settle()
        typed = [(b"j", some_listed), (b"o", some_listed), (BACKSPACE, some_listed),
                 (BACKSPACE, all_listed)]  # in the sample data: a third, 5 %, a third, all
        filtering = [terminal.key(*typed[index % len(typed)]) for index in range(count)]
        terminal.key(ENTER)  # into the list
        terminal.settle()
        cursor = [terminal.key(DOWN if index % 2 == 0 else UP) for index in range(count)]
        return filtering, cursor
    finally:
        terminal.close()


def fill(folder: str, count: int) -> int:
    from store import OfficeCalendar, Store, Taxonomy
    from store.sample import sample_inquiries

    drafts = [sample.draft for sample in sample_inquiries(
        date(2016, 11, 25), date(2026, 11, 24), NOW, OfficeCalendar(), Taxonomy(),
        per_year=count // 10, seed=10)]
    Store(folder, clock=lambda: NOW).import_inquiries(drafts)
    return len(drafts)


def main() -> None:
    from common import machine, percentile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="400,4000,33000")
    parser.add_argument("--keys", type=int, default=24, help="keystrokes of each kind")
    args = parser.parse_args()
    command = [shutil.which("borgerdesk", path=str(Path(sys.executable).parent)), "tui"]
    empty_app = [sys.executable, "-c", EMPTY_APP]
    ready, data = re.compile(rb"READY-0000-0000"), re.compile(rb"BR-\d{4}-\d{4}")
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        env = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}  # a user's Python caches bytecode
        env.update(TERM="xterm-256color", COLUMNS="120", LINES="36",
                   XDG_CACHE_HOME=str(Path(scratch) / "cache"),
                   XDG_CONFIG_HOME=str(Path(scratch) / "config"))
        for size in (int(text) for text in args.sizes.split(",")):
            folder = Path(scratch) / str(size)
            count = fill(str(folder), size)
            desk_env = {**env, "BORGERDESK_DATA": str(folder)}
            time_to_screen(empty_app, ready, env)  # bytecode written, not counted
            if not (Path(scratch) / "cache").exists():
                first = time_to_screen(command, data, desk_env)
                print(f"first start ever (no holiday file, bytecode being written): "
                      f"{first:.3f} s")
            empty, desk = [], []
            for _ in range(args.runs):
                empty.append(time_to_screen(empty_app, ready, env))
                desk.append(time_to_screen(command, data, desk_env))
            ratio = statistics.median(desk) / statistics.median(empty)
            print(f"{count:6d} inquiries: borgerdesk tui p50 {statistics.median(desk):.3f} s "
                  f"p95 {percentile(desk, 0.95):.3f} s; empty Textual app p50 "
                  f"{statistics.median(empty):.3f} s p95 {percentile(empty, 0.95):.3f} s; "
                  f"{ratio:.1f}x (target <= 2x at 4,000)")
            if args.keys and 3000 <= size <= 5000:
                filtering, cursor = keystrokes(command, desk_env, count, args.keys)
                print(f"{count:6d} inquiries, a key in the list to the frame that shows its "
                      f"effect (and until the screen is still), target <= 50 ms:")
                for name, timings in (("filter key", filtering), ("cursor key", cursor)):
                    shown, still = ([timing[which] * 1000 for timing in timings]
                                    for which in (0, 1))
                    print(f"    {name}: p50 {statistics.median(shown):.0f} ms p95 "
                          f"{percentile(shown, 0.95):.0f} ms (still: p50 "
                          f"{statistics.median(still):.0f} ms p95 "
                          f"{percentile(still, 0.95):.0f} ms)")

if __name__ == "__main__":
    main()
