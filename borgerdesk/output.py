"""Files the command line writes on request: they never destroy anything.

``--out FILE`` (``export-citizen``, ``audit``, ``sample-csv``) refuses any file in the data
folder but its exports folder (symbolic links resolved) and an existing file or symbolic link unless
``--force``, then replaces it atomically (a temporary file beside it, fsync, rename) with mode
0600 whatever the umask: these files hold personal data. ``summary --out DIR`` only ever adds
or replaces its own ``summary.<format>`` files (see ``reports.write_summary``) and refuses the
data folder, where a stray file could be mistaken for data or shadow it.
"""

from __future__ import annotations

import os
from pathlib import Path

from store import BorgerdeskError
from store.i18n import _
from store.storage import FILE_MODE, fsync_directory, replace_atomically


def replace_file(path: Path, payload: bytes, *, force: bool, data_dir: Path) -> None:
    """Write ``payload`` to ``path`` atomically, readable by its owner only; never into the
    data folder, where it could replace or pose as the store's own files."""
    _outside_data(path, data_dir)
    if path.is_symlink() or path.exists():
        if path.is_dir() and not path.is_symlink():
            raise BorgerdeskError(_("{path} is a folder; give a file name").format(path=path))
        if not force:
            raise BorgerdeskError(_(
                "{path} exists; nothing was written (give --force to replace it)").format(
                path=path))
    folder = path.parent
    if not folder.is_dir():
        raise BorgerdeskError(_("{path}: the folder does not exist").format(path=folder))
    try:
        replace_atomically(path, payload)
        fsync_directory(folder)
    except OSError as error:
        raise BorgerdeskError(_("{path}: cannot write ({reason})").format(
            path=path, reason=error.strerror or type(error).__name__)) from None


def _outside_data(path: Path, data_dir: Path) -> None:
    """Refuse ``path`` if it is in the data folder other than its exports folder (as
    ``summary_folder``), after resolving symbolic links: of the folders above it, and of the
    file itself."""
    data = data_dir.resolve()
    exports = data / "exports"
    for candidate in {path.parent.resolve() / path.name, path.resolve()}:
        if (data == candidate or data in candidate.parents) and exports not in candidate.parents:
            raise BorgerdeskError(_(
                "{path} is in the data folder {data}; choose another file for --out").format(
                path=path, data=data_dir))


def summary_folder(out: Path, data_dir: Path) -> Path:
    """``out`` if a summary may be written there: not the data folder, nor a folder inside
    it other than its exports folder, compared after resolving symbolic links."""
    resolved, data = out.resolve(), data_dir.resolve()
    exports = data / "exports"
    inside_data = resolved == data or data in resolved.parents
    if inside_data and not (resolved == exports or exports in resolved.parents):
        raise BorgerdeskError(_(
            "{path} is in the data folder {data}; choose another folder for --out").format(
            path=out, data=data_dir))
    if out.exists() and not out.is_dir():
        raise BorgerdeskError(_("{path} is not a folder").format(path=out))
    return out


def open_private(path: Path):
    """A text file for writing, created or truncated, readable by its owner only whatever the
    umask: for files the service writes beside the data (its log, the demo's config)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return open(descriptor, "w", encoding="utf-8")
