"""How fast a real ``borgerdesk serve`` acknowledges chat messages under sustained load.

``borgerdesk serve`` (waitress, the scheduler, the outbox: everything the service runs, with
the normal rate limits of the default configuration) on 127.0.0.1 over a store holding 10
years of inquiries, beside a minimal Flask + waitress endpoint (same thread count, answering
a JSON reply at once) in its own process: the baseline, measured in the same run.

10 bursts; in each, 20 new senders (200 distinct senders in all) write 20 messages each,
concurrently, through the signed web route (timestamp and signature): "Hej", a name, "chat",
14 lines of description, "færdig", "ved ikke", "ja" (the last one files the inquiry). Each
burst goes first to the baseline, then to the service. Prints the acknowledgement latency
(request to response: the store's durable write included) at p50/p95/p99 per burst and
overall, the ratios to the baseline, and the lost messages: any answer that is not a 200
with the expected reply, and any inquiry missing from the store or missing a line.
Targets: p99 <= 100 ms and <= 5x the baseline's p99, in the last burst as in the first;
0 lost.

    python bench/webhook.py [--bursts N]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402

from intake_bot.security import web_signature  # noqa: E402
from store import OfficeCalendar, Store, Taxonomy  # noqa: E402
from store.sample import sample_inquiries  # noqa: E402

SECRET = "bench-secret"
SENDERS = 20
LINES = [f"Linje {number} om min sag med boligstøtten" for number in range(1, 15)]
MESSAGES = ("Hej", "Anne Borger", "chat", *LINES, "færdig", "ved ikke", "ja")  # 20
MINIMAL = """
import sys
from flask import Flask, request
from waitress.server import create_server
from borgerdesk.service import SERVER_THREADS
app = Flask("minimal")

@app.get("/healthz")
def healthz():
    return {"status": "ok"}

@app.post("/web/messages")
def messages():
    payload = request.get_json()
    return {"replies": ["ok " + payload["text"][:10]], "answers": []}

server = create_server(app, host="127.0.0.1", port=int(sys.argv[1]), threads=SERVER_THREADS)
server.run()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server at {url} exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise SystemExit(f"the server at {url} did not start")


def post(url: str, session: str, text: str, message_id: str) -> tuple[float, int, dict]:
    body = json.dumps({"session": session, "text": text, "id": message_id}).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(url + "/web/messages", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Borgerdesk-Timestamp": timestamp,
        "X-Borgerdesk-Signature": web_signature(SECRET, timestamp, body)})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, payload = response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        status, payload = error.code, {}
    return time.perf_counter() - started, status, payload


def burst(url: str, burst_number: int) -> tuple[list[list[float]], int]:
    """20 senders x 20 messages at once; per sender the latencies, in the order of
    ``MESSAGES``, and the messages not answered well."""

    def sender(number: int) -> tuple[list[float], int]:
        session = f"b{burst_number}-s{number}"
        latencies, lost = [], 0
        for index, text in enumerate(MESSAGES):
            latency, status, payload = post(url, session, text, f"{session}-m{index}")
            latencies.append(latency)
            replies = payload.get("replies") or []
            if status != 200 or not replies:
                lost += 1
        return latencies, lost

    with ThreadPoolExecutor(SENDERS) as pool:
        results = list(pool.map(sender, range(SENDERS)))
    return [latencies for latencies, _ in results], sum(lost for _, lost in results)


def figures(values: list[float]) -> tuple[float, float, float]:
    return (statistics.median(values) * 1000, percentile(values, 0.95) * 1000,
            percentile(values, 0.99) * 1000)


def missing_in_store(data: Path, bursts: int) -> int:
    """Conversations whose inquiry is not in the store with every line of its description."""
    filed = {inquiry.citizen.chat_id: inquiry for inquiry in Store(data).inquiries()
             if inquiry.citizen is not None and inquiry.citizen.chat_id.startswith("web:b")}
    missing = 0
    for burst_number in range(bursts):
        for number in range(SENDERS):
            inquiry = filed.get(f"web:b{burst_number}-s{number}")
            if inquiry is None or not all(line in inquiry.description for line in LINES):
                missing += 1
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bursts", type=int, default=10)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        data = root / "data"
        now = datetime.now(UTC)
        store = Store(data)
        history = [sample.draft for sample in sample_inquiries(
            (now - timedelta(days=3652)).date(), (now - timedelta(days=1)).date(), now,
            OfficeCalendar(), Taxonomy(), seed=7)]
        store.import_inquiries(history)
        service_port, minimal_port = free_port(), free_port()
        config = root / "borgerdesk.toml"
        config.write_text(f'[intake]\nplatforms = ["web"]\nlisten = "127.0.0.1:{service_port}"\n')
        environment = {**os.environ, "BORGERDESK_WEB_SECRET": SECRET}
        log = (root / "serve.log").open("w")  # the service's log, shown if it fails
        command = [sys.executable, "-m", "borgerdesk.cli", "--config", str(config), "--data",
                   str(data)]
        # The months of the 10 years are compiled once, as on a service that ran before.
        subprocess.run([*command, "jobs", "run", "monthly"], cwd=ROOT, env=environment,
                       stdout=subprocess.DEVNULL, stderr=log, check=True)
        service = subprocess.Popen([*command, "serve"], cwd=ROOT, env=environment, stderr=log)
        minimal = subprocess.Popen([sys.executable, "-c", MINIMAL, str(minimal_port)], cwd=ROOT)
        service_url = f"http://127.0.0.1:{service_port}"
        minimal_url = f"http://127.0.0.1:{minimal_port}"
        try:
            try:
                wait_until_up(service_url, service)
            except SystemExit:
                print((root / "serve.log").read_text()[-3000:])
                raise
            wait_until_up(minimal_url, minimal)
            rows, all_service, all_minimal, lost = [], [], [], 0
            by_step: dict[str, list[float]] = {"first": [], "middle": [], "filing": []}
            for number in range(args.bursts):
                baseline = [x for xs in burst(minimal_url, number)[0] for x in xs]
                per_sender, burst_lost = burst(service_url, number)
                measured = [x for xs in per_sender for x in xs]
                rows.append((number + 1, figures(baseline), figures(measured), burst_lost))
                all_minimal += baseline
                all_service += measured
                lost += burst_lost
                for latencies in per_sender:
                    by_step["first"].append(latencies[0])
                    by_step["middle"] += latencies[1:-1]
                    by_step["filing"].append(latencies[-1])
        finally:
            for process in (service, minimal):
                process.terminate()
                process.wait(timeout=60)
        missing = missing_in_store(data, args.bursts)
        markers_note = sum(1 for _ in data.glob("*.json"))
    print(f"{len(history)} inquiries in the store before; {args.bursts} bursts of {SENDERS} "
          f"senders x {len(MESSAGES)} messages; {markers_note} data files after")
    print("burst  minimal p50/p95/p99 ms     serve p50/p95/p99 ms      p99 ratio  lost")
    for number, base, measured, burst_lost in rows:
        print(f"{number:5}  {base[0]:6.1f} {base[1]:6.1f} {base[2]:6.1f}    "
              f"{measured[0]:6.1f} {measured[1]:6.1f} {measured[2]:6.1f}    "
              f"{measured[2] / base[2]:6.1f}x  {burst_lost:4}")
    base, measured = figures(all_minimal), figures(all_service)
    print(f"  all  {base[0]:6.1f} {base[1]:6.1f} {base[2]:6.1f}    "
          f"{measured[0]:6.1f} {measured[1]:6.1f} {measured[2]:6.1f}    "
          f"{measured[2] / base[2]:6.1f}x  {lost:4}")
    print(f"ratios to the minimal endpoint: p50 {measured[0] / base[0]:.1f}x, "
          f"p95 {measured[1] / base[1]:.1f}x, p99 {measured[2] / base[2]:.1f}x "
          f"(target p99 <= 100 ms and <= 5x, first burst and last)")
    print("serve by step, p50/p99 ms: " + ", ".join(
        f"{step} {figures(values)[0]:.1f}/{figures(values)[2]:.1f}"
        for step, values in by_step.items()) + " (first: a new sender; filing: the 'ja')")
    print(f"lost: {lost} messages answered wrongly, {missing} inquiries missing or "
          f"incomplete in the store (target 0)")


if __name__ == "__main__":
    main()
