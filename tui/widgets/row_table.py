"""A table that shows every row however many there are, fast: only the lines on screen are
drawn (Textual's line API) and only their cells are built, so filling it with 33,000 inquiries
costs a list of keys, where a DataTable builds an object per row on every keystroke.

Columns have a minimum width and a share of the width left over, so they fill the terminal
instead of being cut; the sorted column's header carries ▲ or ▼.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.i18n import N_


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # at least this many cells
    grow: int = 0  # share of the width left over


class RowTable(ScrollView, can_focus=True):
    """Rows of Text cells under a fixed header line; Enter or a click selects a row."""

    DEFAULT_CSS = """
    RowTable { height: 1fr; }
    RowTable > .row-table--header { text-style: bold; background: $panel; }
    RowTable > .row-table--cursor { background: $accent 40%; }
    RowTable:focus > .row-table--cursor { background: $accent; color: $text; }
    """
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor"}
    BINDINGS = [
        Binding("up", "move(-1)", N_("Move"), show=False),
        Binding("down", "move(1)", N_("Move"), show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1000000000)", show=False),
        Binding("end", "move(1000000000)", show=False),
        Binding("enter", "select", N_("Open the inquiry"), show=False),
    ]

    class RowSelected(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class HeaderSelected(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, columns: list[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.row_keys: list[str] = []
        self._cells_of: Callable[[str], tuple[Text, ...]] = lambda key: ()
        self.cursor_row = 0
        self.sort_key: str | None = None
        self.sort_reverse = False

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, keys: list[str], cells_of: Callable[[str], tuple[Text, ...]]) -> None:
        """Replace every row by its key; ``cells_of(key)`` is asked only for rows drawn.
        The cursor stays on the same row if it is still there."""
        selected = self.row_keys[self.cursor_row] if self.row_keys else None
        self.row_keys, self._cells_of = keys, cells_of
        self.cursor_row = (keys.index(selected) if selected in keys else 0)
        self._set_height(len(keys) + 1)
        self._cursor_into_view()
        self.refresh()

    def _set_height(self, lines: int) -> None:
        """The scrolling height. Setting ``virtual_size`` lays out the whole screen, a frame
        later than the table is drawn; while the scrollbar stays, the height and the bar are
        changed in place instead, so a keystroke in the search redraws only the table."""
        size = Size(self.size.width, lines)
        if not (self.show_vertical_scrollbar and lines > self.size.height):
            self.virtual_size = size  # the scrollbar comes or goes: a layout is needed
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self.vertical_scrollbar.window_virtual_size = lines

    def get_row(self, key: str) -> tuple[Text, ...]:
        return self._cells_of(key)

    def show_sort(self, key: str, reverse: bool) -> None:
        self.sort_key, self.sort_reverse = key, reverse
        self.refresh()

    def widths(self) -> list[int]:
        """Each column's width: its minimum, plus its share of what the terminal has left."""
        available = self.scrollable_content_region.width - (len(self.columns) - 1)
        spare = max(0, available - sum(column.width for column in self.columns))
        shares = sum(column.grow for column in self.columns) or 1
        widths = [column.width + spare * column.grow // shares for column in self.columns]
        grower = next((i for i, column in enumerate(self.columns) if column.grow), None)
        if grower is not None and spare:  # the remainder of the division, to one column
            widths[grower] += max(0, available - sum(widths))
        return widths

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            cells = [Text(column.title + self._arrow(column.key)) for column in self.columns]
            return self._strip(cells, self.get_component_rich_style("row-table--header"), width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.row_keys):
            return Strip.blank(width, self.rich_style)
        style = (self.get_component_rich_style("row-table--cursor")
                 if index == self.cursor_row else self.rich_style)
        return self._strip(list(self._cells_of(self.row_keys[index])), style, width)

    def _arrow(self, key: str) -> str:
        return (" ▼" if self.sort_reverse else " ▲") if key == self.sort_key else ""

    def _strip(self, cells: list[Text], style: Style, width: int) -> Strip:
        line = Text(no_wrap=True, end="")
        for cell, cell_width in zip(cells, self.widths(), strict=True):
            shown = cell.copy()
            shown.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append_text(shown)
            line.append(" ")
        line.truncate(width, pad=True)
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, post_style=None, style=style), width)

    # -- moving ----------------------------------------------------------------------------
    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _cursor_into_view(self) -> None:
        top, height = self.scroll_offset.y, self._page_height()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)

    def action_move(self, rows: int) -> None:
        if self.row_keys:
            self.cursor_row = min(max(self.cursor_row + rows, 0), len(self.row_keys) - 1)
            self._cursor_into_view()
            self.refresh()

    def action_page(self, pages: int) -> None:
        self.action_move(pages * self._page_height())

    def action_select(self) -> None:
        if self.row_keys:
            self.post_message(self.RowSelected(self.row_keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            left = 0
            for column, width in zip(self.columns, self.widths(), strict=True):
                if left <= event.x < left + width + 1:
                    self.post_message(self.HeaderSelected(column.key))
                    return
                left += width + 1
            return
        index = self.scroll_offset.y + event.y - 1
        if index < len(self.row_keys):
            self.cursor_row = index
            self.refresh()
            self.action_select()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.row_keys) + 1)
        self.refresh()
