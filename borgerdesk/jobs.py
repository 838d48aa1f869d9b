"""``borgerdesk jobs run NAME [--at TIME]``: one scheduler job now, as the service runs it.

An operator can try the notifiers and exports without waiting for 08:00 or the 1st of the
month. The job is the service's own, with the same settings and the same once-only markers,
so running it twice (or while ``serve`` runs) sends or compiles nothing twice.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from borgerdesk.config import Settings
from borgerdesk.console import done
from store import Store, ValidationError
from store.i18n import _, ngettext
from store.model import utcnow

if TYPE_CHECKING:  # the scheduler and the service load only when a job runs, not for --help
    from scheduler import Jobs

JOBS = ("digest", "reminders", "monthly", "purge")


FIRST_YEAR, LAST_YEAR = 2000, 2999  # as summaries: the calendar counts days in this range


def moment(text: str | None, settings: Settings) -> datetime:
    """``--at``: an ISO date and time, in office time unless it has an offset, of the years
    2000 to 2999 (year 9999 overflowed the working-day arithmetic; year 1 sent a digest)."""
    if text is None:
        return utcnow()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("--at takes a date and time such as 2026-11-23T08:00")) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_("--at must be in the years {first} to {last}").format(
            first=FIRST_YEAR, last=LAST_YEAR))
    if value.tzinfo is None:
        value = value.replace(tzinfo=settings.store_settings().calendar.timezone)
    return value


def _digest(jobs: Jobs, now: datetime) -> str:
    calendar = jobs.store.calendar
    today = calendar.local_date(now)
    if not calendar.is_working_day(today):
        return _("{day} is not a working day: no digest.").format(day=today.isoformat())
    sent = jobs.digest(today, now)
    return ngettext("Sent the digest of {day} to {count} notifier.",
                    "Sent the digest of {day} to {count} notifiers.", sent).format(
        day=today.isoformat(), count=sent)


def _reminders(jobs: Jobs, now: datetime) -> str:
    sent = jobs.reminders()
    return ngettext("Delivered {count} reminder.", "Delivered {count} reminders.",
                    sent).format(count=sent)


def _monthly(jobs: Jobs, now: datetime) -> str:
    months = jobs.monthly_summaries()
    return (_("Compiled {months}.").format(months=", ".join(months)) if months
            else _("Every month is compiled already."))


def _purge(jobs: Jobs, now: datetime) -> str:
    refs = jobs.purge()
    return ngettext("Anonymised {count} inquiry past retention.",
                    "Anonymised {count} inquiries past retention.", len(refs)).format(
        count=len(refs))


RUNNERS: dict[str, Callable[[Jobs, datetime], str]] = {
    "digest": _digest, "reminders": _reminders, "monthly": _monthly, "purge": _purge}


def run_job(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.service import scheduler_settings
    from scheduler import Jobs

    now = moment(args.at, settings)
    store = Store(settings.data_dir, settings.store_settings(), actor="service",
                  clock=lambda: now)
    try:
        jobs = Jobs(store, scheduler_settings(settings))
    except ValueError as error:  # a notifier's URL that cannot work
        raise ValidationError(str(error)) from None
    done(RUNNERS[args.job](jobs, now))
    return 0


def add_commands(command, parents: list[argparse.ArgumentParser]) -> None:
    jobs = command("jobs", None, _("run one of the service's scheduled jobs now"))
    actions = jobs.add_subparsers(dest="action", required=True, metavar="run")
    run = actions.add_parser("run", parents=parents, help=_(
        "run a job now, exactly as the service would; what it sent or compiled before is "
        "not repeated"), description=_(
        "run a job now, exactly as the service would; what it sent or compiled before is "
        "not repeated"))
    run.set_defaults(handler=run_job)
    run.add_argument("job", choices=JOBS, help=_(
        "digest: today's digest; reminders: call-backs coming up; monthly: summaries of "
        "months not yet compiled; purge: anonymise what is past retention"))
    run.add_argument("--at", metavar=_("TIME"), help=_(
        "run as if it were this moment (2026-11-23T08:00, office time)"))
