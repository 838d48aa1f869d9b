"""How fast the intake webhook acknowledges messages, and whether it loses any.

A real waitress server (``borgerdesk serve``'s thread count) in its own process on 127.0.0.1,
over a store holding 10 years of inquiries; 20 concurrent
senders each hold whole conversations (7 messages, the last one files an inquiry) through the
signed web endpoint. Prints the acknowledgement latency (request to response, which includes
the durable store write) at p50 and p99, against a baseline measured the same way on
``/healthz`` (the server and HTTP round trip alone), and the number of lost messages and
inquiries. Targets: p99 <= 100 ms; 0 lost.

    python bench/webhook.py [--conversations N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402

from intake_bot.security import web_signature  # noqa: E402
from store import OfficeCalendar, Store, Taxonomy  # noqa: E402
from store.sample import sample_inquiries  # noqa: E402

SECRET = "bench-secret"
SENDERS = 20
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
MESSAGES = ("Hej", "Borger", "chat", "Min sag står stille", "færdig", "ved ikke", "ja")


SERVER = f"""
import logging, sys
from datetime import datetime, UTC
from waitress.server import create_server
from borgerdesk.service import SERVER_THREADS
from intake_bot import BotSettings, create_app
from store import Store
logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queueing is measured
store = Store(sys.argv[1], clock=lambda: datetime(2026, 11, 24, 9, tzinfo=UTC))
app = create_app(BotSettings(platforms=("web",), web_secret={SECRET!r},
                             messages_per_minute=10_000), store)
server = create_server(app, host="127.0.0.1", port=0, threads=SERVER_THREADS)
print(server.effective_port, flush=True)
server.run()
"""


def post(url: str, session: str, text: str) -> tuple[float, dict]:
    body = json.dumps({"session": session, "text": text}).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(url + "/web/messages", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Borgerdesk-Timestamp": timestamp,
        "X-Borgerdesk-Signature": web_signature(SECRET, timestamp, body)})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    return time.perf_counter() - started, payload


def health(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url + "/healthz", timeout=30) as response:
        response.read()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=5, help="per sender")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(scratch, clock=lambda: NOW)
        history = [s.draft for s in sample_inquiries(date(2016, 11, 25), date(2026, 11, 23), NOW,
                                                      OfficeCalendar(), Taxonomy(), seed=7)]
        store.import_inquiries(history)
        server = subprocess.Popen([sys.executable, "-c", SERVER, scratch], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"

        def baseline(sender: int) -> list[float]:
            return [health(url) for _ in range(len(MESSAGES) * args.conversations)]

        def sender(number: int) -> tuple[list[float], list[str]]:
            latencies, refs = [], []
            for conversation in range(args.conversations):
                session = f"{number}-{conversation}"
                for text in MESSAGES:
                    latency, payload = post(url, session, text)
                    latencies.append(latency)
                refs.append(payload["replies"][0].split("nummeret ")[1].split(".")[0])
            return latencies, refs

        with ThreadPoolExecutor(SENDERS) as pool:
            health_latencies = [x for xs in pool.map(baseline, range(SENDERS)) for x in xs]
            results = list(pool.map(sender, range(SENDERS)))
        server.terminate()
        server.wait(timeout=30)
        latencies = [x for latencies, _refs in results for x in latencies]
        refs = {ref for _latencies, refs in results for ref in refs}
        filed = len(store.inquiries()) - len(history)
    expected = SENDERS * args.conversations
    print(f"{len(history)} inquiries in the store; {SENDERS} concurrent senders, "
          f"{len(latencies)} messages, {expected} conversations")
    print(f"GET /healthz (baseline)   p50 {statistics.median(health_latencies) * 1000:6.1f} ms"
          f"   p99 {percentile(health_latencies, 0.99) * 1000:6.1f} ms")
    print(f"POST /web/messages (ack)  p50 {statistics.median(latencies) * 1000:6.1f} ms"
          f"   p99 {percentile(latencies, 0.99) * 1000:6.1f} ms   (target p99 <= 100 ms)")
    print(f"lost: {expected - len(refs)} conversations, {expected - filed} inquiries "
          f"(target 0)")


if __name__ == "__main__":
    main()
