"""A banner on every screen while the store cannot be used, naming the file."""

from __future__ import annotations

from textual.widgets import Static

from store.i18n import _
from tui.text import literal


class StoreBanner(Static):
    """Hidden while the store works; otherwise what is wrong and that the data shown is
    the last read. It stays until the store works again (``DeskData`` says when)."""

    DEFAULT_CSS = """
    StoreBanner { background: $error; color: $text; padding: 0 1; display: none; }
    StoreBanner.shown { display: block; }
    """

    def on_mount(self) -> None:
        self.show_problem(self.app.data.problem)

    def show_problem(self, problem: str) -> None:
        self.set_class(bool(problem), "shown")
        self.update(literal("⚠ " + problem + "\n" + _(
            "Nothing is lost: the screen shows the data last read, and this goes away when "
            "the file works again.")) if problem else "")
