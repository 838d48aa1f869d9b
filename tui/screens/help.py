"""The key map, built from the bindings themselves (so it cannot go stale), and a few words
on how Borgerdesk works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from store.i18n import N_, _
from tui.i18n import TranslatedScreen

TEXTUAL_KEYS = {  # Textual's own keys, which no BINDINGS of ours hold
    N_("Everywhere"): [Binding("ctrl+p", "", N_("Command palette: every action by name"))],
    N_("New inquiry"): [Binding("tab", "", N_("Next field"))],
}
KEY_NAMES = {"escape": "Esc", "enter": "Enter", "tab": "Tab", "up": "↑", "down": "↓",
             "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End"}


def key_name(key: str) -> str:
    """'ctrl+s' -> 'Ctrl+S', 'f2' -> 'F2', 'escape' -> 'Esc', 'j' -> 'J'."""
    return "+".join(KEY_NAMES.get(part, part.capitalize() if len(part) > 1 else part.upper())
                    for part in key.split("+"))


def key_sections(app_bindings: list[Binding]) -> list[tuple[str, list[Binding]]]:
    """Each section's bindings, read from the classes that hold them."""
    from tui.dialogs.base import Dialog
    from tui.screens.detail import InquiryDetailScreen
    from tui.screens.inquiries import InquiryListScreen
    from tui.screens.new_inquiry import NewInquiryScreen
    from tui.widgets.row_table import RowTable

    sections = [(N_("Everywhere"), app_bindings),
                (N_("Lists"), [*RowTable.BINDINGS, *InquiryListScreen.BINDINGS]),
                (N_("New inquiry"), NewInquiryScreen.BINDINGS),
                (N_("An inquiry"), InquiryDetailScreen.BINDINGS),
                (N_("Dialogs"), Dialog.BINDINGS)]
    return [(title, [binding for binding in [*bindings, *TEXTUAL_KEYS.get(title, [])]
                     if isinstance(binding, Binding) and binding.description])
            for title, bindings in sections]


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
            for section, bindings in key_sections(self.app.BINDINGS):
                table = Table(title=_(section), title_justify="left", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column(style="bold cyan", min_width=14)
                table.add_column()
                shown: dict[str, list[str]] = {}  # one line per meaning: "↑ ↓  Move"
                for binding in bindings:
                    meaning = _(binding.tooltip or binding.description)
                    shown.setdefault(meaning, []).append(key_name(binding.key))
                for meaning, keys in shown.items():
                    table.add_row(" ".join(keys), meaning)
                yield Static(table, classes="keys")
        yield Footer()
