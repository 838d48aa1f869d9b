"""Scheduling a call-back: a day and a time in office time, and a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from store import OfficeCalendar
from store.i18n import N_, _
from tui.dialogs.base import Dialog

DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?$")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class CallbackInput:
    due_at: datetime
    note: str


def parse_due(calendar: OfficeCalendar, today: date, day_text: str,
              time_text: str) -> datetime:
    """"27/11" or "27-11-2026" and "14:30" -> a moment in office time; ValueError if not."""
    day_match, clock_match = DAY.match(day_text.strip()), CLOCK.match(time_text.strip())
    if not day_match:
        raise ValueError(_("Write the day as 27/11 or 27-11-2026."))
    if not clock_match:
        raise ValueError(_("Write the time as 14:30."))
    day, month, year = day_match.groups()
    due_day = date(int(year or today.year), int(month), int(day))
    if not year and due_day < today:
        due_day = due_day.replace(year=today.year + 1)
    clock = time(int(clock_match.group(1)), int(clock_match.group(2)))
    return datetime.combine(due_day, clock, tzinfo=calendar.timezone)


class CallbackDialog(Dialog[CallbackInput | None]):
    """A day and a time, suggested; typing moves in the field rather than replacing it."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Schedule"), priority=True)]

    def __init__(self, calendar: OfficeCalendar, now: datetime) -> None:
        super().__init__()
        self.calendar, self.now = calendar, now

    def compose(self) -> ComposeResult:
        suggested = self.calendar.next_working_day(self.calendar.local_date(self.now))
        with Vertical(classes="dialog"):
            yield Label(_("Schedule a call-back"), classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(_("Day"))
                yield Label(_("Time"))
            with Horizontal(classes="row"):
                yield Input(f"{suggested.day}/{suggested.month}", id="day",
                            select_on_focus=False)
                yield Input("10:00", id="time", select_on_focus=False)
            yield Label(_("Note"))
            yield Input(placeholder=_("e.g. what to find out first"), id="note")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Schedule"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        try:
            due_at = parse_due(self.calendar, self.calendar.local_date(self.now),
                               self.query_one("#day", Input).value,
                               self.query_one("#time", Input).value)
        except ValueError as error:
            self.query_one("#problem", Static).update(str(error))
            return
        self.dismiss(CallbackInput(due_at, self.query_one("#note", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
