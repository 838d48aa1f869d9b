"""What the advisor reads is words in their language, never stored codes, and an error in
statistics shows no figures of an earlier period."""

from __future__ import annotations

import time

from textual.widgets import Select

from store import Store
from store.i18n import set_language
from tests.tui.conftest import file_from_another_process, make_app, settle
from tests.tui.test_flows import choose_period, screen_as_text


async def test_history_is_in_words(desk: Store):
    desk.complete_callback("BR-2026-0003", 1)
    desk.update("BR-2026-0003", desk.get("BR-2026-0003").version,
                {"topics": ("access_to_files",), "handling": ("forwarding",)})
    set_language("da")
    app = make_app(desk)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0003")
        await settle(pilot)
        text = screen_as_text(app)
        assert "tilbagekald udført" in text
        assert "redigeret: Behandling" in text
        assert "callback_done" not in text and "update" not in text
        assert "topics, handling" not in text


async def test_a_new_inquiry_toast_names_the_channel_in_words(desk: Store):
    set_language("da")
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        file_from_another_process(desk, "phone")
        started = time.monotonic()
        while not any("BR-2026-0005" in toast for toast in app.toasts) \
                and time.monotonic() - started < 3:
            await pilot.pause(0.1)
        [toast] = [toast for toast in app.toasts if "BR-2026-0005" in toast]
        assert "(telefon)" in toast.casefold() and "(phone)" not in toast


async def test_a_bad_statistics_period_leaves_no_old_bars(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(130, 45)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "█" in screen_as_text(app)
        await choose_period(app, pilot, "2026-11-30", "2026-11-01")
        text = screen_as_text(app)
        assert "ends before it starts" in text
        assert "█" not in text


async def test_textual_own_texts_are_in_danish(desk: Store):
    set_language("da")
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "^p kommandoer" in screen_as_text(app)
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one("#status", Select).focus()
        await pilot.press("enter")  # open the menu: its Escape is in the footer
        await settle(pilot)
        text = screen_as_text(app)
        assert "Luk menuen" in text and "Dismiss menu" not in text
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        text = screen_as_text(app)
        assert "Søg efter kommandoer…" in text and "Search for commands" not in text
