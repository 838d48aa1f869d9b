"""``borgerdesk import FILE.csv``: check every row, then store all of them or none."""

from __future__ import annotations

from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from borgerdesk.console import done, err, out
from store import Store
from store.csvfile import CsvImportError, read_inquiries_csv
from store.i18n import _


def import_csv(store: Store, path: Path, dry_run: bool = False) -> int:
    """Import a CSV file; the exit code (0 stored, 1 refused with the problems listed)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        reading = progress.add_task(_("Checking rows"), total=None)
        try:
            drafts = read_inquiries_csv(
                path, store.taxonomy, store.calendar,
                progress=lambda done_rows, total: progress.update(
                    reading, completed=done_rows, total=total))
        except CsvImportError as failure:
            progress.stop()
            err.print(failure.describe(), markup=False, highlight=False, soft_wrap=True)
            err.print(_("Nothing was imported."), markup=False)
            return 1
        if dry_run:
            progress.stop()
            done(_("{count} rows are valid; nothing stored (dry run).").format(
                count=len(drafts)))
            return 0
        storing = progress.add_task(_("Storing"), total=len(drafts))
        created = store.import_inquiries(
            drafts, progress=lambda count: progress.update(storing, completed=count))
    if created:
        done(_("Imported {count} inquiries ({first} to {last}).").format(
            count=len(created), first=min(i.ref for i in created),
            last=max(i.ref for i in created)))
    else:
        out.print(_("The file has no rows; nothing was imported."))
    return 0
