"""Fixtures shared by every test: a fixed clock and a store in a temporary folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from store import Store, StoreSettings
from store.i18n import set_language

# Tuesday 24 November 2026, 10:00 in Copenhagen: a working day, inside office hours.
FIXED_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests read English messages unless they choose Danish themselves."""
    set_language("en")
    yield
    set_language("da")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: Clock) -> Store:
    return Store(data_dir, StoreSettings(), actor="advisor", clock=clock)
