"""SIGTERM while a request waits on the store's lock: the request is finished, not dropped."""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest
from filelock import FileLock

from intake_bot.security import web_signature
from store import Store
from store.shards import conversation_file
from tests.cli.test_serve import service  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def post(url: str, session: str, text: str) -> tuple[int, dict]:
    body = json.dumps({"session": session, "text": text}).encode()
    stamp = str(int(time.time()))
    request = urllib.request.Request(url + "/web/messages", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Borgerdesk-Timestamp": stamp,
        "X-Borgerdesk-Signature": web_signature("serve-test-secret", stamp, body)})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_sigterm_drains_a_request_waiting_on_the_lock(service):  # noqa: F811
    url, _env, process, data = service
    lock = FileLock(str(data / f"{conversation_file('web:drain')}.lock"))
    lock.acquire()
    answers: list = []
    sender = threading.Thread(target=lambda: answers.append(post(url, "drain", "Hej")))
    sender.start()
    time.sleep(0.5)  # the request is in the service now, waiting for the lock
    process.send_signal(signal.SIGTERM)
    time.sleep(1.0)
    lock.release()
    sender.join(timeout=30)
    assert answers and answers[0][0] == 200 and answers[0][1]["replies"]
    assert process.wait(timeout=20) == 0
    assert Store(data).desk.conversation("web:drain")["step"] == "name"


def test_a_request_stuck_longer_than_the_bound_does_not_hold_the_stop(tmp_path):
    from waitress.server import create_server

    from borgerdesk.shutdown import Drain
    from intake_bot import BotSettings, create_app

    store = Store(tmp_path / "data")
    app = create_app(BotSettings(platforms=("web",), web_secret="serve-test-secret"), store)
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    url = f"http://127.0.0.1:{server.effective_port}"
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    lock = FileLock(str(store.data_dir / f"{conversation_file('web:stuck')}.lock"))
    lock.acquire()  # held past the drain's bound
    failures: list[Exception] = []

    def send() -> None:
        try:
            post(url, "stuck", "Hej")
        except OSError as error:  # closed after the bound: what this test expects
            failures.append(error)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    time.sleep(0.3)
    started = time.monotonic()
    Drain(server, seconds=1)(signal.SIGTERM, None)
    runner.join(timeout=10)
    assert not runner.is_alive() and time.monotonic() - started < 5
    sender.join(timeout=5)
    assert failures  # the stuck request was cut off, not waited for
    lock.release()


def test_a_file_held_by_another_process_does_not_starve_other_citizens(service):  # noqa: F811
    """Twenty messages wait for one sender file another process holds (more than the
    service's threads): each is answered 503 with Retry-After within the service's lock
    timeout, and a citizen in another file and /healthz are answered meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    url, _env, _process, data = service
    held = conversation_file("web:held-0")
    blocked = [f"held-{n}" for n in range(400) if conversation_file(f"web:held-{n}") == held]
    other = next(f"free-{n}" for n in range(400) if conversation_file(f"web:free-{n}") != held)
    lock = FileLock(str(data / f"{held}.lock"))
    lock.acquire()

    def status(session: str) -> tuple[int, float]:
        started = time.monotonic()
        try:
            return post(url, session, "Hej")[0], time.monotonic() - started
        except urllib.error.HTTPError as error:  # the answer this test looks at
            seconds = time.monotonic() - started
            return (error.code if error.headers["Retry-After"] and json.loads(error.read())
                    else 0), seconds

    try:
        with ThreadPoolExecutor(21) as pool:
            waiting = [pool.submit(status, session) for session in blocked[:20]]
            time.sleep(0.5)  # every thread of the service is waiting for the lock now
            free = pool.submit(status, other)
            with urllib.request.urlopen(url + "/healthz", timeout=30) as response:
                healthz = response.status
            answers = [future.result(timeout=60) for future in waiting]
            other_status, other_seconds = free.result(timeout=60)
    finally:
        lock.release()
    assert {code for code, _seconds in answers} == {503}
    assert max(seconds for _code, seconds in answers) < 15  # not the store's usual 30 s
    assert other_status == 200 and other_seconds < 12 and healthz == 200


def test_sigterm_waits_for_a_request_whose_body_is_still_coming(service):  # noqa: F811
    import socket
    from urllib.parse import urlsplit

    url, _env, process, _data = service
    body = json.dumps({"session": "slow", "text": "Hej"}).encode()
    stamp = str(int(time.time()))
    head = (f"POST /web/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Borgerdesk-Timestamp: {stamp}\r\n"
            f"X-Borgerdesk-Signature: {web_signature('serve-test-secret', stamp, body)}\r\n"
            f"Connection: close\r\n\r\n").encode()
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=20) as client:
        client.sendall(head + body[:10])
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        client.sendall(body[10:])
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b'"replies"' in answer
    assert process.wait(timeout=20) == 0
