"""``borgerdesk check``: is this installation ready to use? Each finding on its own line."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from borgerdesk.config import Settings
from borgerdesk.console import out
from borgerdesk.findings import Finding, Outcome, file_findings
from store import BorgerdeskError, Store
from store.i18n import _, ngettext
from store.taxonomy import Delivery

ANSWER_GRACE = timedelta(minutes=1)  # a running service sends within a second or two


def findings(settings: Settings) -> Iterator[Finding]:
    yield from _configuration(settings)
    yield from _data_folder(settings.data_dir)
    store = None
    if settings.data_dir.is_dir():
        try:
            store = Store(settings.data_dir, settings.store_settings())
            count = len(store.inquiries())
        except (BorgerdeskError, OSError, ValueError) as error:
            store = None
            yield Finding(Outcome.FAILED, _("Database"), str(error))
        else:
            yield from _database(settings, store, count)
    yield from _protection(settings, store)
    if store is not None:
        yield from _answers(store)


def _answers(store: Store) -> Iterator[Finding]:
    """Answers to citizens that wait because no service runs, or that were not delivered."""
    waiting = [] if store.outbox.sender_running() else store.outbox.waiting(ANSWER_GRACE)
    failed = sorted({inquiry.ref for inquiry, _entry in store.outbox.entries(Delivery.FAILED)})
    if waiting:
        yield Finding(Outcome.WARNING, _("Answers"), _(
            "{count} answers to citizens wait to be sent, and no service runs (borgerdesk "
            "serve)").format(count=len(waiting)))
    if failed:
        yield Finding(Outcome.WARNING, _("Answers"), _(
            "not delivered to the citizen in {refs}: reach them another way").format(
            refs=", ".join(failed)))
    if not waiting and not failed:
        yield Finding(Outcome.OK, _("Answers"), _("none waiting or undelivered"))


def _protection(settings: Settings, store: Store | None) -> Iterator[Finding]:
    """What protects citizens' data besides file permissions, for the record."""
    intake, privacy = settings.config.intake, settings.config.privacy
    yield Finding(Outcome.OK, _("Request limits"), _(
        "{size} KB a request, {count} messages a minute per sender; signatures compared in "
        "constant time").format(size=intake.max_body_kb, count=intake.messages_per_minute))
    due, failed = 0, []
    if store is not None:
        try:
            due = len(store.privacy.due_for_anonymisation(privacy.retention_months))
            failed = store.desk.marked("failed:")
        except (BorgerdeskError, OSError, ValueError, AttributeError, TypeError):
            pass  # a damaged desk.json: file_findings named it
    notifiers = sorted({key.split(":")[1] for key in failed})
    yield Finding(Outcome.WARNING if failed else Outcome.OK, _("Notifications"), _(
        "{count} failed to send in the last week ({notifiers})").format(
        count=len(failed), notifiers=", ".join(notifiers) or "-"))
    yield Finding(Outcome.WARNING if due else Outcome.OK, _("Retention"), _(
        "closed inquiries are anonymised after {months} months; {due} are due now (borgerdesk "
        "purge)").format(months=privacy.retention_months, due=due))


def _configuration(settings: Settings) -> Iterator[Finding]:
    source = (str(settings.config_file) if settings.config_file
              else _("no file; built-in defaults"))
    yield Finding(Outcome.OK, _("Configuration"), source)
    platforms = settings.config.intake.platforms
    missing = settings.secrets.missing_for(platforms, settings.config.reminders.notify,
                                           settings.config.intake.slack_mode)
    if missing:
        yield Finding(Outcome.FAILED, _("Secrets"),
                      _("not set in the environment: {names}").format(names=", ".join(missing)))
    else:
        yield Finding(Outcome.OK, _("Secrets"), _("present for {platforms}").format(
            platforms=", ".join(platforms) or "-"))


def _data_folder(data_dir: Path) -> Iterator[Finding]:
    if not data_dir.exists():
        yield _not_yet_there(data_dir)
        return
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    if mode & 0o077:
        yield Finding(Outcome.FAILED, _("Data folder"),
                      _("{path} is readable by others (mode {mode:o}); use chmod 700").format(
                          path=data_dir, mode=mode))
    else:
        yield Finding(Outcome.OK, _("Data folder"), str(data_dir))
    try:
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".check-"):
            pass
    except OSError as error:
        yield Finding(Outcome.FAILED, _("Data folder"),
                      _("not writable: {reason}").format(reason=error.strerror))
    yield from file_findings(data_dir)


def _not_yet_there(data_dir: Path) -> Finding:
    """A missing folder is fine if it can be created: the nearest folder above it that
    exists must be a folder, and writable (a file on the way makes it impossible)."""
    above = data_dir.absolute().parent
    while not above.exists() and not above.is_symlink():
        above = above.parent
    if not above.is_dir() or not os.access(above, os.W_OK | os.X_OK):
        return Finding(Outcome.FAILED, _("Data folder"), _(
            "{path} does not exist and cannot be created ({above} is not a writable "
            "folder)").format(path=data_dir, above=above))
    return Finding(Outcome.WARNING, _("Data folder"),
                   _("{path} does not exist yet; it is created on first use").format(
                       path=data_dir))


def _database(settings: Settings, store: Store, count: int) -> Iterator[Finding]:
    years = store.years()
    yield Finding(Outcome.OK, _("Database"), ngettext(
        "{count} inquiry in {years}", "{count} inquiries in {years}", count).format(
        count=count, years=", ".join(map(str, years)) or "-"))
    for path in sorted(settings.data_dir.glob("*.json")):
        if not os.access(path, os.R_OK | os.W_OK):
            yield Finding(Outcome.FAILED, _("Database"),
                          _("{file} is not readable and writable").format(file=path.name))


def run_check(settings: Settings) -> int:
    """Print every finding; exit code 1 if anything failed (warnings do not fail)."""
    table = Table(show_header=False, box=None)
    for _column in range(3):  # a long path is folded, never cut short
        table.add_column(overflow="fold")
    failed = False
    for finding in findings(settings):
        failed |= finding.outcome is Outcome.FAILED
        table.add_row(finding.outcome.value, escape(finding.topic), escape(finding.detail))
    out.print(table)
    return 1 if failed else 0
