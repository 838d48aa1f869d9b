"""Durable write latency of the store beside SQLite and stock TinyDB, measured in one run.

One year file holding 400 (a typical office), 5,000 (a big city's office) and 33,000
inquiries (stress), documents of about 1.5 KB with journal entries. Two writes: creating an
inquiry and adding a journal entry; each alone (this process wrote last, as in a busy TUI)
and right after another process wrote (the service filed a chat inquiry meanwhile). Every
cell is measured in each of several rounds, the backends interleaved within a round, so a
noisy minute of the shared disk hits them all; p50 and p95 are over every write of every
round. Beside each: sqlite3 in WAL mode with synchronous=FULL (the same documents as JSON
text, a journal entry read-modify-written in one transaction) and stock TinyDB
``JSONStorage`` (one file, the same documents), in the same run, on the same disk.

    python bench/store.py [--rounds 5] [--sizes 400,5000,33000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from tinydb import TinyDB

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402

from store import Citizen, InquiryDraft, JournalKind, Store  # noqa: E402
from store.model import to_document  # noqa: E402
from store.storage import transaction  # noqa: E402

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
YEAR_START = datetime(2026, 1, 2, 8, tzinfo=UTC)
WRITES_PER_ROUND = {400: 10, 5_000: 4, 33_000: 1}  # per cell; fewer where a write is slow
POOL = 64  # inputs made before timing, so that making them is not measured
WORDS = ("borgeren", "henvender", "sig", "om", "ventetid", "på", "svar", "fra", "forvaltningen",
         "sagsbehandler", "har", "ikke", "ringet", "tilbage", "afgørelse", "klage", "over",
         "hjemmehjælp", "bevilling", "aktindsigt", "partshøring", "møde", "aftalt", "med",
         "rådgiver", "brev", "sendt", "og", "venter", "stadig", "kommunen", "vejledning")
JOURNAL_KINDS = ("note", "call", "email", "letter")
HELPER = """
import json, random, sqlite3, sys
from datetime import UTC, datetime
from tinydb import TinyDB
from store import JournalKind, Store
folder, count = sys.argv[1], int(sys.argv[2])
refs = [f"BR-2026-{number:04d}" for number in range(1, count + 1)]
store = Store(folder + "/ours", actor="service")
sqlite = sqlite3.connect(folder + "/floor.sqlite", isolation_level=None)
sqlite.execute("PRAGMA synchronous=FULL")
stock = TinyDB(folder + "/stock.json").table("inquiries")
rng = random.Random(7)
for line in sys.stdin:
    backend, ref = line.split()[0], rng.choice(refs)
    text = "Ringede til borgeren om sagen; aftalt at sende brev."
    if backend == "ours":
        store.add_journal(ref, JournalKind.CALL, text, by="service")
    elif backend == "sqlite":
        sqlite.execute("BEGIN IMMEDIATE")
        [doc] = sqlite.execute("SELECT document FROM inquiries WHERE ref=?", (ref,)).fetchone()
        doc = json.loads(doc); doc["journal"].append({"text": text})
        sqlite.execute("UPDATE inquiries SET document=? WHERE ref=?", (json.dumps(doc), ref))
        sqlite.execute("COMMIT")
    else:
        doc_id = int(ref.rsplit("-", 1)[1])
        stock.update(lambda d: d["journal"].append({"text": text}), doc_ids=[doc_id])
    print("ok", flush=True)
"""


def sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def draft(rng: random.Random, number: int, received_at: datetime) -> InquiryDraft:
    """A realistic inquiry: a returning citizen now and then (same phone), some text."""
    person = rng.randrange(max(1, number * 4 // 5) + 1)
    return InquiryDraft(
        received_at=received_at, subject=sentence(rng, 40),
        description=sentence(rng, rng.randint(250, 450)),
        citizen=Citizen(name=f"Borger {person}", phone=f"2{person:07d}",
                        email=f"borger{person}@example.invalid"),
        primary_topic=rng.choice(("processing_time", "guidance", "communication")))


def journal(rng: random.Random, at: datetime) -> list[dict[str, object]]:
    return [{"id": index, "at": (at + timedelta(days=index)).isoformat(),
             "kind": rng.choice(JOURNAL_KINDS), "text": sentence(rng, rng.randint(120, 260)),
             "by": "advisor"} for index in range(1, rng.randint(2, 4) + 1)]


def seed(folder: Path, count: int) -> list[dict[str, object]]:
    """``count`` inquiries in one year, with journals; the same documents in every backend."""
    rng = random.Random(count)
    span = (NOW - YEAR_START).total_seconds()
    moments = sorted(YEAR_START + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    store = Store(folder / "ours", actor="advisor", clock=lambda: NOW)
    store.import_inquiries([draft(rng, n, at) for n, at in enumerate(moments)])
    storage = store.storage("inquiries-2026.json")
    with transaction(storage):  # journals added in one write (set-up, not measured)
        data = storage.read()
        for document in data["inquiries"].values():
            document["journal"] = journal(rng, datetime.fromisoformat(document["received_at"]))
        storage.write(data)
    documents = [to_document(inquiry) for inquiry in Store(folder / "ours").inquiries()]
    sqlite = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    sqlite.execute("PRAGMA journal_mode=WAL")
    sqlite.execute("CREATE TABLE inquiries (ref TEXT PRIMARY KEY, document TEXT)")
    with sqlite:
        sqlite.executemany("INSERT INTO inquiries VALUES (?, ?)",
                           [(d["ref"], json.dumps(d)) for d in documents])
    sqlite.close()
    stock = TinyDB(folder / "stock.json")
    stock.table("inquiries").insert_multiple(documents)
    stock.close()
    return documents


class Ours:
    name = "borgerdesk store"

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder / "ours", actor="advisor")
        self.rng = random.Random(1)
        self.refs = [inquiry.ref for inquiry in self.store.inquiries()]
        self.drafts = [draft(self.rng, len(self.refs), NOW) for _ in range(POOL)]
        self.texts = [sentence(self.rng, 200) for _ in range(POOL)]

    def warm(self) -> None:
        self.store.inquiries()  # a running TUI or service has the year decoded

    def create(self, number: int) -> None:
        self.store.create_inquiry(self.drafts[number % POOL])

    def add_journal(self, number: int) -> None:
        self.store.add_journal(self.rng.choice(self.refs), JournalKind.NOTE,
                               self.texts[number % POOL])


class SQLite:
    name = "sqlite3 WAL synchronous=FULL"

    def __init__(self, folder: Path, documents: list[dict[str, object]]) -> None:
        self.connection = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
        self.connection.execute("PRAGMA synchronous=FULL")
        self.rng = random.Random(1)
        self.refs = [str(d["ref"]) for d in documents]
        self.sample = documents[-1]
        self.texts = [sentence(self.rng, 200) for _ in range(POOL)]

    def warm(self) -> None:
        pass

    def create(self, number: int) -> None:
        document = {**self.sample, "ref": f"X-{number}-{self.rng.random()}"}
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO inquiries VALUES (?, ?)",
                                (document["ref"], json.dumps(document)))
        self.connection.execute("COMMIT")

    def add_journal(self, number: int) -> None:
        ref = self.rng.choice(self.refs)
        self.connection.execute("BEGIN IMMEDIATE")
        [text] = self.connection.execute("SELECT document FROM inquiries WHERE ref=?",
                                         (ref,)).fetchone()
        document = json.loads(text)
        document["journal"].append({"id": len(document["journal"]) + 1,
                                    "text": self.texts[number % POOL]})
        self.connection.execute("UPDATE inquiries SET document=? WHERE ref=?",
                                (json.dumps(document), ref))
        self.connection.execute("COMMIT")


class StockTinyDB:
    name = "stock TinyDB JSONStorage"

    def __init__(self, folder: Path, documents: list[dict[str, object]]) -> None:
        self.table = TinyDB(folder / "stock.json").table("inquiries")
        self.rng = random.Random(1)
        self.count = len(documents)
        self.sample = documents[-1]
        self.texts = [sentence(self.rng, 200) for _ in range(POOL)]

    def warm(self) -> None:
        pass

    def create(self, number: int) -> None:
        self.table.insert({**self.sample, "ref": f"X-{number}"})

    def add_journal(self, number: int) -> None:
        text = self.texts[number % POOL]
        self.table.update(lambda d: d["journal"].append({"text": text}),
                          doc_ids=[self.rng.randrange(1, self.count + 1)])


HELPER_NAMES = {Ours.name: "ours", SQLite.name: "sqlite", StockTinyDB.name: "tinydb"}


def measure(size: int, rounds: int) -> dict[tuple[str, str, str], list[float]]:
    """Latencies (ms) by (backend, write, alone or after another process wrote)."""
    writes = WRITES_PER_ROUND.get(size, 2)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        documents = seed(folder, size)
        mean_size = statistics.mean(len(orjson.dumps(d)) for d in documents)
        megabytes = (folder / "ours" / "inquiries-2026.json").stat().st_size / 1e6
        print(f"\n{size:,} inquiries in one year file ({megabytes:.1f} MB; documents "
              f"{mean_size / 1000:.2f} KB on average, "
              f"with journals); set up in {time.perf_counter() - started:.0f} s; "
              f"{writes} write(s) per cell per round, {rounds} rounds")
        backends = [Ours(folder), SQLite(folder, documents), StockTinyDB(folder, documents)]
        other = subprocess.Popen([sys.executable, "-c", HELPER, str(folder), str(size)], cwd=ROOT,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        results: dict[tuple[str, str, str], list[float]] = {}
        try:
            for round_ in range(rounds):
                order = backends[round_ % 3:] + backends[:round_ % 3]
                for backend in order:
                    for scenario in ("alone", "after another process wrote"):
                        for write in ("create", "add journal entry"):
                            results.setdefault((backend.name, write, scenario), []).extend(
                                timed(backend, write, scenario, writes, other, round_))
        finally:
            other.stdin.close()
            other.wait(timeout=300)
    return results


def timed(backend, write: str, scenario: str, count: int, other: subprocess.Popen,
          round_: int) -> list[float]:
    operation: Callable[[int], None] = (backend.create if write == "create"
                                        else backend.add_journal)
    if scenario == "alone":
        backend.warm()
    latencies = []
    for number in range(count):
        if scenario != "alone":
            other.stdin.write(HELPER_NAMES[backend.name] + "\n")
            other.stdin.flush()
            other.stdout.readline()
        started = time.perf_counter()
        operation(round_ * 1000 + number)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def report(size: int, results: dict[tuple[str, str, str], list[float]]) -> dict[str, float]:
    print(f"{'write':<19}{'when':<30}{'backend':<30}{'p50 ms':>8}{'p95 ms':>9}"
          f"{'/ SQLite':>10}{'/ TinyDB':>10}")
    p50s: dict[str, float] = {}
    for write in ("create", "add journal entry"):
        for scenario in ("alone", "after another process wrote"):
            floor = statistics.median(results[(SQLite.name, write, scenario)])
            stock = statistics.median(results[(StockTinyDB.name, write, scenario)])
            for name in (Ours.name, SQLite.name, StockTinyDB.name):
                latencies = results[(name, write, scenario)]
                p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
                print(f"{write:<19}{scenario:<30}{name:<30}{p50:>8.2f}{p95:>9.2f}"
                      f"{p50 / floor:>9.1f}x{p50 / stock:>9.2f}x")
                if name == Ours.name:
                    p50s[f"{write}, {scenario}"] = p50
                    p50s[f"{write}, {scenario}, p95"] = p95
                    p50s[f"{write}, {scenario}, / SQLite"] = p50 / floor
    return p50s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="400,5000,33000")
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    print("load average at the start (1, 5, 15 min): "
          + ", ".join(f"{load:.1f}" for load in os.getloadavg()))
    print(f"p50 and p95 over {args.rounds} interleaved rounds; ratios are p50 / p50 of the "
          "baseline measured in the same rounds")
    verdicts = []
    for size in (int(text) for text in args.sizes.split(",")):
        figures = report(size, measure(size, args.rounds))
        if size == 400:
            for scenario in ("alone", "after another process wrote"):
                worst = max(figures[f"{write}, {scenario}, / SQLite"]
                            for write in ("create", "add journal entry"))
                verdicts.append(f"at 400, {scenario}: the slower write (p50) is {worst:.1f}x "
                                f"SQLite's; target <= 10x: {'met' if worst <= 10 else 'NOT met'}")
        if size == 5_000:
            worst = max(figures[f"{write}, after another process wrote"]
                        for write in ("create", "add journal entry"))
            verdicts.append(f"at 5,000: a write right after another process wrote takes "
                            f"{worst:.1f} ms (p50); target <= 25 ms: "
                            f"{'met' if worst <= 25 else 'NOT met'}")
    print()
    for verdict in verdicts:
        print(verdict)
    print(f"run took {time.perf_counter() - started:.0f} s; load average at the end: "
          + ", ".join(f"{load:.1f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
