"""The help screen is built from the bindings: a key added to a screen shows up in it, and
every key a screen binds is in it."""

from __future__ import annotations

from textual.binding import Binding

from store import Store
from tests.tui.conftest import make_app, settle
from tests.tui.test_flows import screen_as_text
from tui.screens.detail import InquiryDetailScreen
from tui.screens.help import key_name


async def test_a_new_binding_appears_in_the_help(desk: Store, monkeypatch):
    monkeypatch.setattr(InquiryDetailScreen, "BINDINGS", [
        *InquiryDetailScreen.BINDINGS, Binding("z", "zap", "Zap the inquiry")])
    app = make_app(desk)
    async with app.run_test(size=(120, 80)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_as_text(app)
        assert "Zap the inquiry" in text
        for binding in InquiryDetailScreen.BINDINGS:
            assert (binding.tooltip or binding.description) in text
        assert "Reverse order" in text and "F7" in text  # the list's sorting keys
        assert "Click a header" not in text  # the hand-written copy is gone


def test_key_names():
    assert [key_name(key) for key in ("ctrl+s", "f2", "escape", "j", "down")] == \
        ["Ctrl+S", "F2", "Esc", "J", "↓"]
