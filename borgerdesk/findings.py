"""What ``borgerdesk check`` finds in the data folder's files, one finding each.

The folder holds personal data, so check fails (not warns) when a file or folder in it is
readable by others, when a data file is damaged (a 0-byte, truncated or non-object file must
never pass for an empty year), when a lock file cannot be written (every writer would fail),
when the disk cannot hold the largest data file twice (a write needs the old file and the new
one side by side), and when a killed writer left a temporary copy of a data file behind.
"""

from __future__ import annotations

import enum
import os
import re
import shlex
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from store.i18n import _, ngettext
from store.outbox import SERVICE_NOTE
from store.storage import damage
from store.writability import room, unusable_lock_files
from store.yearfiles import holds_only_its_year

# The store's temporary files: ".<file>.<pid>.<thread id>.tmp" beside the file it replaces.
TEMPORARY = re.compile(r"\.(?P<file>[^/]+)\.(?P<pid>\d+)\.\d+\.tmp")


class Outcome(enum.Enum):
    OK = "[green]✓[/]"
    WARNING = "[yellow]![/]"
    FAILED = "[bold red]✗[/]"


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    topic: str
    detail: str


def file_findings(data_dir: Path) -> Iterator[Finding]:
    """Everything about the files of an existing data folder."""
    yield from _damaged(data_dir)
    yield from _exposed(data_dir)
    yield from _locks(data_dir)
    yield from _exports(data_dir)
    yield from _disk_space(data_dir)
    yield from _leftovers(data_dir)


def _damaged(data_dir: Path) -> Iterator[Finding]:
    """By the store's own rules (``storage.damage``), so a file check passes is one that
    every command can read and write."""
    for path in sorted(data_dir.glob("*.json")):
        if path.name == SERVICE_NOTE:  # who runs the service: plain JSON, not a database
            continue
        try:
            damaged = damage(path, holds_only_its_year(path.name))
        except OSError as error:
            yield Finding(Outcome.FAILED, _("Database"), _("{file} cannot be read ({reason})")
                          .format(file=path.name, reason=error.strerror))
            continue
        if damaged:
            yield Finding(Outcome.FAILED, _("Database"), _(
                "{file} is damaged (empty, cut short, not UTF-8 or not a database); restore "
                "it from a backup before anything writes to it").format(file=path.name))


def _exposed(data_dir: Path) -> Iterator[Finding]:
    """Files and folders below the data folder (exports, logs, serve.json) open to others."""
    exposed = []
    for folder, folders, files in os.walk(data_dir):
        for name in (*folders, *files):
            path = Path(folder, name)
            if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                exposed.append(path)
    if exposed:
        names = ", ".join(str(path.relative_to(data_dir)) for path in exposed[:5])
        yield Finding(Outcome.FAILED, _("File modes"), ngettext(
            "{count} file or folder is readable by others: {names}; use chmod -R go-rwx {path}",
            "{count} files or folders are readable by others: {names}; use chmod -R go-rwx "
            "{path}", len(exposed)).format(count=len(exposed), names=names, path=data_dir))


def _locks(data_dir: Path) -> Iterator[Finding]:
    for path, why in unusable_lock_files(data_dir):
        if why == "link":
            yield Finding(Outcome.FAILED, _("Database"), _(
                "the lock file {file} is a symbolic link, which Borgerdesk never follows, so "
                "nothing can be saved in its file; remove the link").format(file=path.name))
        else:
            yield Finding(Outcome.FAILED, _("Database"), _(
                "the lock file {file} is not writable, so nothing can be saved; give it back "
                "to the user who runs Borgerdesk").format(file=path.name))


def _exports(data_dir: Path) -> Iterator[Finding]:
    """Summaries go to ``exports/``: anything but a folder there makes them all fail."""
    exports = data_dir / "exports"
    if (exports.exists() or exports.is_symlink()) and not exports.is_dir():
        yield Finding(Outcome.FAILED, _("Exports"), _(
            "{path} is not a folder, so no summary can be written; move it away").format(
            path=exports))


def _disk_space(data_dir: Path) -> Iterator[Finding]:
    free, needed = room(data_dir)
    if free < needed:
        yield Finding(Outcome.FAILED, _("Disk space"), _(
            "{free} MB free; saving needs room for the largest data file twice ({need} MB)")
            .format(free=free // 2**20, need=-(-needed // 2**20)))
    else:
        yield Finding(Outcome.OK, _("Disk space"), _("{free} MB free").format(
            free=free // 2**20))


def _leftovers(data_dir: Path) -> Iterator[Finding]:
    stale = sorted(path for path in data_dir.glob(".*.tmp")
                   if (match := TEMPORARY.fullmatch(path.name))
                   and not _alive(int(match["pid"])))
    if stale:  # the command names each file: a wildcard would take other dot files too
        yield Finding(Outcome.FAILED, _("Leftovers"), ngettext(
            "{count} temporary copy of a data file, with personal data, was left by a process "
            "that was killed: {names}; stop Borgerdesk and remove it with: {command}",
            "{count} temporary copies of data files, with personal data, were left by a "
            "process that was killed: {names}; stop Borgerdesk and remove them with: "
            "{command}", len(stale)).format(
            count=len(stale), names=", ".join(path.name for path in stale[:3]),
            command=shlex.join(["rm", "--", *map(str, stale)])))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True
