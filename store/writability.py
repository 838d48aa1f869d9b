"""Can the store write in a data folder? The rules ``borgerdesk check`` and ``/healthz`` share.

A write replaces a whole file through a copy beside it, so it needs room for the largest data
file twice (the old file stays until the rename); an empty probe file fits on a full disk
and proves nothing. And every write takes the file's lock file, which the store opens only
if it is a regular file it may write: never a folder, never through a symbolic link.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path


def room(data_dir: Path) -> tuple[int, int]:
    """Bytes free in the data folder's file system, and bytes a write may need."""
    largest = max((path.stat().st_size for path in data_dir.glob("*.json")), default=0)
    return shutil.disk_usage(data_dir).free, 2 * largest


def unusable_lock_files(data_dir: Path) -> list[tuple[Path, str]]:
    """Lock files no write can take, each with why: ``"link"``, ``"folder"`` or
    ``"not writable"``."""
    unusable = []
    for path in sorted(data_dir.glob("*.lock")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            unusable.append((path, "link"))
        elif stat.S_ISDIR(mode):
            unusable.append((path, "folder"))
        elif not os.access(path, os.W_OK):
            unusable.append((path, "not writable"))
    return unusable
