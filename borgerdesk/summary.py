"""``borgerdesk summary``: compute a period's statistics, write them, print the Markdown.

Standard output carries the Markdown alone, so ``borgerdesk summary ... > report.md`` is a
clean report; what was written where goes to standard error. ``reports`` is imported when a
summary is made: the options alone are part of every ``borgerdesk --help`` and ``tui``."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from borgerdesk.config import Settings
from borgerdesk.console import report
from borgerdesk.output import summary_folder
from store import BorgerdeskError, Store, ValidationError
from store.i18n import _

if TYPE_CHECKING:
    from reports import Period


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", metavar="YYYY-MM", help=_("a calendar month"))
    which.add_argument("--year", metavar="YYYY", help=_("a calendar year"))
    which.add_argument("--from", dest="start", metavar=_("DATE"),
                       help=_("first day (YYYY-MM-DD), with --to"))
    parser.add_argument("--to", dest="end", metavar=_("DATE"), help=_("last day, with --from"))
    parser.add_argument("--format", metavar="md,csv,json,xlsx,html", help=_(
        "formats to write (default: summary.formats of the configuration)"))
    parser.add_argument("--out", metavar=_("DIR"), help=_(
        "folder for the files, created if missing; only summary.<format> files are added "
        "or replaced in it (default: exports/<period> in the data folder)"))


FIRST_YEAR, LAST_YEAR = 2000, 2999  # a period and the one before it stay real dates


def period_from(args: argparse.Namespace) -> tuple[Period, str]:
    """The period the options name, and a short label for its folder."""
    period, label = _named_period(args)
    _check_year(period.start.year)
    _check_year(period.end.year)
    return period, label


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("a summary covers dates from {first} to {last}").format(
            first=FIRST_YEAR, last=LAST_YEAR))


def _named_period(args: argparse.Namespace) -> tuple[Period, str]:
    from reports import Period

    if args.month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", args.month)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(_("--month takes YYYY-MM, such as 2026-10"))
        _check_year(int(match.group(1)))
        return Period.month(int(match.group(1)), int(match.group(2))), args.month
    if args.year:
        if not re.fullmatch(r"\d{4}", args.year):
            raise ValidationError(_("--year takes YYYY, such as 2023"))
        _check_year(int(args.year))
        return Period.year(int(args.year)), args.year
    if not args.end:
        raise ValidationError(_("--from needs --to"))
    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        raise ValidationError(_("--from and --to take dates such as 2026-03-31")) from None
    if end < start:
        raise ValidationError(_("--to is before --from"))
    return Period(start, end), f"{start}_{end}"


def run_summary(settings: Settings, args: argparse.Namespace) -> int:
    from reports import FORMATS, compute_summary, render, write_summary

    period, label = period_from(args)
    formats = args.format.split(",") if args.format else settings.config.summary.formats
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise ValidationError(_("unknown format {names}; choose from {choices}").format(
            names=", ".join(unknown), choices=",".join(FORMATS)))
    folder = (summary_folder(Path(args.out), settings.data_dir) if args.out
              else settings.data_dir / "exports" / label)
    store = Store(settings.data_dir, settings.store_settings())
    summary = compute_summary(store, period.start, period.end)
    title = settings.config.office.name
    try:
        write_summary(summary, formats, folder, store.taxonomy, title)
    except OSError as error:
        raise BorgerdeskError(_("{path}: cannot write ({reason})").format(
            path=folder, reason=error.strerror or type(error).__name__)
        ) from None
    sys.stdout.write(render(summary, "md", store.taxonomy, title).decode())
    sys.stdout.flush()
    report(_("Wrote {formats} to {path}").format(formats=", ".join(formats), path=folder))
    return 0
