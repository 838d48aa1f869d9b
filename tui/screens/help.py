"""The key map and a few words on how Borgerdesk works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from store.i18n import N_, _
from tui.i18n import TranslatedScreen

KEYS = [
    (N_("Everywhere"), [("F2", N_("What is due: overdue, today, soon")),
                        ("F3", N_("All inquiries: search and filter")),
                        ("F4", N_("Register a new inquiry")),
                        ("F5", N_("Statistics for a period")),
                        ("F1", N_("This help")),
                        ("Ctrl+P", N_("Command palette: every action by name")),
                        ("Ctrl+Q", N_("Quit"))]),
    (N_("Lists"), [("↑ ↓", N_("Move")), ("Enter", N_("Open the inquiry")),
                   ("Ctrl+F", N_("Search")), (N_("Click a header"), N_("Sort by it"))]),
    (N_("New inquiry"), [("Tab", N_("Next field")), ("Ctrl+S", N_("Save")),
                         ("Esc", N_("Cancel"))]),
    (N_("An inquiry"), [("J", N_("Add a note, call, e-mail, letter or meeting")),
                        ("A", N_("Answer the citizen in their chat or by e-mail")),
                        ("C", N_("Schedule a call-back")),
                        ("D", N_("Mark a call-back done (the first one answers)")),
                        ("K", N_("Classify: kind, department, topics, handling")),
                        ("O / W", N_("Set open / waiting")),
                        ("X", N_("Close with the outcome")),
                        ("R", N_("Reject with a reason")), ("Esc", N_("Back"))]),
]


class HelpScreen(TranslatedScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"))]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Static(_(
                "Every inquiry must have a first answer within the office's working-day "
                "target. The answer-by date counts working days in office time; weekends, "
                "public holidays and receipts after closing time move it on. Completing a "
                "call-back, a journal entry marked as the answer, or closing the inquiry "
                "counts as the first answer."), id="intro")
            for section, keys in KEYS:
                table = Table(title=_(section), title_justify="left", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column(style="bold cyan", min_width=14)
                table.add_column()
                for key, meaning in keys:
                    table.add_row(_(key), _(meaning))
                yield Static(table, classes="keys")
        yield Footer()
