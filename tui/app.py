"""The advisor's terminal UI: the app, its data and the way it keeps up with other processes.

The store is synchronous, so every store call runs in a thread worker and comes back to the
UI with ``call_from_thread``; the UI never waits on a file. The app polls the store's change
token (a stat of each year file) and reloads when another process, such as the chat bot,
filed or changed an inquiry, telling the advisor with a toast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store import BorgerdeskError, DueItem, Inquiry, Store
from store.agenda import callbacks_to_remind
from store.i18n import N_, _
from tui.i18n import translate_bindings
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.screens.inquiries import InquiryListScreen
from tui.screens.new_inquiry import NewInquiryScreen


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
        Binding("f2", "dashboard", N_("Due"), id="dashboard"),
        Binding("f3", "inquiry_list", N_("Inquiries"), id="inquiries"),
        Binding("f4", "new_inquiry", N_("New"), id="new"),
        Binding("f5", "statistics", N_("Statistics"), id="statistics"),
        Binding("f1", "help", N_("Help"), id="help"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(self, store: Store, settings: TuiSettings | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.settings = settings or TuiSettings()
        self.sub_title = self.settings.office_name
        self.inquiries: list[Inquiry] = []
        self.agenda: list[DueItem] = []
        self.unread: dict[str, int] = {}  # citizens' messages the advisor has not opened
        self.loaded = False
        self._token: object = None
        self._reminded: set[tuple[str, int | None, datetime]] = set()

    def now(self) -> datetime:
        return self.store.clock()

    def on_load(self) -> None:
        """Start loading before the first screen is built: the two overlap."""
        self._token = self.store.change_token()
        self.reload()

    def on_mount(self) -> None:
        self.push_screen(DashboardScreen())
        self.set_interval(self.settings.poll_seconds, self.check_for_changes)

    # -- data ----------------------------------------------------------------------------
    def check_for_changes(self) -> None:
        token = self.store.change_token()
        if token != self._token:
            self._token = token
            self.reload()
        self.remind()

    def remind(self) -> None:
        """A toast for each timed call-back coming up, once (the scheduler's own rule)."""
        lead = timedelta(minutes=self.settings.lead_minutes)
        calendar = self.store.calendar
        for item in callbacks_to_remind(self.inquiries, self.now(), calendar, lead):
            key = (item.ref, item.callback_id, item.due_at)
            if key not in self._reminded:
                self._reminded.add(key)
                self.notify(_("Call-back {ref} at {time}").format(
                    ref=item.ref, time=calendar.short_text(item.due_at, with_time=True)),
                    title=_("Call-back soon"), timeout=30)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload(self) -> None:
        inquiries = self.store.inquiries()
        agenda = self.store.agenda(self.now())
        unread = self.store.chat.unread(inquiries)
        self.call_from_thread(self._loaded, inquiries, agenda, unread)

    def _loaded(self, inquiries: list[Inquiry], agenda: list[DueItem],
                unread: dict[str, int]) -> None:
        if self.loaded:
            known = {inquiry.ref for inquiry in self.inquiries}
            for inquiry in inquiries:
                if inquiry.ref not in known:
                    self.notify(_("New inquiry {ref} ({channel})").format(
                        ref=inquiry.ref, channel=inquiry.channel), title=_("New"))
            for ref, count in unread.items():
                if count > self.unread.get(ref, 0):
                    self.notify(_("New message from the citizen in {ref}").format(ref=ref),
                                title=_("Message"))
        self.inquiries, self.agenda, self.loaded = inquiries, agenda, True
        self.unread = unread
        for screen in self.screen_stack:  # screens that show inquiries have show_data()
            if hasattr(screen, "show_data"):
                screen.show_data()

    def run_in_store(self, action: Callable[[Store], Any],
                     done: Callable[[Any], None] | None = None,
                     failed: Callable[[BorgerdeskError], None] | None = None, *,
                     changes: bool = True) -> None:
        """Run one store call in a thread worker; ``done`` gets its result on the UI thread,
        and a BorgerdeskError goes to ``failed`` or becomes an error toast. After a call that
        ``changes`` inquiries, every screen is reloaded."""
        self._store_worker(action, done, failed, changes)

    @work(thread=True, group="store", exit_on_error=False)
    def _store_worker(self, action: Callable[[Store], Any],
                      done: Callable[[Any], None] | None,
                      failed: Callable[[BorgerdeskError], None] | None,
                      changes: bool) -> None:
        try:
            result = action(self.store)
        except BorgerdeskError as error:
            self.call_from_thread(failed or self.show_error, error)
            return
        self.call_from_thread(self._after_store_call, result, done, changes)

    def _after_store_call(self, result: Any, done: Callable[[Any], None] | None,
                          changes: bool) -> None:
        if changes:
            self._token = None  # reload now, which also updates every screen
            self.check_for_changes()
        if done is not None:
            done(result)

    def show_error(self, error: BorgerdeskError) -> None:
        self.notify(str(error), title=_("Error"), severity="error", markup=False)

    # -- navigation ----------------------------------------------------------------------
    def _switch_to(self, screen_type: type[Screen], factory: Callable[[], Screen]) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, screen_type):
                while self.screen is not screen:
                    self.pop_screen()
                return
        self.push_screen(factory())

    def action_dashboard(self) -> None:
        self._switch_to(DashboardScreen, DashboardScreen)

    def action_inquiry_list(self) -> None:
        self._switch_to(InquiryListScreen, InquiryListScreen)

    def action_new_inquiry(self) -> None:
        self.push_screen(NewInquiryScreen())

    def action_statistics(self) -> None:
        from tui.screens.statistics import StatisticsScreen

        self._switch_to(StatisticsScreen, StatisticsScreen)

    def action_help(self) -> None:
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
