"""The advisor's flows, driven with Textual's Pilot against a real store in a temp folder."""

from __future__ import annotations

import html
import re
import time

from textual.widgets import Select

from store import Channel, Citizen, Department, InquiryDraft, JournalKind, Kind, Status, Store
from tests.conftest import Clock
from tests.tui.conftest import NOW, file_from_another_process, local, make_app, settle
from tui.dialogs.conflict import ConflictDialog
from tui.screens.detail import InquiryDetailScreen
from tui.screens.inquiries import InquiryListScreen
from tui.widgets.row_table import RowTable


def screen_as_text(app) -> str:
    """What the terminal shows, as plain text (from Textual's SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def rows(app) -> list[str]:
    """The row keys of the screen's table: the dashboard's DataTable or the list's."""
    table = app.screen.query_one("#agenda, #list")
    if isinstance(table, RowTable):
        return list(table.row_keys)
    return [str(key.value) for key in table.rows]


async def test_dashboard_lists_overdue_first(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert [key.split(":")[1] for key in rows(app)] == [
            "BR-2026-0002", "BR-2026-0003", "BR-2026-0004", "BR-2026-0003", "BR-2026-0004"]
        counts = str(app.screen.query_one("#counts").render())
        assert "Overdue: 2   Due today: 2   Soon: 1   Open inquiries: 3" in counts


async def test_register_a_phone_call(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"Borger Fire", "tab", *"44444444")
        for _ in range(5):  # email, behalf name, relation, subject
            await pilot.press("tab")
            if app.focused and app.focused.id == "subject":
                break
        await pilot.press(*"Bevilling af bil")
        await pilot.press("ctrl+s")
        await settle(pilot)
        created = desk.get("BR-2026-0005")
        assert created.channel is Channel.PHONE
        assert created.citizen == Citizen(name="Borger Fire", phone="44444444")
        assert created.subject == "Bevilling af bil"
        assert isinstance(app.screen, InquiryDetailScreen)
        assert app.screen.ref == "BR-2026-0005"


async def test_an_anonymous_walk_in(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        app.screen.query_one("#channel", Select).value = Channel.WALK_IN.value
        app.screen.query_one("#anonymous").value = True
        await pilot.press(*"Name that must not be kept")
        await pilot.press("ctrl+s")
        await settle(pilot)
        created = desk.get("BR-2026-0005")
        assert created.citizen is None and created.channel is Channel.WALK_IN


async def test_typing_a_known_phone_number_shows_earlier_inquiries(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("tab", *"11 11 11 11")
        await settle(pilot)
        earlier = str(app.screen.query_one("#earlier").render())
        assert "BR-2026-0001" in earlier and "BR-2026-0002" in earlier
        assert "BR-2026-0003" not in earlier


async def test_complete_a_callback_from_the_dashboard(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # the overdue call-back of BR-2026-0003
        await settle(pilot)
        assert app.screen.ref == "BR-2026-0003"
        await pilot.press("d")
        await settle(pilot)
        inquiry = desk.get("BR-2026-0003")
        assert inquiry.callbacks[0].done_at == NOW
        assert inquiry.first_response_at == NOW


async def test_journal_and_callback_dialogs(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0002")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press(*"Ringede til forvaltningen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#day").value = "25/11"
        app.screen.query_one("#time").value = "09:15"
        await pilot.press("enter")
        await settle(pilot)
        inquiry = desk.get("BR-2026-0002")
        assert inquiry.journal[0].kind is JournalKind.NOTE
        assert inquiry.journal[0].text == "Ringede til forvaltningen"
        assert inquiry.callbacks[-1].due_at == local("2026-11-25 09:15")


async def test_classify(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(130, 45)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0003")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#kind", Select).value = Kind.COMPLAINT.value
        dialog.query_one("#department", Select).value = Department(area="By- og Miljøforvaltningen")
        dialog.query_one("#taken_up").value = True
        dialog.query_one("#handling").select("forwarding")
        await pilot.press("ctrl+s")
        await settle(pilot)
        inquiry = desk.get("BR-2026-0003")
        assert inquiry.kind is Kind.COMPLAINT
        assert inquiry.department.area == "By- og Miljøforvaltningen"
        assert inquiry.taken_up and inquiry.handling == ("forwarding",)
        assert inquiry.topics == ("access_to_files",)


async def test_close_and_reject(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0002")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"Afgørelse truffet", "enter")
        await settle(pilot)
        assert desk.get("BR-2026-0002").status is Status.CLOSED
        assert desk.get("BR-2026-0002").outcome == "Afgørelse truffet"
        await pilot.press("escape")
        app.open_inquiry("BR-2026-0004")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # a rejection needs a reason
        await settle(pilot)
        assert str(app.screen.query_one("#problem").render()) != ""
        await pilot.press(*"Uden for kompetence", "enter")
        await settle(pilot)
        rejected = desk.get("BR-2026-0004")
        assert (rejected.status, rejected.outcome) == (Status.REJECTED, "Uden for kompetence")


async def test_search_and_filter(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, InquiryListScreen)
        assert rows(app) == ["BR-2026-0004", "BR-2026-0003", "BR-2026-0002", "BR-2026-0001"]
        await pilot.press(*"11111111")
        await settle(pilot)
        assert rows(app) == ["BR-2026-0002", "BR-2026-0001"]
        await pilot.press("escape")
        app.screen.query_one("#status", Select).value = Status.CLOSED.value
        await settle(pilot)
        assert rows(app) == ["BR-2026-0001"]
        app.screen.query_one("#status", Select).clear()
        app.screen.query_one("#overdue", Select).value = "yes"
        await settle(pilot)
        assert rows(app) == ["BR-2026-0003", "BR-2026-0002"]
        app.screen.query_one("#overdue", Select).clear()
        app.screen.query_one("#kind", Select).value = Kind.COMPLAINT.value
        await settle(pilot)
        assert rows(app) == ["BR-2026-0002"]


async def test_sorting_by_a_column(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(RowTable).post_message(RowTable.HeaderSelected("ref"))
        await settle(pilot)
        assert rows(app) == ["BR-2026-0001", "BR-2026-0002", "BR-2026-0003", "BR-2026-0004"]


async def test_a_conflicting_edit_is_offered_not_overwritten(desk: Store, tmp_path):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0002")
        await settle(pilot)
        other = Store(desk.data_dir, actor="assistant", clock=desk.clock)
        theirs = other.update("BR-2026-0002", 1, {"subject": "Changed by the assistant"})
        await pilot.press("w")  # based on the version the screen shows
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert desk.get("BR-2026-0002") == theirs  # nothing overwritten yet
        await pilot.click("#mine")
        await settle(pilot)
        merged = desk.get("BR-2026-0002")
        assert merged.status is Status.WAITING
        assert merged.subject == "Changed by the assistant"


async def test_citizen_text_with_markup_is_shown_literally(desk: Store):
    desk.create_inquiry(InquiryDraft(
        received_at=NOW, citizen=Citizen(name="[link=https://evil.invalid]Klik[/link]"),
        subject="[red]ALARM[/red] [bold]x"))
    app = make_app(desk)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0005")
        await settle(pilot)
        screen_text = screen_as_text(app)
        assert "[red]ALARM[/red] [bold]x" in screen_text
        assert "[link=https://evil.invalid]Klik[/link]" in screen_text


async def test_an_inquiry_filed_by_another_process_appears_with_a_toast(desk: Store):
    app = make_app(desk, poll_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        file_from_another_process(desk, "chat")
        started = time.monotonic()
        while time.monotonic() - started < 2.0:
            await pilot.pause(0.1)
            if any(inquiry.ref == "BR-2026-0005" for inquiry in app.data.inquiries):
                break
        assert any(inquiry.ref == "BR-2026-0005" for inquiry in app.data.inquiries)
        assert any("BR-2026-0005" in toast for toast in app.toasts)
        await pilot.press("f3")
        await settle(pilot)
        assert "BR-2026-0005" in rows(app)


async def test_command_palette_lists_the_screen_actions(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_inquiry("BR-2026-0001")
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Classify" in titles and "Reject" in titles and "New inquiry" in titles


async def test_a_callback_coming_up_is_a_toast_once(desk: Store):
    desk.schedule_callback("BR-2026-0002", local("2026-11-24 10:10"), note="kort varsel")
    app = make_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.remind()
        app.remind()
        await pilot.pause()
        toasts = app.toasts
        assert sum("BR-2026-0002" in toast for toast in toasts) == 1
        assert not any("BR-2026-0004" in toast for toast in toasts)  # 14:30 is not near yet


async def choose_period(app, pilot, start: str, end: str) -> None:
    """On the statistics screen: a period from one date to another, as the advisor types it."""
    app.screen.query_one("#period", Select).value = "custom"
    await settle(pilot)
    app.screen.query_one("#start").value = start
    app.screen.query_one("#end").value = end
    app.screen.query_one("#end").focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_statistics_for_a_chosen_period(desk: Store):
    app = make_app(desk)
    async with app.run_test(size=(130, 45)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "2026-01-01 – 2026-12-31" in screen_as_text(app)
        await choose_period(app, pilot, "2026-11-01", "2026-11-30")
        text = screen_as_text(app)
        assert "2026-11-01 – 2026-11-30" in text
        assert "3 inquiries against 1 in 2026-10-01 – 2026-10-31 (+200 %)" in text
        app.screen.query_one("#end").value = "30-11-2026"
        await pilot.press("enter")
        await settle(pilot)
        assert "Write both dates" in screen_as_text(app)


async def test_statistics_bars_take_the_width_the_figures_leave(desk: Store):
    app = make_app(desk)

    def unit_row_has_a_bar() -> bool:
        row = next(line for line in screen_as_text(app).splitlines()
                   if "Psykiatri-" in line and "(" in line)
        return "█" in row

    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert unit_row_has_a_bar()
        await pilot.resize_terminal(120, 60)
        await settle(pilot)
        assert not unit_row_has_a_bar()  # every figure stays whole; the bar gives way
        assert "25 (–)" in screen_as_text(app)


async def test_the_list_shows_what_a_restored_year_file_holds(desk: Store, tmp_path):
    """A year file restored from a backup (or another folder's) holds other people under
    the same references and versions: after the poll, the rows and the search show them."""
    other = Store(tmp_path / "other", clock=Clock(NOW))
    other.import_inquiries([InquiryDraft(received_at=local("2026-11-16 10:00"),
                                         citizen=Citizen(name="Vera Vikar"), subject="Andet")
                            for _ in range(4)])
    app = make_app(desk, poll_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"Borger")
        await settle(pilot)
        assert "Borger Et" in screen_as_text(app)
        (desk.data_dir / "inquiries-2026.json").write_bytes(
            (other.data_dir / "inquiries-2026.json").read_bytes())
        started = time.monotonic()
        while time.monotonic() - started < 3.0 and not any(
                inquiry.citizen and inquiry.citizen.name == "Vera Vikar"
                for inquiry in app.data.inquiries):
            await pilot.pause(0.1)
        await settle(pilot)
        assert rows(app) == [] and "Borger Et" not in screen_as_text(app)  # still "Borger"
        await pilot.press(*["backspace"] * 6)
        await settle(pilot)
        text = screen_as_text(app)
        assert "Vera Vikar" in text and "Borger Et" not in text
