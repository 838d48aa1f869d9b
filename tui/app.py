"""The advisor's terminal UI: the app, its screens and the way it keeps up with other processes.

Every store call goes through the app's data layer (``tui.data.DeskData``), which runs it in a
thread worker, polls the store's change token (a stat of each year file) to reload when another
process, such as the chat bot, filed or changed an inquiry, and turns every failure into a
toast and a banner: the UI never waits on a file and never fails silently. Only the dashboard
is imported with the app; every other screen and dialog when first opened (a faster start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from store import BorgerdeskError, Store
from store.agenda import callbacks_to_remind
from store.i18n import N_, _
from tui.data import DeskData
from tui.screens.dashboard import DashboardScreen
from tui.widgets.banner import StoreBanner

FIRST_DATA_WAIT = 0.3  # seconds the first screen waits for its data before showing "Loading…"


@dataclass(frozen=True)
class TuiSettings:
    """What the TUI needs from the configuration."""

    office_name: str = "Borgerrådgiveren"
    poll_seconds: float = 1.0
    lead_minutes: int = 15  # a toast this long before a timed call-back


class BorgerdeskApp(App[None]):
    """Borgerdesk for the advisor: what is due, every inquiry, new ones, statistics."""

    CSS_PATH = "borgerdesk.tcss"
    TITLE = "Borgerdesk"
    BINDINGS = [
        Binding("f2", "dashboard", N_("Due"), tooltip=N_("What is due: overdue, today, soon"),
                id="dashboard"),
        Binding("f3", "inquiry_list", N_("Inquiries"),
                tooltip=N_("All inquiries: search and filter"), id="inquiries"),
        Binding("f4", "new_inquiry", N_("New"), tooltip=N_("Register a new inquiry"), id="new"),
        Binding("f5", "statistics", N_("Statistics"), tooltip=N_("Statistics for a period"),
                id="statistics"),
        Binding("f1", "help", N_("Help"), tooltip=N_("This help"), id="help"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(self, store: Store, settings: TuiSettings | None = None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or TuiSettings()
        self.sub_title = self.settings.office_name
        self.COMMAND_PALETTE_DISPLAY = _("palette")  # the footer's word for Ctrl+P
        self.data = DeskData(self, store)
        self._reminded: set[tuple[str, int | None, datetime]] = set()

    def action_command_palette(self) -> None:
        """Textual's command palette, its placeholder in the advisor's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def now(self) -> datetime:
        return self.store.clock()

    def on_load(self) -> None:
        """Start loading before the first screen is built: the two overlap."""
        self.data.load()

    def on_mount(self) -> None:
        """The dashboard comes with its data (or the failure to read it), drawn once, not
        first drawn as "Loading…" while the data is read; after ``FIRST_DATA_WAIT`` it comes
        anyway, saying it is loading."""
        self.set_timer(FIRST_DATA_WAIT, self._show_dashboard)
        self.set_interval(self.settings.poll_seconds, self.check_for_changes)

    def _show_dashboard(self) -> None:
        if len(self.screen_stack) == 1:  # only Textual's own empty screen: nothing shown yet
            self.push_screen(DashboardScreen())

    # -- data ----------------------------------------------------------------------------
    def check_for_changes(self) -> None:
        self.data.poll()
        self.remind()

    def remind(self) -> None:
        """A toast for each timed call-back coming up, once (the scheduler's own rule)."""
        lead = timedelta(minutes=self.settings.lead_minutes)
        calendar = self.store.calendar
        for item in callbacks_to_remind(self.data.inquiries, self.now(), calendar, lead):
            key = (item.ref, item.callback_id, item.due_at)
            if key not in self._reminded:
                self._reminded.add(key)
                self.notify(_("Call-back {ref} at {time}").format(
                    ref=item.ref, time=calendar.short_text(item.due_at, with_time=True)),
                    title=_("Call-back soon"), timeout=30)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of finished and failed workers (see ``tui.data``)."""
        self.data.worker_changed(event.worker)

    def run_in_store(self, action: Callable[[Store], Any],
                     done: Callable[[Any], None] | None = None,
                     failed: Callable[[BorgerdeskError], None] | None = None, *,
                     changes: bool = True) -> None:
        """A store call in a thread worker (``DeskData.call``)."""
        self.data.call(action, done, failed, changes=changes)

    def tell_screens(self, message: type[Message]) -> None:
        for screen in self.screen_stack:
            screen.post_message(message())
        self._show_dashboard()  # the first data: a new dashboard shows it when mounted

    def show_problem(self, problem: str) -> None:
        """Show (or, when empty, hide) the banner on every screen."""
        for screen in self.screen_stack:
            for banner in screen.query(StoreBanner):
                banner.show_problem(problem)

    def show_error(self, error: BorgerdeskError) -> None:
        self.notify(str(error), title=_("Error"), severity="error", markup=False)

    # -- navigation ----------------------------------------------------------------------
    def unless_work_is_lost(self, screens: Iterable[Screen], then: Callable[[], Any]) -> None:
        """Run ``then`` at once, or after asking if it would throw away a half-filled form
        among ``screens`` (a screen says so with ``unsaved_work()``)."""
        if not any(getattr(screen, "unsaved_work", bool)() for screen in screens):
            then()
            return
        from tui.dialogs.confirm import ConfirmDialog

        self.push_screen(ConfirmDialog(_("Throw away the inquiry you are registering?"),
                                       _("Throw away")),
                         lambda yes: then() if yes else None)

    async def action_quit(self) -> None:
        self.unless_work_is_lost(self.screen_stack, self.exit)

    def _switch_to(self, screen_type: type[Screen], factory: Callable[[], Screen]) -> None:
        """Back to the screen of this type, or a new one; a form on top is left (asking
        first if something was typed), never kept hidden under the new screen."""
        stack = self.screen_stack
        target = next((screen for screen in stack if isinstance(screen, screen_type)), None)
        leaving = (stack[stack.index(target) + 1:] if target is not None
                   else [screen for screen in stack[-1:] if hasattr(screen, "unsaved_work")])

        def switch() -> None:
            while self.screen is not target and (target is not None or self.screen in leaving):
                self.pop_screen()
            if target is None:
                self.push_screen(factory())

        self.unless_work_is_lost(leaving, switch)

    def action_dashboard(self) -> None:
        self._switch_to(DashboardScreen, DashboardScreen)

    def action_inquiry_list(self) -> None:
        from tui.screens.inquiries import InquiryListScreen

        self._switch_to(InquiryListScreen, InquiryListScreen)

    def action_new_inquiry(self) -> None:
        from tui.screens.new_inquiry import NewInquiryScreen

        self.push_screen(NewInquiryScreen())

    def action_statistics(self) -> None:
        from tui.screens.statistics import StatisticsScreen

        self._switch_to(StatisticsScreen, StatisticsScreen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_inquiry(self, ref: str) -> None:
        from tui.screens.detail import InquiryDetailScreen

        self.push_screen(InquiryDetailScreen(ref))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action in the command palette, the current screen's first."""
        actions = getattr(screen, "palette_actions", list)()
        for title, help_text, callback in actions:
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand(_("Due today"), _("Overdue, today and soon"), self.action_dashboard)
        yield SystemCommand(_("All inquiries"), _("Search and filter"),
                            self.action_inquiry_list)
        yield SystemCommand(_("New inquiry"), _("Register a call or a visit"),
                            self.action_new_inquiry)
        yield SystemCommand(_("Statistics"), _("Figures for a period"),
                            self.action_statistics)
        yield SystemCommand(_("Help"), _("Keys and how Borgerdesk works"), self.action_help)
        yield SystemCommand(_("Quit"), _("Leave Borgerdesk"), self.exit)
