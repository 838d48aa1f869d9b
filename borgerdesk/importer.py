"""``borgerdesk import FILE.csv``: check every row, then store all of them or none.

A file is recognised by the SHA-256 of its content: importing the same file again would
double its inquiries, so it is refused, naming when it was imported, unless ``--again``. The
store decides under its lock (two imports of one file at once store it once).
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from borgerdesk.console import done, err, out
from store import BorgerdeskError, Store
from store.csvfile import CsvImportError, read_inquiries_csv
from store.errors import AlreadyImportedError
from store.i18n import _
from store.model import ref_sequence


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's content; an unreadable file is a one-line error."""
    try:
        with path.open("rb") as source:
            return hashlib.file_digest(source, "sha256").hexdigest()
    except OSError as error:
        raise BorgerdeskError(_("{file}: cannot read ({reason})").format(
            file=path, reason=error.strerror or type(error).__name__)) from None


def import_csv(store: Store, path: Path, dry_run: bool = False, again: bool = False) -> int:
    """Import a CSV file; the exit code (0 stored, 1 refused with the problems listed)."""
    try:
        return _import(store, path, dry_run, again)
    except (BorgerdeskError, OSError, json.JSONDecodeError):  # the store's, not the file's
        raise
    except (ValueError, OverflowError, TypeError) as failure:  # a value the checks missed
        raise BorgerdeskError(_("{file}: a value cannot be stored ({kind}); nothing was "
                                "imported").format(file=path, kind=type(failure).__name__)
                              ) from None


def _refused(store: Store, path: Path, imported_at: datetime) -> BorgerdeskError:
    return BorgerdeskError(_(
        "{file} was imported before, on {when}; nothing was imported (give --again to "
        "import it once more)").format(
        file=path, when=f"{store.calendar.local(imported_at):%Y-%m-%d %H:%M}"))


def _import(store: Store, path: Path, dry_run: bool, again: bool) -> int:
    digest = file_digest(path)
    imported_at = store.imports.recorded(digest)  # early, to spare checking every row
    if imported_at is not None and not again:
        raise _refused(store, path, imported_at)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        reading = progress.add_task(_("Checking rows"), total=None)
        try:
            drafts = read_inquiries_csv(
                path, store.taxonomy, store.calendar, now=store.clock(),
                progress=lambda done_rows, total: progress.update(
                    reading, completed=done_rows, total=total))
        except CsvImportError as failure:
            progress.stop()
            err.print(failure.describe(), markup=False, highlight=False, soft_wrap=True)
            err.print(_("Nothing was imported."), markup=False)
            return 1
        except csv.Error as failure:  # the csv module's own words never quote a cell
            raise BorgerdeskError(_("{file}: not a readable CSV file ({reason}); nothing was "
                                    "imported").format(file=path, reason=failure)) from None
        if dry_run:
            progress.stop()
            done(_("{count} rows are valid; nothing stored (dry run).").format(
                count=len(drafts)))
            return 0
        storing = progress.add_task(_("Storing"), total=len(drafts))
        try:  # checked again and recorded in the same write: another import may have won
            created = store.import_inquiries(
                drafts, progress=lambda count: progress.update(storing, completed=count),
                digest=digest, again=again)
        except AlreadyImportedError as refusal:
            progress.stop()
            raise _refused(store, path, refusal.at) from None
    if created:
        in_order = sorted(created, key=lambda inquiry: (inquiry.year, ref_sequence(inquiry.ref)))
        done(_("Imported {count} inquiries ({first} to {last}).").format(
            count=len(created), first=in_order[0].ref, last=in_order[-1].ref))
    else:
        out.print(_("The file has no rows; nothing was imported."))
    return 0
