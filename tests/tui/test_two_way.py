"""The advisor's side of the chat: unread marks and a toast when the citizen writes (from
another process), answering from the detail screen, and what happens when one cannot."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from textual.widgets import Select

from store import Channel, Citizen, InquiryDraft, Store
from store.taxonomy import Delivery, Direction
from tests.tui.conftest import ROOT, local, make_app, settle
from tests.tui.test_flows import screen_as_text
from tui.dialogs.answer import AnswerDialog
from tui.widgets.row_table import RowTable


def chat_inquiry(desk: Store, **citizen) -> str:
    fields = {"name": "Chat Borger", "chat_id": "slack:T1:U1", "chat_channel": "D1", **citizen}
    return desk.create_inquiry(InquiryDraft(
        received_at=local("2026-11-24 09:00"), channel=Channel.CHAT,
        citizen=Citizen(**fields), subject="Bolig")).ref


def citizen_cell(app, ref: str) -> str:
    return str(app.screen.query_one(RowTable).get_row(ref)[4])


async def test_citizen_message_is_marked_unread_until_opened_then_answered(desk: Store):
    ref = chat_inquiry(desk)
    app = make_app(desk, poll_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        subprocess.run([sys.executable, "-c", (
            "import sys; from store import Store; "
            "Store(sys.argv[1], actor='chat').chat.add_incoming(sys.argv[2], 'Noget nyt?', "
            "'m1')"), str(desk.data_dir), ref], cwd=ROOT, check=True)
        started = time.monotonic()
        while ref not in app.data.unread and time.monotonic() - started < 3.0:
            await pilot.pause(0.1)
        assert app.data.unread == {ref: 1}
        assert any(ref in str(toast.message) and "citizen" in str(toast.message)
                   for toast in app._notifications)
        await settle(pilot)
        assert f"✉ Messages from citizens: {ref}" in screen_as_text(app)
        await pilot.press("f3")
        await settle(pilot)
        assert citizen_cell(app, ref) == "✉ Chat Borger"
        assert citizen_cell(app, "BR-2026-0004") == "Borger Tre"

        app.open_inquiry(ref)
        await settle(pilot)
        assert app.data.unread == {}  # opening it read the message
        assert "Chat ←" in screen_as_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AnswerDialog)
        assert "Slack direct message" in screen_as_text(app)
        await pilot.press(*"Vi har rykket [bold]forvaltningen[/bold]", "ctrl+s")
        await settle(pilot)
        answer = desk.get(ref).journal[-1]
        assert (answer.direction, answer.delivery, answer.via) == (
            Direction.OUT, Delivery.PENDING, "slack")
        assert answer.text == "Vi har rykket [bold]forvaltningen[/bold]"
        text = screen_as_text(app)
        assert "Chat →" in text and "[waiting] Vi har rykket [bold]forvaltningen" in text
        service = Store(desk.data_dir, actor="service")  # the service gives up on it
        service.outbox.claim(ref, answer.id)
        service.outbox.fail(ref, answer.id, "slack:channel_not_found", retry=False)
        started = time.monotonic()
        while "[not delivered]" not in screen_as_text(app) \
                and time.monotonic() - started < 3.0:
            await pilot.pause(0.1)
        assert "[not delivered] Vi har rykket" in screen_as_text(app)
        await pilot.press("f3")
        await settle(pilot)
        assert citizen_cell(app, ref) == "Chat Borger"


async def test_escape_cancels_an_answer(desk: Store):
    ref = chat_inquiry(desk)
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry(ref)
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Answer citizen" in titles
        await pilot.press("a", *"Glem det", "escape")
        await settle(pilot)
        assert desk.get(ref).journal == ()
        await pilot.press("j")  # a chat message is not something to write by hand
        await settle(pilot)
        kinds = [str(prompt) for prompt, _value in app.screen.query_one(Select)._options]
        assert "Note" in kinds and "Chat" not in kinds


async def test_a_teams_citizen_cannot_be_answered_and_the_contact_is_shown(desk: Store):
    ref = chat_inquiry(desk, chat_id="teams:29:1", chat_channel="", phone="55555555")
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry(ref)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, AnswerDialog)
        [toast] = [toast for toast in app.toasts if "Teams" in toast]
        assert "55555555" in toast
        assert desk.get(ref).journal == ()


@pytest.mark.parametrize("service", [True, False])
async def test_the_answer_toast_says_whether_a_service_will_send_it(desk: Store, service: bool):
    """Stored is not sent: with no service on this data, the advisor is told it waits."""
    ref = chat_inquiry(desk)
    if service:
        (desk.data_dir / "serve.json").write_text('{"pid": 1}')
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry(ref)
        await settle(pilot)
        await pilot.press("a", *"Vi ringer i morgen", "ctrl+s")
        await settle(pilot)
        assert desk.get(ref).journal[-1].text == "Vi ringer i morgen"
        said = " ".join(app.toasts)
        assert ("will be sent in a moment" in said) is service
        assert ("no service runs on this data" in said) is not service
