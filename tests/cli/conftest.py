"""Command-line tests change the umask; each gets the one it started with back."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _restore_umask():
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)
