"""``borgerdesk demo`` and ``borgerdesk sample-csv``: sample data to see Borgerdesk at work.

The demo never touches the real data folder: it uses a temporary one unless ``--data`` names
a folder explicitly. It loads a year of sample inquiries, prints what is due, starts the
intake service on it in the background and opens the terminal UI in front.
"""

from __future__ import annotations

import io
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from rich.progress import Progress

from borgerdesk.config import Settings
from borgerdesk.console import agenda_table, done, err, out
from borgerdesk.output import open_private, replace_file
from store import Store, ValidationError
from store.csvfile import write_inquiries_csv
from store.i18n import _
from store.model import utcnow
from store.sample import load_sample_year, sample_inquiries


def run_demo(settings: Settings, data_dir: Path | None) -> Store:
    """Fill the demo folder if it is empty, print what is due; the store, for the TUI."""
    folder = data_dir or Path(tempfile.mkdtemp(prefix="borgerdesk-demo-"))
    store = Store(folder, settings.store_settings(), actor="demo")
    if store.years():
        out.print(_("Using the existing data in {path}.").format(path=folder))
    else:
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(_("Loading sample data"), total=None)
            count = load_sample_year(
                store, utcnow(), progress=lambda n: progress.update(task, completed=n))
        done(_("Loaded {count} sample inquiries into {path}").format(count=count, path=folder))
    out.print(agenda_table(store, store.agenda()))
    out.print(_("Try: borgerdesk --data {path} check").format(path=folder))
    return store


@contextmanager
def demo_service(settings: Settings, folder: Path) -> Iterator[None]:
    """``borgerdesk serve`` on the demo folder in the background, the web endpoints and the
    chat page on port 8080 (a free port if that is taken); stopped when the block ends.
    Prints how to talk to it: the page's address and the ``borgerdesk chat`` command."""
    port = free_port()
    config = folder / "demo.toml"
    with open_private(config) as target:
        target.write(f'[office]\nlanguage = "{settings.config.office.language}"\n'
                     f'[intake]\nplatforms = ["web", "webchat"]\nlisten = "127.0.0.1:{port}"\n')
    secret = secrets.token_hex(16)
    env = {**os.environ, "BORGERDESK_CONFIG": str(config), "BORGERDESK_DATA": str(folder),
           "BORGERDESK_WEB_SECRET": secret}
    log = open_private(folder / "serve.log")
    service = subprocess.Popen([sys.executable, "-m", "borgerdesk.cli", "serve"], env=env,
                               stdout=log, stderr=log)
    out.print(_("The intake service runs on http://127.0.0.1:{port}; in another terminal, "
                "talk to it as a citizen:").format(port=port), markup=False)
    out.print(f"  BORGERDESK_WEB_SECRET={secret} BORGERDESK_CONFIG={config} "
              f"borgerdesk chat", markup=False, soft_wrap=True)
    out.print(_("or open the citizens' chat page in a browser: {url}").format(
        url=f"http://127.0.0.1:{port}/chat"), markup=False, soft_wrap=True)
    try:
        yield
    finally:
        service.terminate()
        try:
            service.wait(timeout=10)
        except subprocess.TimeoutExpired:
            service.kill()
        log.close()


def free_port(preferred: int = 8080) -> int:
    """``preferred`` when nothing listens there, so the README's address works; else any."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


MAX_SAMPLE_COUNT = 100_000


def write_sample_csv(settings: Settings, path: Path, year: int, count: int,
                     force: bool = False) -> int:
    """Exactly ``count`` invented inquiries of one year (2000 to this year, received before
    now) in the import format, to try the import."""
    store_settings = settings.store_settings()
    calendar = store_settings.calendar
    now = utcnow()
    this_year = calendar.local_date(now).year
    if not 2000 <= year <= this_year:
        raise ValidationError(_("--year must be from {first} to {last}").format(
            first=2000, last=this_year))
    if not 1 <= count <= MAX_SAMPLE_COUNT:
        raise ValidationError(_("--count must be from 1 to {most}").format(
            most=f"{MAX_SAMPLE_COUNT:,}"))
    end_of_year = datetime.combine(date(year, 12, 31), time(23, 59), tzinfo=calendar.timezone)
    until = min(end_of_year, now)
    days = (calendar.local_date(until) - date(year, 1, 1)).days + 1
    # Generate a fifth more than asked for over the days there are, then keep exactly
    # ``count``, evenly at random; more if chance fell short.
    per_year = count * 365 // days * 6 // 5 + 10
    for _attempt in range(4):
        samples = list(sample_inquiries(date(year, 1, 1), date(year, 12, 31), until, calendar,
                                        store_settings.taxonomy, per_year=per_year, seed=year))
        if len(samples) >= count:
            break
        per_year *= 2
    else:
        raise ValidationError(_("not enough of {year} has passed to invent {count} "
                                "inquiries").format(year=year, count=count))
    kept = random.Random(year).sample(samples, count)
    drafts = sorted((sample.draft for sample in kept), key=lambda d: d.received_at)
    text = io.StringIO(newline="")
    write_inquiries_csv(drafts, text, calendar)
    replace_file(path, text.getvalue().encode(), force=force, data_dir=settings.data_dir)
    done(_("Wrote {count} inquiries to {path}").format(count=len(drafts), path=path))
    return 0
