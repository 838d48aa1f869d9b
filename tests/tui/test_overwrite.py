"""Two TUIs on one data folder: a dialog's save is based on the version it opened with, so a
colleague's change made meanwhile is never silently overwritten, even after a reload."""

from __future__ import annotations

from textual.widgets import Select

from store import Kind, Status, Store
from tests.tui.conftest import make_app, settle
from tui.dialogs.classify import ClassifyDialog
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.text import TextDialog

REF = "BR-2026-0002"


def colleague(desk: Store) -> Store:
    """A second store on the same folder, as a second TUI has."""
    return Store(desk.data_dir, actor="colleague", clock=desk.clock)


async def open_dialog(pilot, key: str) -> None:
    pilot.app.open_inquiry(REF)
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def reloaded(pilot) -> None:
    """Wait past a poll, so the detail screen shows the colleague's version."""
    await pilot.pause(0.3)
    await settle(pilot)


async def test_saving_classify_unchanged_after_a_colleague_saved_asks(desk: Store):
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(130, 45)) as pilot:
        await open_dialog(pilot, "k")
        assert isinstance(app.screen, ClassifyDialog)
        colleague(desk).update(REF, desk.get(REF).version, {"meetings": 5})
        await reloaded(pilot)
        assert app.screen_stack[-2].inquiry.meetings == 5  # the poll reloaded it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#theirs")
        await settle(pilot)
        assert desk.get(REF).meetings == 5


async def test_applying_my_classification_keeps_the_colleagues_fields(desk: Store):
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(130, 45)) as pilot:
        await open_dialog(pilot, "k")
        app.screen.query_one("#kind", Select).value = Kind.OTHER.value
        colleague(desk).update(REF, desk.get(REF).version, {"meetings": 5})
        await reloaded(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert desk.get(REF).kind is Kind.COMPLAINT  # nothing saved before asking
        await pilot.click("#mine")
        await settle(pilot)
        saved = desk.get(REF)
        assert (saved.kind, saved.meetings) == (Kind.OTHER, 5)


async def test_closing_after_a_colleague_changed_the_inquiry_asks(desk: Store):
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, "x")
        assert isinstance(app.screen, TextDialog)
        colleague(desk).set_status(REF, desk.get(REF).version, Status.WAITING)
        await reloaded(pilot)
        await pilot.press(*"Vejledt", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert desk.get(REF).status is Status.WAITING
        await pilot.click("#theirs")
        await settle(pilot)
        assert desk.get(REF).status is Status.WAITING


async def test_rejecting_after_a_colleague_changed_the_inquiry_asks(desk: Store):
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, "r")
        colleague(desk).update(REF, desk.get(REF).version, {"meetings": 2})
        await reloaded(pilot)
        await pilot.press(*"Uden for kompetence", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert desk.get(REF).status is not Status.REJECTED
