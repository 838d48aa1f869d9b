"""The dashboard's "new, not yet answered" section: a chat inquiry filed at night is not due
yet, so it is not on the agenda, but it stays in sight until someone answers it."""

from __future__ import annotations

from textual.widgets import DataTable

from store import Channel, Citizen, InquiryDraft, JournalKind, Store
from tests.tui.conftest import local, make_app, settle
from tests.tui.test_flows import screen_as_text


def fresh_rows(app) -> list[str]:
    table = app.screen.query_one("#fresh", DataTable)
    return [str(key.value) for key in table.rows] if table.display else []


async def test_a_new_chat_inquiry_is_shown_until_answered(desk: Store):
    ref = desk.create_inquiry(InquiryDraft(
        received_at=local("2026-11-24 03:00"), channel=Channel.CHAT,
        citizen=Citizen(name="Chat Borger", chat_id="slack:T1:U1"), subject="Bolig")).ref
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert fresh_rows(app) == [f"fresh:{ref}"]
        assert "New, not yet answered" in screen_as_text(app)
        assert not any(ref in str(key.value) for key in
                       app.screen.query_one("#agenda", DataTable).rows)  # not due yet
        app.screen.query_one("#fresh", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.ref == ref
        await pilot.press("escape")
        desk.add_journal(ref, JournalKind.EMAIL, "Svar sendt", is_response=True)
        app.data.load()
        await settle(pilot)
        assert fresh_rows(app) == []
        assert "New, not yet answered" not in screen_as_text(app)
