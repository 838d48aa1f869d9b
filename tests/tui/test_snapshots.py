"""What the advisor sees, in Danish and English, with a fixed clock and invented data.

Update after a deliberate change with ``pytest --snapshot-update`` and look at the SVGs in
``__snapshots__`` before accepting them.
"""

from __future__ import annotations

import pytest

from store import Citizen, InquiryDraft, Store
from store.i18n import set_language
from tests.tui.conftest import NOW, make_app, settle

SIZE = (120, 34)


@pytest.fixture(params=["da", "en"])
def language(request):
    set_language(request.param)
    return request.param


async def _settled(pilot) -> None:
    await settle(pilot)


def _open(ref: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_inquiry(ref)
        await settle(pilot)

    return run_before


def test_dashboard(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), terminal_size=SIZE, run_before=_settled)


def test_inquiry_list(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), press=["f3"], terminal_size=SIZE,
                        run_before=_settled)


def test_inquiry_detail(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), terminal_size=SIZE,
                        run_before=_open("BR-2026-0003"))


def test_new_inquiry_form(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), press=["f4"], terminal_size=SIZE,
                        run_before=_settled)


def test_help(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), press=["f1"], terminal_size=SIZE,
                        run_before=_settled)


def test_markup_in_citizen_text_renders_literally(snap_compare, desk: Store):
    set_language("da")
    desk.create_inquiry(InquiryDraft(
        received_at=NOW, citizen=Citizen(name="[link=https://evil.invalid]Klik her[/link]"),
        subject="[red]ALARM[/red] [bold]ikke fed", description="[blink]x[/blink]"))
    assert snap_compare(make_app(desk), terminal_size=SIZE,
                        run_before=_open("BR-2026-0005"))


def test_statistics(snap_compare, desk: Store, language):
    assert snap_compare(make_app(desk), press=["f5"], terminal_size=SIZE,
                        run_before=_settled)
