"""Registering an inquiry during a phone call or a visit: keyboard only, a few fields.

Tab moves between fields, Ctrl+S saves. Typing a phone number or e-mail shows the citizen's
earlier inquiries at once, before saving, so a repeat call about the same matter is noticed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, Static, TextArea

from store import (
    BorgerdeskError,
    Channel,
    Citizen,
    Department,
    InquiryDraft,
    Kind,
    Representative,
    Taxonomy,
)
from store.i18n import N_, _
from store.taxonomy import label
from tui.i18n import TranslatedScreen
from tui.text import literal, when
from tui.widgets.banner import StoreBanner


def department_options(taxonomy: Taxonomy) -> list[tuple[str, Department]]:
    """Each area, then its units indented; the values are Departments."""
    options = []
    for area, units in taxonomy.departments.items():
        options.append((area, Department(area=area)))
        options += [(f"  {unit}", Department(area=area, unit=unit)) for unit in units]
    return options


class NewInquiryScreen(TranslatedScreen):
    """A new inquiry: who, how to reach them, what it is about, where it belongs."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def compose(self) -> ComposeResult:
        taxonomy = self.app.store.taxonomy
        yield Header()
        yield StoreBanner()
        with VerticalScroll(id="form"):
            with Horizontal(classes="row"):
                yield Select([(label(c), c.value) for c in Channel], value=Channel.PHONE.value,
                             allow_blank=False, id="channel")
                yield Select([(label(k), k.value) for k in Kind], value=Kind.OTHER.value,
                             allow_blank=False, id="kind")
                yield Checkbox(_("Anonymous"), id="anonymous")
            yield Label(_("Citizen"))
            with Horizontal(classes="row"):
                yield Input(placeholder=_("Name"), id="name")
                yield Input(placeholder=_("Phone"), id="phone")
                yield Input(placeholder=_("E-mail"), id="email")
            yield Static(id="earlier")
            with Horizontal(classes="row"):
                yield Input(placeholder=_("On behalf of (name)"), id="behalf_name")
                yield Input(placeholder=_("Relation, e.g. daughter"), id="behalf_relation")
            yield Input(placeholder=_("Subject"), id="subject")
            yield TextArea(id="description")
            with Horizontal(classes="row"):
                yield Select(department_options(taxonomy), prompt=_("Department (if known)"),
                             id="department")
                yield Select([(taxonomy.topics.label(code), code)
                              for code in taxonomy.topics.codes],
                             prompt=_("Primary topic"), id="topic")
            yield Static(id="problem", classes="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#description", TextArea).border_title = _("Description")
        self.query_one("#name", Input).focus()

    def draft(self) -> InquiryDraft:
        def text(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value.strip()

        anonymous = self.query_one("#anonymous", Checkbox).value
        citizen = None if anonymous or not (text("name") or text("phone") or text("email")) \
            else Citizen(name=text("name"), phone=text("phone"), email=text("email"))
        behalf = (Representative(name=text("behalf_name"), relation=text("behalf_relation"))
                  if text("behalf_name") else None)
        department = self.query_one("#department", Select).value
        topic = self.query_one("#topic", Select).value
        return InquiryDraft(
            received_at=self.app.now(),
            channel=Channel(self.query_one("#channel", Select).value),
            kind=Kind(self.query_one("#kind", Select).value), citizen=citizen,
            on_behalf_of=behalf, subject=text("subject"),
            description=self.query_one("#description", TextArea).text.strip(),
            department=None if department is Select.NULL else department,
            primary_topic=None if topic is Select.NULL else str(topic))

    @on(Input.Changed, "#phone, #email")
    def _look_for_earlier(self) -> None:
        phone = self.query_one("#phone", Input).value
        email = self.query_one("#email", Input).value
        citizen = Citizen(phone=phone, email=email)
        if not citizen.contact_keys():
            self.query_one("#earlier", Static).update("")
            return
        self.app.run_in_store(lambda store: (citizen, store.earlier_inquiries(citizen)),
                              self._show_earlier, changes=False)

    def _show_earlier(self, found) -> None:
        citizen, earlier = found
        if (citizen.phone, citizen.email) != (self.query_one("#phone", Input).value,
                                              self.query_one("#email", Input).value):
            return  # typed on meanwhile: a newer lookup is on its way
        panel = self.query_one("#earlier", Static)
        if not earlier:
            panel.update("")
            return
        calendar = self.app.store.calendar
        lines = literal(_("Earlier inquiries from this citizen:"), "bold dark_orange")
        for inquiry in earlier[-5:]:
            lines.append(f"\n  {inquiry.ref}  {when(calendar, inquiry.received_at, False)}  "
                         f"{label(inquiry.status)}  ")
            lines.append(inquiry.subject)  # appended as plain text, never markup
        panel.update(lines)

    def unsaved_work(self) -> bool:
        """Anything typed or chosen beyond the defaults: leaving asks first."""
        return (any(field.value.strip() for field in self.query(Input))
                or bool(self.query_one("#description", TextArea).text.strip())
                or any(not select.is_blank() for select in self.query(Select)
                       if select.id in ("department", "topic")))

    def action_save(self) -> None:
        if not self.unsaved_work():  # an empty inquiry would use up a reference
            self.query_one("#problem", Static).update(_(
                "Write who the citizen is, a subject or a description first."))
            return
        try:
            draft = self.draft()
        except (BorgerdeskError, ValueError) as error:
            self.query_one("#problem", Static).update(literal(str(error)))
            return
        self.app.run_in_store(lambda store: store.create_inquiry(draft), self._saved,
                              self._refused)

    def _saved(self, inquiry) -> None:
        self.app.notify(_("Registered {ref}; answer by {day}").format(
            ref=inquiry.ref, day=when(self.app.store.calendar, inquiry.response_due, False)))
        self.app.pop_screen()
        self.app.open_inquiry(inquiry.ref)

    def _refused(self, error: BorgerdeskError) -> None:
        self.query_one("#problem", Static).update(literal(str(error)))

    def action_cancel(self) -> None:
        self.app.unless_work_is_lost([self], self.app.pop_screen)
