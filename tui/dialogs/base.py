"""What every dialog shares: Ctrl+S saves and Escape cancels, its own keys in its own footer,
and the cursor in the first field (never on a container that cannot be typed into)."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding

from store.i18n import N_
from tui.i18n import TranslatedModalScreen

ResultType = TypeVar("ResultType")


class Dialog(TranslatedModalScreen[ResultType]):
    """A form over a screen; subclasses compose a ``Footer`` last and define ``action_save``
    (which dismisses with the result); cancelling dismisses with None."""

    AUTO_FOCUS = "Input, Select, TextArea, Checkbox, SelectionList, Button"
    BINDINGS = [Binding("ctrl+s", "save", N_("Save"), priority=True),
                Binding("escape", "cancel", N_("Cancel"))]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
