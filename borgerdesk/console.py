"""Terminal output of the command line: messages, errors and the list of what is due."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from store import DueItem, DueKind, Store, Urgency
from store.i18n import N_, _

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

URGENCY_STYLES = {Urgency.OVERDUE: "bold red", Urgency.TODAY: "yellow", Urgency.SOON: ""}
URGENCY_LABELS = {Urgency.OVERDUE: N_("Overdue"), Urgency.TODAY: N_("Today"),
                  Urgency.SOON: N_("Soon")}


def error(message: str) -> None:
    """Print an error; ``message`` is shown literally (it may contain brackets, or a path
    with bytes that are not UTF-8: those are shown escaped instead of failing)."""
    label = _("Error")
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    err.print(f"[bold red]{escape(label)}:[/] {escape(message)}", soft_wrap=True)


def done(message: str) -> None:
    out.print(f"[green]✓[/] {escape(message)}", soft_wrap=True)


def report(message: str) -> None:
    """Like ``done``, on standard error: for commands whose standard output is data."""
    err.print(f"[green]✓[/] {escape(message)}", soft_wrap=True)


def agenda_table(store: Store, items: list[DueItem]) -> Table:
    table = Table(title=_("Due"), title_justify="left")
    for header in (_("When"), _("Reference"), _("What"), _("Due"), _("Subject")):
        table.add_column(header)
    for item in items:
        what = _("First response") if item.kind is DueKind.FIRST_RESPONSE else _("Call-back")
        due = store.calendar.short_text(item.due_at, with_time=True)
        table.add_row(_(URGENCY_LABELS[item.urgency]), item.ref, what, due,
                      escape(item.subject), style=URGENCY_STYLES[item.urgency])
    return table
