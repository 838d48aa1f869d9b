"""The citizens' chat page: how heavy it is, and how fast a reply reaches the screen.

A real waitress server (``borgerdesk serve``'s thread count) in its own process on 127.0.0.1;
Debian's chromium driven by Playwright. Prints:

- page weight: bytes of HTML + CSS + JS of ``GET /chat`` and the requests the page makes
  elsewhere (target under 30 KB, 0 elsewhere);
- send to the bot's reply on the screen, 20 sessions at once (each a page in its own browser
  context) holding whole conversations, timed inside the page from the click on Send to the
  reply in the transcript, at p50 and p95, beside a baseline measured the same way in the
  same run: the page's own ``GET /chat`` round trip by ``fetch`` (target p95 under 1 s);
  and the same messages from 20 plain HTTP clients, to tell the server from the browsers;
- an advisor's answer, appended to the transcript by another process, to the screen by the
  page's poll (every ``poll_seconds``; p95 is bounded by the interval).

    python bench/webchat.py [--rounds N] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import machine, percentile  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from store import Store  # noqa: E402
from store.transcripts import Transcripts  # noqa: E402

SESSIONS = 20
POLL_SECONDS = 3.0
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MESSAGES = ("Hej", "Anne Borger", "chat", "Min boligstøtte er stoppet", "færdig", "ved ikke",
            "ja")
SEND_AND_WAIT = """n => new Promise(resolve => {
  const log = document.getElementById('log');
  const started = performance.now();
  const replied = () => document.querySelectorAll('.msg.citizen').length > n &&
      log.lastElementChild.classList.contains('bot');
  const watch = new MutationObserver(() => {
    if (replied()) { watch.disconnect(); resolve((performance.now() - started) / 1000); }
  });
  watch.observe(log, {childList: true});
  document.querySelector('#chat-form button[type=submit]').click();
})"""  # timed inside the page: the browser's own clock, no driver round trips
REPLIED = ("n => document.querySelectorAll('.msg.citizen').length > n && "
           "document.getElementById('log').lastElementChild.classList.contains('bot')")
SERVER = f"""
import logging, sys
from waitress.server import create_server
from borgerdesk.service import SERVER_THREADS
from intake_bot import BotSettings, create_app
from store import Store
logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queueing is measured
app = create_app(BotSettings(
    platforms=("webchat",), messages_per_minute=10_000, poll_seconds={POLL_SECONDS},
    webchat_address_messages_per_minute=100_000, webchat_new_conversations_per_hour=100_000,
    privacy_url="https://kommune.example/privatliv",
    accessibility_statement_url="https://kommune.example/tilgaengelighed"), Store(sys.argv[1]))
server = create_server(app, host="127.0.0.1", port=0, threads=SERVER_THREADS)
print(server.effective_port, flush=True)
server.run()
"""


def plain_client(url: str, number: int, rounds: int) -> list[float]:
    """A citizen without a browser: the JSON route's round trips over plain HTTP."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(url + "/chat", timeout=30) as response:
        token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode()).group(1)
    times = []
    for index, text in enumerate(MESSAGES * rounds):
        request = urllib.request.Request(
            url + "/chat/messages", data=json.dumps({"text": text, "id": f"p{index}"}).encode(),
            headers={"Content-Type": "application/json", "X-Borgerdesk-Csrf": token})
        started = time.perf_counter()
        with opener.open(request, timeout=30) as response:
            token = json.loads(response.read())["csrf"]
        times.append(time.perf_counter() - started)
    return times


def page_weight(url: str) -> tuple[int, int, int]:
    sizes = []
    for path in ("/chat", "/chat/static/chat.css", "/chat/static/chat.js"):
        with urllib.request.urlopen(url + path, timeout=10) as response:
            sizes.append(len(response.read()))
    return sizes[0], sizes[1], sizes[2]


async def converse(browser, url: str, rounds: int, elsewhere: list[str]) -> tuple[
        list[float], list[float]]:
    """One citizen: ``rounds`` whole conversations; send-to-reply and GET baseline times."""
    context = await browser.new_context()
    page = await context.new_page()
    page.on("request", lambda request: None if request.url.startswith(url)
            else elsewhere.append(request.url))
    replies, baseline = [], []
    await page.goto(f"{url}/chat?lang=da")
    for _round in range(rounds):
        for text in MESSAGES:
            before = await page.locator(".msg.citizen").count()
            await page.fill("#message", text)
            replies.append(await page.evaluate(SEND_AND_WAIT, before))
            baseline.append(await page.evaluate(
                "async () => { const t = performance.now(); await (await fetch('/chat'))"
                ".text(); return (performance.now() - t) / 1000; }"))
    await context.close()
    return replies, baseline


async def advisor_to_screen(browser, url: str, store: Store) -> list[float]:
    """Each session's page waits while another process appends an advisor answer."""
    contexts, waits = [], []
    for _number in range(SESSIONS):
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(f"{url}/chat?lang=da")
        await page.fill("#message", "Hej")
        await page.click("#chat-form button[type=submit]")
        await page.wait_for_function(REPLIED, arg=0)
        contexts.append((context, page))
    transcripts = Transcripts(store)
    keys = [f"webchat:{(await context.cookies())[0]['value'].split('.')[0]}"
            for context, _page in contexts]

    async def wait_for_answer(page, key: str, number: int, seen: int) -> float:
        started = time.perf_counter()
        await asyncio.to_thread(transcripts.append_advisor_message, key, "Svar", f"a{number}")
        await page.wait_for_function(
            "n => document.querySelectorAll('.msg.advisor').length > n", arg=seen, polling=20)
        return time.perf_counter() - started

    for round_number in range(3):
        waits += await asyncio.gather(*(
            wait_for_answer(page, key, round_number * SESSIONS + index, round_number)
            for index, ((_context, page), key) in enumerate(zip(contexts, keys, strict=True))))
        for _context, page in contexts:
            await page.reload()  # the next answer must arrive by the poll again
        await asyncio.sleep(POLL_SECONDS * 0.37)  # start at another phase of the poll
    for context, _page in contexts:
        await context.close()
    return waits


async def screenshots(browser, url: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    context = await browser.new_context(viewport={"width": 1024, "height": 700})
    page = await context.new_page()
    await page.goto(f"{url}/chat?lang=da")
    await page.screenshot(path=str(folder / "chat-empty.png"), full_page=True)
    await context.close()
    for name, viewport in (("chat-desktop", {"width": 1024, "height": 900}),
                           ("chat-320px", {"width": 320, "height": 900})):
        context = await browser.new_context(viewport=viewport)
        page = await context.new_page()
        await page.goto(f"{url}/chat?lang=da")
        for number, text in enumerate(MESSAGES[:4]):
            await page.fill("#message", text)
            await page.click("#chat-form button[type=submit]")
            await page.wait_for_function(REPLIED, arg=number)
        await page.reload()
        await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        await context.close()


async def measure(args: argparse.Namespace, url: str, store: Store) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                   args=CHROMIUM_ARGS)
        if args.screenshots:
            await screenshots(browser, url, Path(args.screenshots))
        elsewhere: list[str] = []
        results = await asyncio.gather(*(converse(browser, url, args.rounds, elsewhere)
                                         for _session in range(SESSIONS)))
        replies = [value for reply, _base in results for value in reply]
        baseline = [value for _reply, base in results for value in base]
        advisor = await advisor_to_screen(browser, url, store)
        await browser.close()
    with ThreadPoolExecutor(SESSIONS) as pool:
        plain = [value for values in pool.map(
            lambda number: plain_client(url, number, args.rounds), range(SESSIONS))
            for value in values]
    html, css, js = page_weight(url)
    print(f"page weight: HTML {html} + CSS {css} + JS {js} = {html + css + js} bytes "
          f"({(html + css + js) / 1024:.1f} KB; target < 30 KB); requests elsewhere: "
          f"{len(elsewhere)} (target 0)")
    print(f"{SESSIONS} concurrent sessions, {len(replies)} messages in the browser")
    for label, values in (("GET /chat by fetch (baseline)", baseline),
                          ("send to the bot's reply", replies),
                          ("the same, plain HTTP clients", plain),
                          (f"advisor answer by poll ({POLL_SECONDS:.0f} s)", advisor)):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{label:34} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
              f"({p95 / percentile(baseline, 0.95):.1f}x baseline p95)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="conversations per session")
    parser.add_argument("--screenshots", help="also save the README's screenshots here")
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        sys.exit("bench/webchat.py needs Debian's chromium (apt-get install chromium)")
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        server = subprocess.Popen([sys.executable, "-c", SERVER, scratch], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
            asyncio.run(measure(args, url, Store(scratch)))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
