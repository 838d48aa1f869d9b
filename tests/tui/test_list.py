"""The list of inquiries: every row, sorted from the keyboard with a visible indicator,
columns that use the terminal's width, and typing that always reaches the search field."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input

from store import Citizen, InquiryDraft, Kind, Store
from tests.tui.conftest import NOW, make_app, settle
from tests.tui.test_flows import rows, screen_as_text
from tui.widgets.row_table import RowTable


async def open_list(pilot) -> RowTable:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    return pilot.app.screen.query_one(RowTable)


async def test_every_row_is_listed_and_reachable_from_the_keyboard(desk: Store):
    desk.import_inquiries([InquiryDraft(received_at=NOW - timedelta(minutes=n),
                                        subject=f"Emne {n}") for n in range(1, 251)])
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        table = await open_list(pilot)
        assert len(rows(app)) == 254
        assert "254 of 254 inquiries" in screen_as_text(app)
        await pilot.press("down", "end")  # from the search field into the list, to the end
        assert table.cursor_row == 253
        assert "BR-2026-0001" in screen_as_text(app)  # the oldest, scrolled into view
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.ref == "BR-2026-0001"


async def test_sorting_from_the_keyboard_shows_the_order(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_list(pilot)
        assert "Received ▼" in screen_as_text(app)  # newest first
        await pilot.press("f6")  # the next column: status
        await settle(pilot)
        assert "Status ▲" in screen_as_text(app) and "Received ▼" not in screen_as_text(app)
        await pilot.press("f7")
        await settle(pilot)
        assert "Status ▼" in screen_as_text(app)
        for _ in range(5):  # status, kind, citizen, subject, due: round to the reference
            await pilot.press("f6")
        await settle(pilot)
        assert "Reference ▲" in screen_as_text(app)
        assert rows(app) == ["BR-2026-0001", "BR-2026-0002", "BR-2026-0003", "BR-2026-0004"]


async def test_columns_use_the_width_of_the_terminal(desk: Store):
    desk.create_inquiry(InquiryDraft(received_at=NOW, kind=Kind.OTHER,
                                     citizen=Citizen(name="Borger Fem"),
                                     subject="Et emne med en meget lang beskrivende titel"))
    app = make_app(desk)
    async with app.run_test(size=(180, 40)) as pilot:
        table = await open_list(pilot)
        assert sum(table.widths()) + len(table.widths()) - 1 \
            == table.scrollable_content_region.width
        text = screen_as_text(app)
        assert "Anden henvendelse" in text or "Other inquiry" in text
        assert "Et emne med en meget lang beskrivende titel" in text
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert sum(table.widths()) < 120


async def test_after_escape_typing_reaches_the_search_field(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_list(pilot)
        await pilot.press("down", "enter")  # open the newest inquiry from the list
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press(*"33333333")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "33333333"
        assert rows(app) == ["BR-2026-0004"]
        await pilot.press("escape")  # clears the search; the cursor stays there
        await pilot.press(*"aktindsigt")
        await settle(pilot)
        assert rows(app) == ["BR-2026-0003"]


async def test_only_the_rows_on_screen_are_built(desk: Store, monkeypatch):
    from tui.screens.inquiries import InquiryListScreen

    desk.import_inquiries([InquiryDraft(received_at=NOW - timedelta(minutes=n),
                                        subject=f"Emne {n}") for n in range(1, 251)])
    built = []
    cells = InquiryListScreen.cells
    monkeypatch.setattr(InquiryListScreen, "cells",
                        lambda self, inquiry: built.append(inquiry.ref) or cells(self, inquiry))
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_list(pilot)
        assert len(rows(app)) == 254
        assert 0 < len(set(built)) <= 40  # a screenful, not 254
