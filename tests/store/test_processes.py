"""Several real processes writing one store, and writers killed with SIGKILL mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def start_writer(data_dir: Path, count: int, threads: int = 1) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(data_dir), str(count), str(threads)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    return process


@pytest.mark.parametrize("threads", [1, 6])
def test_three_processes_creating_concurrently_lose_nothing(tmp_path, threads):
    """Also with threads in each process filing at the same moment (group filing)."""
    writers = [start_writer(tmp_path, 300, threads) for _ in range(3)]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    acknowledged = []
    for writer in writers:
        out, _ = writer.communicate(timeout=240)
        assert writer.returncode == 0
        acknowledged += out.split()
    inquiries = Store(tmp_path).inquiries()
    refs = [inquiry.ref for inquiry in inquiries]
    assert len(acknowledged) == 900
    assert len(refs) == 900 and len(set(refs)) == 900
    assert sorted(refs) == sorted(acknowledged)
    assert refs and max(refs) == "BR-2026-0900"


@pytest.mark.parametrize("threads", [1, 6])
def test_kill_during_writes_never_corrupts_or_loses_acknowledged_inquiries(tmp_path, threads):
    rng = random.Random(20261124)
    acknowledged: list[str] = []
    for _trial in range(50 if threads == 1 else 20):
        writer = start_writer(tmp_path, 10_000, threads)
        writer.stdin.write("go\n")
        writer.stdin.flush()
        first = writer.stdout.readline().strip()
        acknowledged.append(first)
        time.sleep(rng.uniform(0, 0.05))
        os.kill(writer.pid, signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
        acknowledged += rest.split()
        # A fresh process must load the file and find every acknowledged inquiry.
        refs = {inquiry.ref for inquiry in Store(tmp_path).inquiries()}
        missing = set(acknowledged) - refs
        assert not missing, f"lost after kill: {sorted(missing)[:5]}"
    store = Store(tmp_path)
    assert len(store.inquiries()) >= len(acknowledged) >= 50
    # The next write sweeps temp files left by killed writers.
    store.create_inquiry(store.inquiries()[0])  # an inquiry serves as a draft too
    leftovers = [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert leftovers == []


def test_processes_sharing_the_desk_handle_each_message_and_marker_once(tmp_path):
    """Three processes run the same steps (as a platform's retries reaching two workers):
    each message is handled once, each conversation counts every message, each marker is
    set once, over the sharded conversation and marker files."""
    senders, messages = 24, 15
    writers = [subprocess.Popen(
        [sys.executable, "-m", "tests.store.desk_writer", str(tmp_path), str(senders),
         str(messages)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(3)]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    steps = marks = outside = 0
    for writer in writers:
        out, _ = writer.communicate(timeout=240)
        assert writer.returncode == 0
        ran, marked, handled = map(int, out.split())
        steps, marks, outside = steps + ran, marks + marked, outside + handled
    assert steps == senders * messages
    assert marks == senders * messages
    assert outside == senders * messages
    store = Store(tmp_path)
    assert all(store.desk.conversation(f"web:{sender}") == {"n": messages}
               for sender in range(senders))
    assert len(list(tmp_path.glob("desk-[0-9][0-9].json"))) > 1
