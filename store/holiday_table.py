"""Public holidays from the ``holidays`` package, kept in a small file between runs.

Answering for one country, ``holidays.country_holidays`` imports all of the package's ~280
country modules (0.15-0.25 s), more than the rest of the TUI's start. Only the dates matter,
so a table keeps those already computed, per year, in ``holidays-<COUNTRY>.json`` in the
folder the composition root chooses (the user cache folder): a later start reads the file and
never imports the package unless a year is missing. The file is stamped with the package's
location, size and modification time of its registry: reinstalling or upgrading the package
(a new law, such as Store bededag ending in 2024) makes a stale file be ignored. A file that
cannot be read or written is only a slower start, never an error.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import threading
from datetime import date
from pathlib import Path

from store.paths import private_directory
from store.storage import replace_atomically

YEARS_AROUND = 2  # a miss computes this many years either side too (year ends, summaries)


def package_stamp() -> str:
    """Which installation of the package the dates come from, without importing it."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return ""
    registry = Path(next(iter(spec.submodule_search_locations))) / "registry.py"
    try:
        facts = registry.stat()
    except OSError:
        return ""
    return f"{registry}:{facts.st_size}:{facts.st_mtime_ns}"


class HolidayTable:
    """The public holidays of one country (names in Danish), year by year."""

    def __init__(self, country: str, folder: Path | None) -> None:
        self.country = country
        self.file = folder / f"holidays-{country}.json" if folder else None
        self._years: dict[int, dict[date, str]] = {}
        self._lock = threading.Lock()
        self._stamp = package_stamp() if self.file else ""
        self._years.update(self._read())

    def get(self, day: date) -> str | None:
        """The holiday's name, or None on an ordinary day."""
        year = self._years.get(day.year)
        if year is None:
            year = self._compute(day.year)
        return year.get(day)

    def _compute(self, wanted: int) -> dict[date, str]:
        """A year not known yet: from the package, with the years around it, then saved."""
        with self._lock:
            if wanted in self._years:
                return self._years[wanted]
            import holidays  # slow: only when the file does not have the year

            years = range(wanted - YEARS_AROUND, wanted + YEARS_AROUND + 1)
            computed = holidays.country_holidays(self.country, language="da", years=years)
            found = {year: {} for year in years}
            for day, name in computed.items():
                found[day.year][day] = name
            self._years = {**self._years, **found}  # readers in other threads see whole years
            self._write()
            return self._years[wanted]

    def _read(self) -> dict[int, dict[date, str]]:
        if self.file is None or not self._stamp:
            return {}
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
            if saved.get("stamp") != self._stamp or saved.get("country") != self.country:
                return {}
            years = {int(year): {date.fromisoformat(day): name for day, name in days.items()}
                     for year, days in saved["years"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # damaged or unreadable: computed again and written anew
        return years if all(_plausible(year, days) for year, days in years.items()) else {}

    def _write(self) -> None:
        if self.file is None or not self._stamp:
            return
        saved = {"stamp": self._stamp, "country": self.country,
                 "years": {str(year): {day.isoformat(): name for day, name in days.items()}
                           for year, days in sorted(self._years.items())}}
        with contextlib.suppress(OSError):
            private_directory(self.file.parent)
            replace_atomically(self.file, json.dumps(saved, ensure_ascii=False).encode())


def _plausible(year: int, days: dict[date, str]) -> bool:
    """A year as the package gives it: some holidays (every country has them), each a day
    of that year with a name. A file that says otherwise was damaged: computed again."""
    return bool(days) and all(day.year == year and isinstance(name, str) and name
                              for day, name in days.items())
