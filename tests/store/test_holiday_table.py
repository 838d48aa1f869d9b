"""Public holidays kept in a file between runs: the same answers as the package, without
importing it again; a stale, damaged or unwritable file is only a slower start."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from store.calendar import OfficeCalendar
from store.holiday_table import HolidayTable

ROOT = Path(__file__).resolve().parents[2]
DAYS = [date(2023, 5, 5), date(2024, 4, 26), date(2026, 4, 2), date(2026, 4, 3),
        date(2026, 4, 6), date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1)]


def answers(calendar: OfficeCalendar) -> list[tuple[bool, str | None]]:
    return [(calendar.is_working_day(day), calendar.holiday_name(day)) for day in DAYS]


def test_the_table_answers_as_the_package_and_keeps_its_file_private(tmp_path: Path):
    folder = tmp_path / "cache" / "borgerdesk"
    kept = OfficeCalendar(holiday_cache=folder)
    assert answers(kept) == answers(OfficeCalendar())
    assert kept.holiday_name(date(2023, 5, 5)) == "Store bededag"
    assert kept.is_working_day(date(2024, 4, 26))  # no longer a holiday from 2024
    file = folder / "holidays-DK.json"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["years"]["2026"]["2026-12-25"] == "Juledag"


LATER_START = """
import sys
from datetime import date
from pathlib import Path
from store.calendar import OfficeCalendar

calendar = OfficeCalendar(holiday_cache=Path(sys.argv[1]))
print(calendar.holiday_name(date(2026, 4, 3)), calendar.is_working_day(date(2026, 4, 7)),
      "holidays" in sys.modules)
"""


def later_start(folder: Path) -> str:
    return subprocess.run([sys.executable, "-c", LATER_START, str(folder)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.split()


def test_a_later_start_reads_the_file_and_never_imports_the_package(tmp_path: Path):
    assert later_start(tmp_path) == ["Langfredag", "True", "True"]  # the first computes
    assert later_start(tmp_path) == ["Langfredag", "True", "False"]


@pytest.mark.parametrize("damage", ["stale", "damaged", "wrong shape"])
def test_a_stale_or_damaged_file_is_computed_again(tmp_path: Path, damage: str):
    HolidayTable("DK", tmp_path).get(date(2026, 1, 1))
    file = tmp_path / "holidays-DK.json"
    saved = json.loads(file.read_text(encoding="utf-8"))
    if damage == "stale":  # another installation of the package: 1 April a holiday
        saved["stamp"] = "an older holidays package"
        saved["years"]["2026"]["2026-04-01"] = "Aprilsnar"
        file.write_text(json.dumps(saved), encoding="utf-8")
    elif damage == "damaged":
        file.write_text("{", encoding="utf-8")
    else:
        file.write_text(json.dumps({"stamp": saved["stamp"], "years": [2026]}),
                        encoding="utf-8")
    table = HolidayTable("DK", tmp_path)
    assert table.get(date(2026, 4, 1)) is None
    assert table.get(date(2026, 4, 3)) == "Langfredag"
    assert json.loads(file.read_text(encoding="utf-8"))["stamp"] != "an older holidays package"


@pytest.mark.parametrize("damage", ["another country", "an empty year", "a day of another year",
                                    "a name that is not text"])
def test_a_file_whose_stamp_is_right_but_whose_days_are_not_is_computed_again(
        tmp_path: Path, damage: str):
    """Deadlines are stored when an inquiry is registered: a wrong holiday file would make
    them wrong for good, so its days must look like the package's, not only its stamp."""
    HolidayTable("DK", tmp_path).get(date(2023, 4, 6))
    file = tmp_path / "holidays-DK.json"
    saved = json.loads(file.read_text(encoding="utf-8"))
    if damage == "another country":
        saved["country"] = "SE"
    elif damage == "an empty year":
        saved["years"]["2023"] = {}
    elif damage == "a day of another year":
        saved["years"]["2023"] = {"2099-04-06": "Skærtorsdag"}
    else:
        saved["years"]["2023"]["2023-04-06"] = 5
    file.write_text(json.dumps(saved), encoding="utf-8")
    calendar = OfficeCalendar(holiday_cache=tmp_path)
    assert calendar.holiday_name(date(2023, 4, 6)) == "Skærtorsdag"
    assert not calendar.is_working_day(date(2023, 4, 7))
    assert json.loads(file.read_text(encoding="utf-8"))["years"]["2023"]["2023-04-06"] == \
        "Skærtorsdag"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_is_only_slower(tmp_path: Path):
    tmp_path.chmod(0o500)
    try:
        assert answers(OfficeCalendar(holiday_cache=tmp_path / "cache")) == answers(
            OfficeCalendar())
    finally:
        tmp_path.chmod(0o700)


def test_a_file_in_the_way_of_the_folder_is_only_slower(tmp_path: Path):
    (tmp_path / "cache").write_text("not a folder")
    assert answers(OfficeCalendar(holiday_cache=tmp_path / "cache")) == answers(
        OfficeCalendar())


def test_an_unknown_country_is_still_refused(tmp_path: Path):
    with pytest.raises(NotImplementedError):
        OfficeCalendar(holiday_country="XX", holiday_cache=tmp_path).holiday_name(
            date(2026, 1, 1))
    assert not (tmp_path / "holidays-XX.json").exists()
