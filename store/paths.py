"""Creating the data folder privately: personal data lives there."""

from __future__ import annotations

import os
from pathlib import Path

DIRECTORY_MODE = 0o700


def private_directory(path: Path) -> Path:
    """Create ``path`` (and parents) readable by its owner only; leave an existing one be."""
    if not path.is_dir():
        path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        os.chmod(path, DIRECTORY_MODE)  # mkdir's mode is masked by the umask
    return path
