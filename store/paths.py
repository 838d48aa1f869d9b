"""Creating the data folder privately: personal data lives there."""

from __future__ import annotations

import os
from pathlib import Path

DIRECTORY_MODE = 0o700


def private_directory(path: Path) -> Path:
    """Create ``path`` readable by its owner only, and each missing parent too (whatever the
    umask: mkdir's mode is masked by it); leave existing folders be."""
    if not path.is_dir():
        missing = []
        for folder in (path, *path.parents):
            if folder.is_dir():
                break
            missing.append(folder)
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=DIRECTORY_MODE)
            except FileExistsError:
                if not folder.is_dir():
                    raise
                continue
            os.chmod(folder, DIRECTORY_MODE)
    return path
