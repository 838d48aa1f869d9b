"""``borgerdesk check`` tells the truth about the data folder's files, and every file and
folder Borgerdesk creates is private whatever the umask."""

from __future__ import annotations

import os
import shutil
import stat
from collections import namedtuple
from datetime import UTC, datetime

import pytest

from borgerdesk.cli import main
from borgerdesk.service import only_instance
from store import Citizen, InquiryDraft, Store

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def data(tmp_path, english):
    folder = tmp_path / "data"
    Store(folder).create_inquiry(InquiryDraft(
        received_at=datetime(2023, 3, 1, 10, tzinfo=UTC),
        citizen=Citizen(name="Hemmelig Hansen", phone="55667788")))
    return folder


def check(data, capsys) -> tuple[int, str]:
    """The exit code and the findings, with the table's line wrapping undone."""
    code = main(["--data", str(data), "check"])
    return code, " ".join(capsys.readouterr().out.split())


def test_a_healthy_folder_passes(data, capsys):
    code, output = check(data, capsys)
    assert code == 0, output
    assert "Disk space" in output and "MB free" in output


@pytest.mark.parametrize("content", [b"", b'{"inquiries": {"1": {"ref"', b"[]", b'"text"',
                                     b'{"inquiries": "x"}', b'{"inquiries": {"1": 5}}'])
def test_a_damaged_year_file_fails_by_name(data, capsys, content):
    (data / "inquiries-2023.json").write_bytes(content)
    code, output = check(data, capsys)
    assert code == 1
    assert "inquiries-2023.json is damaged" in output


@pytest.mark.parametrize(("name", "content"), [
    ("imports.json", b'{"imports":"x"}'), ("desk.json", b'{"inquiries":"x","meta":5}')])
def test_a_table_that_is_not_an_object_of_objects_fails_by_name(data, capsys, name, content):
    (data / name).write_bytes(content)
    code, output = check(data, capsys)
    assert code == 1 and f"{name} is damaged" in output


def test_a_year_file_with_bytes_that_are_not_utf8_fails_by_name(data, capsys):
    path = data / "inquiries-2023.json"
    path.write_bytes(path.read_bytes().replace(b'"Hemmelig', b'"\xffHemmelig'))
    code, output = check(data, capsys)
    assert code == 1 and "inquiries-2023.json is damaged" in output
    assert "UnicodeDecodeError" not in output and "codec" not in output
    assert main(["--data", str(data), "export-citizen", "55667788"]) == 1
    assert "inquiries-2023.json is damaged" in capsys.readouterr().err


def test_a_year_file_renamed_to_another_year_fails_by_name(data, capsys):
    (data / "inquiries-2023.json").rename(data / "inquiries-2024.json")
    code, output = check(data, capsys)
    assert code == 1 and "inquiries-2024.json is damaged" in output


def test_a_lock_file_that_is_not_writable_fails(data, capsys, monkeypatch):
    lock = data / "inquiries-2023.json.lock"
    os.chmod(lock, 0o400)
    if os.geteuid() == 0:  # root may write anything: ask a fake os.access
        real = os.access
        monkeypatch.setattr("borgerdesk.findings.os.access",
                            lambda path, mode: False if path == lock else real(path, mode))
    code, output = check(data, capsys)
    assert code == 1 and "lock file inquiries-2023.json.lock is not writable" in output


def test_too_little_disk_space_for_the_largest_file_twice_fails(data, capsys, monkeypatch):
    size = (data / "inquiries-2023.json").stat().st_size
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 2 * size - 1))
    code, output = check(data, capsys)
    assert code == 1 and "room for the largest data file twice" in output
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 0, 2 * size))
    assert check(data, capsys)[0] == 0


def test_temporary_files_left_by_a_killed_writer_fail_and_say_how_to_remove_them(
        data, capsys):
    os.umask(0o077)
    (data / ".inquiries-2023.json.999999999.140.tmp").write_text('{"Hemmelig": 1}')
    (data / f".desk.json.{os.getpid()}.1.tmp").write_text("{}")  # a writer still at work
    code, output = check(data, capsys)
    assert code == 1
    assert ".inquiries-2023.json.999999999.140.tmp" in output
    unfolded = "".join(output.split())  # the table folds a long path anywhere
    assert f"rm--{data}/.inquiries-2023.json.999999999.140.tmp" in unfolded
    assert ".*.tmp" not in output
    assert f".desk.json.{os.getpid()}" not in output
    assert "Hemmelig" not in output


@pytest.mark.parametrize("name", ["serve.json", "serve.log", "exports/2023/summary.md"])
def test_a_file_the_service_writes_that_others_can_read_fails(data, capsys, name):
    path = data / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text("x")
    os.chmod(path, 0o644)
    code, output = check(data, capsys)
    assert code == 1 and name in output and "chmod" in output


def test_files_and_folders_created_are_private_whatever_the_umask(tmp_path, capsys):
    os.umask(0)
    data, rows = tmp_path / "a" / "b" / "data", tmp_path / "rows.csv"
    rows.write_text("received_at,kind,citizen_name\n2023-01-05,other,Hemmelig Hansen\n")
    assert main(["--data", str(data), "import", str(rows)]) == 0
    assert main(["--data", str(data), "summary", "--year", "2023", "--format", "md"]) == 0
    assert main(["--data", str(data), "audit", "--out", str(data / "exports" / "a.csv")]) == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data, data / "exports",
                   data / "exports" / "2023"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    with only_instance(data):
        assert stat.S_IMODE((data / "serve.json").stat().st_mode) == 0o600
        assert stat.S_IMODE((data / "serve.lock").stat().st_mode) == 0o600
    created = sorted(path.name for path in data.rglob("*"))
    assert {"inquiries-2023.json", "inquiries-2023.json.lock", "imports.json",
            "summary.md", "a.csv"} <= set(created)
    for path in data.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert check(data, capsys)[0] == 0


def test_a_data_folder_that_can_never_be_created_fails(tmp_path, capsys, english):
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, output = check(afile / "sub" / "data", capsys)
    assert code == 1 and "cannot be created" in output
    code, output = check(tmp_path / "new" / "data", capsys)
    assert code == 0 and "created on first use" in output


@pytest.mark.parametrize("broken", ["lock", "exports"])
def test_a_lock_that_is_a_folder_or_exports_that_is_a_file_fails(data, capsys, broken):
    if broken == "lock":
        lock = data / "inquiries-2023.json.lock"
        lock.unlink()
        lock.mkdir(mode=0o700)
    else:
        (data / "exports").write_text("not a folder")
        os.chmod(data / "exports", 0o600)
    code, output = check(data, capsys)
    assert code == 1
    assert ("inquiries-2023.json.lock is not writable" in output if broken == "lock"
            else "exports is not a folder" in output)


def test_a_lock_file_that_is_a_symbolic_link_fails(data, tmp_path, capsys):
    target = tmp_path / "elsewhere"
    target.write_text("x")
    lock = data / "inquiries-2023.json.lock"
    lock.unlink()
    lock.symlink_to(target)
    code, output = check(data, capsys)
    assert code == 1 and "inquiries-2023.json.lock is a symbolic link" in output


def test_the_services_own_serve_json_is_no_damaged_database(data, capsys):
    (data / "serve.json").write_text('{"pid": 1, "host": "h", "since": "2026-11-26"}')
    os.chmod(data / "serve.json", 0o600)
    code, output = check(data, capsys)
    assert code == 0, output
