"""Classifying an inquiry: kind, department, topics, handling, taken up, meetings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from store import Inquiry, Kind, Taxonomy
from store.i18n import _
from store.taxonomy import label
from tui.dialogs.base import Dialog
from tui.screens.new_inquiry import department_options


class ClassifyDialog(Dialog[dict | None]):
    """Returns the changed classification fields, or None when cancelled."""

    def __init__(self, inquiry: Inquiry, taxonomy: Taxonomy) -> None:
        super().__init__()
        self.inquiry, self.taxonomy = inquiry, taxonomy

    def compose(self) -> ComposeResult:
        inquiry, taxonomy = self.inquiry, self.taxonomy
        department = inquiry.department
        with VerticalScroll(classes="dialog wide"):
            yield Label(_("Classify {ref}").format(ref=inquiry.ref), classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(_("Kind"))
                yield Label(_("Department"))
            with Horizontal(classes="row"):
                yield Select([(label(k), k.value) for k in Kind], value=inquiry.kind.value,
                             allow_blank=False, id="kind")
                yield Select(department_options(taxonomy), prompt=_("Department"),
                             value=department or Select.NULL,
                             id="department")
            with Horizontal(classes="row"):
                yield Label(_("Primary topic"))
                yield Label(_("Taken up"))
                yield Label(_("Meetings attended"))
            with Horizontal(classes="row"):
                yield Select([(taxonomy.topics.label(c), c) for c in taxonomy.topics.codes],
                             prompt=_("Primary topic"),
                             value=inquiry.primary_topic or Select.NULL, id="primary")
                yield Checkbox(_("Taken up for closer handling"), inquiry.taken_up,
                               id="taken_up")
                yield Input(str(inquiry.meetings), id="meetings", type="integer")
            with Horizontal(classes="row tall"):
                yield SelectionList[str](*[
                    (taxonomy.topics.label(code), code, code in inquiry.topics)
                    for code in taxonomy.topics.codes], id="topics")
                yield SelectionList[str](*[
                    (taxonomy.handling.label(code), code, code in inquiry.handling)
                    for code in taxonomy.handling.codes], id="handling")
            yield Static(id="problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#topics").border_title = _("Topics involved")
        self.query_one("#handling").border_title = _("Handling")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        meetings = self.query_one("#meetings", Input).value.strip() or "0"
        if not meetings.isdigit():
            self.query_one("#problem", Static).update(_("Meetings must be a whole number."))
            return
        department = self.query_one("#department", Select).value
        primary = self.query_one("#primary", Select).value
        chosen = {
            "kind": Kind(self.query_one("#kind", Select).value),
            "department": None if department is Select.NULL else department,
            "primary_topic": None if primary is Select.NULL else str(primary),
            "topics": tuple(self.query_one("#topics", SelectionList).selected),
            "handling": tuple(self.query_one("#handling", SelectionList).selected),
            "taken_up": self.query_one("#taken_up", Checkbox).value,
            "meetings": int(meetings),
        }
        # Only what was edited: applied on top of a colleague's change, the rest stays theirs.
        self.dismiss({name: value for name, value in chosen.items()
                      if value != getattr(self.inquiry, name)})

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
