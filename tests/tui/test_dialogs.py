"""Every dialog: Ctrl+S saves, Escape cancels, its own keys in its footer, the cursor in the
first field, a visible label on every field, and a suggested date that typing does not wipe."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from store import Status, Store
from tests.tui.conftest import make_app, settle
from tests.tui.test_flows import screen_as_text
from tests.tui.test_two_way import chat_inquiry
from tui.dialogs.base import Dialog
from tui.screens.detail import InquiryDetailScreen

REF = "BR-2026-0002"
DIALOG_KEYS = ["j", "a", "c", "k", "x", "r"]


async def open_dialog(pilot, key: str, ref: str = REF) -> Dialog:
    pilot.app.open_inquiry(ref)
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, Dialog)
    return pilot.app.screen


def footer_line(app) -> str:
    return [line for line in screen_as_text(app).splitlines() if line.strip()][-1]


@pytest.mark.parametrize("key", DIALOG_KEYS)
async def test_each_dialog_shows_its_own_keys_and_escape_cancels(desk: Store, key: str):
    ref = chat_inquiry(desk) if key == "a" else REF
    before = desk.get(ref)
    app = make_app(desk)
    async with app.run_test(size=(130, 45)) as pilot:
        dialog = await open_dialog(pilot, key, ref)
        footer = footer_line(app)
        assert "^s" in footer and "esc" in footer and "Cancel" in footer
        assert "Journal" not in footer and "Call-back done" not in footer  # not the screen's
        first = dialog.query("Input, Select, TextArea").first()
        assert app.focused is first  # the cursor in the first field, not on a container
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InquiryDetailScreen)
        assert desk.get(ref) == before


async def test_every_field_of_classify_has_a_visible_label(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(130, 45)) as pilot:
        dialog = await open_dialog(pilot, "k")
        labels = {str(label.render()) for label in dialog.query(Label)}
        assert {"Kind", "Department", "Primary topic", "Meetings attended"} <= labels
        assert "Meetings attended" in screen_as_text(app)
        assert dialog.query_one("#topics").border_title == "Topics involved"


async def test_ctrl_s_saves_in_the_call_back_and_text_dialogs(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, "c")
        dialog.query_one("#time", Input).value = "11:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert desk.get(REF).callbacks[-1].note == ""
        assert len(desk.get(REF).callbacks) == 1
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"Uden for kompetence", "ctrl+s")
        await settle(pilot)
        assert desk.get(REF).status is Status.REJECTED


async def test_typing_in_the_call_back_dialog_keeps_the_suggested_day(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, "c")
        day = dialog.query_one("#day", Input)
        assert app.focused is day
        suggested = day.value
        await pilot.press("backspace", "5")
        assert day.value == suggested[:-1] + "5"  # edited, not replaced by what was typed
