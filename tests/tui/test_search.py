"""Searching the list uses the store's one phone/e-mail rule: a number is found however it is
spaced, with or without +45, and by a part of it."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from store import Citizen, InquiryDraft, Store
from tests.tui.conftest import NOW, make_app, settle
from tests.tui.test_flows import rows


@pytest.mark.parametrize("query", ["22334455", "+45 22 33 44 55", "2233", "22 33 44 55",
                                   "Spaced@Example.invalid"])
async def test_a_spaced_phone_number_is_found_however_it_is_typed(desk: Store, query: str):
    desk.create_inquiry(InquiryDraft(received_at=NOW, subject="Bolig", citizen=Citizen(
        name="Borger Fem", phone="22 33 44 55", email="spaced@example.invalid")))
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press(*query)
        await settle(pilot)
        assert rows(app) == ["BR-2026-0005"]
