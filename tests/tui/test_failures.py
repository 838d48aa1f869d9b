"""The TUI never fails silently: a damaged file, a folder that cannot be written and a lock
held by another process each show a toast and a banner naming the file, keep the last good
data on screen, and go away when the store works again."""

from __future__ import annotations

from filelock import FileLock

import store.storage
from store import Citizen, Status, Store, StoreSettings
from tests.conftest import Clock
from tests.tui.conftest import NOW, make_app, settle
from tests.tui.test_flows import rows, screen_as_text
from tui.screens.new_inquiry import NewInquiryScreen
from tui.widgets.banner import StoreBanner

YEAR_FILE = "inquiries-2026.json"


def banner(app) -> str:
    shown = app.screen.query_one(StoreBanner)
    return str(shown.render()) if shown.has_class("shown") else ""


async def test_a_damaged_year_file_is_named_and_the_last_data_stays(desk: Store):
    path = desk.data_dir / YEAR_FILE
    good = path.read_bytes()
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        before = rows(app)
        assert before and banner(app) == ""
        path.write_bytes(good[: len(good) // 2])  # cut short, as by a full disk
        await pilot.pause(0.4)
        await settle(pilot)
        assert YEAR_FILE in banner(app)
        assert any(YEAR_FILE in toast for toast in app.toasts)
        assert rows(app) == before  # the last good data stays on screen
        toasts = len(app.toasts)
        await pilot.pause(0.4)
        assert len(app.toasts) == toasts  # one toast, not one per poll
        path.write_bytes(good)
        await pilot.pause(0.4)
        await settle(pilot)
        assert banner(app) == ""


async def test_a_damaged_file_at_start_says_so_instead_of_loading_forever(desk: Store):
    (desk.data_dir / YEAR_FILE).write_bytes(b"{\"inquiries\": {\"1\": ")
    app = make_app(desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert YEAR_FILE in banner(app)
        text = screen_as_text(app)
        assert "Loading" not in text and "could not be read" in text


async def test_a_folder_that_cannot_be_written_keeps_the_form(desk: Store, monkeypatch):
    def refuse(path, payload):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store.storage, "write_temporary", refuse)
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"Borger Fire")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewInquiryScreen)  # nothing typed is lost
        assert app.screen.query_one("#name").value == "Borger Fire"
        assert YEAR_FILE in banner(app) and "Permission denied" in banner(app)
        assert any(YEAR_FILE in toast for toast in app.toasts)
        assert len(desk.inquiries()) == 4
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(desk.inquiries()) == 5
        assert banner(app) == ""


async def test_a_lock_held_by_another_process_is_named(tmp_path, desk: Store):
    impatient = Store(desk.data_dir, StoreSettings(lock_timeout=0.2), actor="advisor",
                      clock=Clock(NOW))
    app = make_app(impatient)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0002")
        await settle(pilot)
        with FileLock(f"{desk.data_dir / YEAR_FILE}.lock"):
            await pilot.press("w")
            await settle(pilot)
            assert YEAR_FILE in banner(app) and "locked" in banner(app)
            assert impatient.get("BR-2026-0002").status is not Status.WAITING
        await pilot.press("w")
        await settle(pilot)
        assert desk.get("BR-2026-0002").status is Status.WAITING
        assert banner(app) == ""


async def test_a_result_for_a_screen_already_left_is_dropped(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        form = app.screen
        await pilot.press("escape")  # nothing typed: left at once
        await settle(pilot)
        app.run_in_store(lambda store: (Citizen(phone="1"), []), form._show_earlier,
                         changes=False)
        await settle(pilot)
        assert app.is_running and not any(isinstance(s, NewInquiryScreen)
                                          for s in app.screen_stack)
