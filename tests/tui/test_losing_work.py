"""Nothing typed is thrown away without asking, an empty form uses up no reference, and a
closed inquiry's outcome is changed only on purpose."""

from __future__ import annotations

import pytest

from store import Status, Store
from tests.tui.conftest import make_app, settle
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.text import TextDialog
from tui.screens.dashboard import DashboardScreen
from tui.screens.new_inquiry import NewInquiryScreen


async def half_filled_form(pilot) -> None:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press(*"Borger Fire")


@pytest.mark.parametrize("key", ["escape", "ctrl+q", "f2", "f3", "f5"])
async def test_leaving_a_half_filled_form_asks_first(desk: Store, key: str):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await half_filled_form(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # go back: the form and its text are still there
        await settle(pilot)
        assert isinstance(app.screen, NewInquiryScreen)
        assert app.screen.query_one("#name").value == "Borger Fire"
        await pilot.press(key)
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        if key == "ctrl+q":
            assert app.return_code == 0  # it quit
        else:
            assert not any(isinstance(s, NewInquiryScreen) for s in app.screen_stack)


async def test_an_untouched_form_is_left_without_asking(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_an_empty_form_is_refused_and_uses_up_no_reference(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewInquiryScreen)
        assert "subject" in str(app.screen.query_one("#problem").render())
        assert len(desk.inquiries()) == 4
        await pilot.press(*"Borger Fire", "ctrl+s")
        await settle(pilot)
        assert desk.get("BR-2026-0005").citizen.name == "Borger Fire"  # the next reference


async def test_x_on_a_closed_inquiry_shows_its_outcome_and_asks(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0001")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        assert "already closed" in app.screen.title_text
        assert app.screen.query_one("#text").value == "Vejledt"
        await pilot.press("escape")
        await settle(pilot)
        closed = desk.get("BR-2026-0001")
        assert (closed.status, closed.outcome) == (Status.CLOSED, "Vejledt")
