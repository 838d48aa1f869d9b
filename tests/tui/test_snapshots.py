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


@pytest.mark.parametrize("key", ["j", "c", "k", "x", "r"])
def test_dialog(snap_compare, desk: Store, language, key: str):
    """Each dialog of the inquiry screen, with its own keys in its footer."""
    assert snap_compare(make_app(desk), press=[key], terminal_size=(130, 40),
                        run_before=_open("BR-2026-0002"))


def test_answer_dialog(snap_compare, desk: Store, language):
    from tests.tui.test_two_way import chat_inquiry

    ref = chat_inquiry(desk)
    assert snap_compare(make_app(desk), press=["a"], terminal_size=SIZE,
                        run_before=_open(ref))


def test_discard_question(snap_compare, desk: Store, language):
    async def half_filled(pilot) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"Borger Fire", "escape")
        await settle(pilot)

    assert snap_compare(make_app(desk), terminal_size=SIZE, run_before=half_filled)


def test_banner_for_a_damaged_file(snap_compare, desk: Store, language):
    (desk.data_dir / "inquiries-2026.json").write_bytes(b"{")
    assert snap_compare(make_app(desk), terminal_size=SIZE, run_before=_settled)
