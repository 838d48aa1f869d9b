"""A small, fixed desk for the TUI tests: a fixed clock and invented, harmless data."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

import tui.app
from store import Channel, Citizen, Department, InquiryDraft, Kind, Store, StoreSettings
from tests.conftest import Clock
from tui.app import BorgerdeskApp, TuiSettings

ROOT = Path(__file__).resolve().parents[2]

CPH = ZoneInfo("Europe/Copenhagen")
# Tuesday 24 November 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CPH)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


@pytest.fixture
def desk(tmp_path) -> Store:
    store = Store(tmp_path / "desk", StoreSettings(), actor="advisor", clock=Clock(NOW))
    social = "Social- og Sundhedsforvaltningen"
    store.import_inquiries([  # in order of receipt, so BR-2026-0001 ... 0004
        InquiryDraft(received_at=local("2026-10-05 14:00"), channel=Channel.WALK_IN,
                     citizen=Citizen(name="Borger Et", phone="11111111"),
                     subject="Tidligere sag om bolig", first_response_at=local("2026-10-06 10:00"),
                     closed_at=local("2026-10-20 12:00"), outcome="Vejledt"),
        InquiryDraft(received_at=local("2026-11-16 10:00"), kind=Kind.COMPLAINT,
                     citizen=Citizen(name="Borger Et", phone="11111111"),
                     subject="Venter på afgørelse om hjælpemiddel",
                     department=Department(area=social,
                                           unit="Psykiatri- og Handicapafdelingen"),
                     primary_topic="processing_time"),
        InquiryDraft(received_at=local("2026-11-19 11:00"), channel=Channel.EMAIL,
                     citizen=Citizen(name="Borger To", email="to@example.invalid"),
                     subject="Spørgsmål om aktindsigt", primary_topic="access_to_files"),
        InquiryDraft(received_at=local("2026-11-23 09:30"),
                     citizen=Citizen(name="Borger Tre", phone="33333333"),
                     subject="Klage over tonen i et møde", primary_topic="communication"),
    ])
    store.schedule_callback("BR-2026-0003", local("2026-11-23 13:00"), note="Send svar")
    store.schedule_callback("BR-2026-0004", local("2026-11-24 14:30"), note="Ring tilbage")
    return store


class RecordingApp(BorgerdeskApp):
    """The app, keeping the text of every toast it showed (Textual has no public list)."""

    CSS_PATH = Path(tui.app.__file__).with_name("borgerdesk.tcss")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.toasts: list[str] = []

    def notify(self, message, **kwargs) -> None:
        self.toasts.append(str(message))
        super().notify(message, **kwargs)


def make_app(store: Store, poll_seconds: float = 60.0) -> RecordingApp:
    """Polling is slow by default so nothing changes under a snapshot."""
    return RecordingApp(store, TuiSettings(office_name="Borgerrådgiveren",
                                           poll_seconds=poll_seconds))


async def settle(pilot) -> None:
    """Let workers finish (a failed one too: the app shows the failure) and the screen
    catch up."""
    for _round in range(2):
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        await pilot.pause()


def file_from_another_process(desk: Store, channel: str) -> None:
    """An inquiry filed by another process (the chat bot, a second TUI), as the TUI sees it."""
    subprocess.run([sys.executable, "-c", (
        "import sys; from datetime import UTC, datetime; "
        "from store import Channel, InquiryDraft, Store; "
        "Store(sys.argv[1], actor='chat').create_inquiry(InquiryDraft("
        "received_at=datetime(2026, 11, 24, 9, tzinfo=UTC), channel=Channel(sys.argv[2])))"),
        str(desk.data_dir), channel], cwd=ROOT, check=True)
