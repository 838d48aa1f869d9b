"""Outputs never destroy: ``summary --out DIR`` adds only its own files; ``--out FILE``
refuses to replace anything without ``--force`` and writes 0600 atomically."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from borgerdesk.cli import main
from borgerdesk.config import SummaryConfig
from store import InquiryDraft, Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path, english) -> Path:
    folder = tmp_path / "data"
    store = Store(folder)
    store.create_inquiry(InquiryDraft(received_at=datetime(2023, 3, 1, 10, tzinfo=UTC),
                                      subject="Hemmeligt emne"))
    return folder


def test_summary_out_keeps_every_other_file_in_the_folder(data, tmp_path, capsys):
    documents = tmp_path / "Documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "thesis.docx").write_text("years of work")
    (documents / ".bashrc").write_text("mine")
    (documents / "letters" / "mum.txt").write_text("hi")
    (documents / "summary.md").write_text("an old summary")
    assert main(["--data", str(data), "summary", "--year", "2023", "--format", "json,md",
                 "--out", str(documents)]) == 0
    assert (documents / "thesis.docx").read_text() == "years of work"
    assert (documents / ".bashrc").read_text() == "mine"
    assert (documents / "letters" / "mum.txt").read_text() == "hi"
    assert json.loads((documents / "summary.json").read_text())["inquiries"] == 1
    assert "Hemmeligt" not in (documents / "summary.md").read_text()
    assert sorted(path.name for path in documents.iterdir()) == [
        ".bashrc", "letters", "summary.json", "summary.md", "thesis.docx"]


@pytest.mark.parametrize("inside", ["", "sub"])
def test_summary_out_refuses_the_data_folder(data, capsys, inside):
    before = sorted(path.name for path in data.iterdir())
    target = data / inside if inside else data
    assert main(["--data", str(data), "summary", "--year", "2023", "--format", "json",
                 "--out", str(target)]) == 1
    message = capsys.readouterr().err
    assert "data folder" in message and "Traceback" not in message
    assert sorted(path.name for path in data.iterdir()) == before
    assert len(Store(data).inquiries()) == 1


def test_summary_out_refuses_the_data_folder_through_a_symlink(data, tmp_path, capsys):
    alias = tmp_path / "alias"
    alias.symlink_to(data)
    assert main(["--data", str(data), "summary", "--year", "2023", "--out", str(alias)]) == 1
    assert not list(data.glob("summary.*"))
    assert len(Store(data).inquiries()) == 1


def test_summary_out_creates_missing_folders_privately(data, tmp_path, monkeypatch):
    os.umask(0o022)
    target = tmp_path / "new" / "deeper" / "2023"
    assert main(["--data", str(data), "summary", "--year", "2023", "--out", str(target)]) == 0
    assert sorted(path.name for path in target.iterdir()) == sorted(  # summary.formats
        f"summary.{format_}" for format_ in SummaryConfig().formats)
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_summary_out_that_is_a_file_is_refused(data, tmp_path, capsys):
    precious = tmp_path / "notes.txt"
    precious.write_text("keep")
    assert main(["--data", str(data), "summary", "--year", "2023", "--out", str(precious)]) == 1
    assert "notes.txt" in capsys.readouterr().err
    assert precious.read_text() == "keep"


def test_summary_prints_only_markdown_on_standard_output(data, tmp_path):
    env = {**os.environ, "BORGERDESK_DATA": str(data)}
    result = subprocess.run(
        [sys.executable, "-m", "borgerdesk.cli", "summary", "--year", "2023", "--format", "md",
         "--out", str(tmp_path / "out")], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (tmp_path / "out" / "summary.md").read_text()
    assert "✓" not in result.stdout and str(tmp_path / "out") not in result.stdout
    assert str(tmp_path / "out") in result.stderr


@pytest.mark.parametrize("command", [["export-citizen", "BR-2023-0001"], ["audit"]])
def test_out_file_refuses_an_existing_file_unless_forced(data, tmp_path, capsys, command):
    if command[0] == "export-citizen":
        command = ["export-citizen", "55667788"]
        Store(data).create_inquiry(InquiryDraft(
            received_at=datetime(2023, 3, 2, 10, tzinfo=UTC), subject="x",
            citizen={"name": "Hemmelig Person", "phone": "55667788"}))
    target = tmp_path / "out.txt"
    target.write_text("precious")
    assert main(["--data", str(data), *command, "--out", str(target)]) == 1
    message = capsys.readouterr().err
    assert "--force" in message and str(target) in message
    assert target.read_text() == "precious"
    os.umask(0o022)
    assert main(["--data", str(data), *command, "--out", str(target), "--force"]) == 0
    assert target.read_text() != "precious"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_out_file_refuses_a_symlink_and_force_replaces_the_link_not_its_target(
        data, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    assert main(["--data", str(data), "audit", "--out", str(link)]) == 1
    assert victim.read_text() == "not yours" and link.is_symlink()
    assert main(["--data", str(data), "audit", "--out", str(link), "--force"]) == 0
    assert victim.read_text() == "not yours"
    assert not link.is_symlink() and link.read_text().startswith("at,by,ref")


def test_out_file_new_is_0600_whatever_the_umask(data, tmp_path):
    os.umask(0)
    target = tmp_path / "audit.csv"
    assert main(["--data", str(data), "audit", "--out", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["missing/audit.csv", "readonly/audit.csv"])
def test_out_file_with_a_missing_or_unwritable_folder_is_one_line(data, tmp_path, capsys,
                                                                   monkeypatch, where):
    (tmp_path / "readonly").mkdir(mode=0o500)
    target = tmp_path / where
    if os.geteuid() == 0 and where.startswith("readonly"):  # root writes anywhere: a fake
        def refuse(path, payload):
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("store.storage.write_temporary", refuse)
    assert main(["--data", str(data), "audit", "--out", str(target)]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and str(target.parent) in message
    assert not target.exists()


@pytest.mark.parametrize("query", ["", "   ", "Nobody Known"])
def test_export_citizen_refuses_a_blank_query_or_no_match_and_writes_nothing(
        data, tmp_path, capsys, query):
    Store(data).create_inquiry(InquiryDraft(
        received_at=datetime(2023, 3, 2, 10, tzinfo=UTC), subject="x",
        citizen={"name": "", "phone": "55667788"}))  # a citizen without a name
    target = tmp_path / "export.json"
    assert main(["--data", str(data), "export-citizen", query, "--out", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "55667788" not in captured.err + captured.out
    assert not target.exists()


def test_sample_csv_refuses_an_existing_file_unless_forced(data, tmp_path, capsys):
    target = tmp_path / "mine.csv"
    target.write_text("my own rows")
    assert main(["sample-csv", str(target), "--count", "3"]) == 1
    assert target.read_text() == "my own rows" and "--force" in capsys.readouterr().err
    assert main(["sample-csv", str(target), "--count", "3", "--force"]) == 0
    assert target.read_text().startswith("received_at")


@pytest.mark.parametrize("command", [["export-citizen", "Hemmelig Person"], ["audit"],
                                     ["sample-csv", "--count", "3"]])
@pytest.mark.parametrize("name", ["inquiries-2023.json", "inquiries-2024.json", "desk.json",
                                  "exports/../imports.json", "serve.json"])
@pytest.mark.parametrize("through_link", [False, True])
def test_out_file_refuses_the_data_folder_even_forced(data, tmp_path, capsys, command, name,
                                                      through_link):
    Store(data).create_inquiry(InquiryDraft(
        received_at=datetime(2023, 3, 2, 10, tzinfo=UTC), subject="x",
        citizen={"name": "Hemmelig Person", "phone": "55667788"}))
    (data / "exports").mkdir(exist_ok=True)
    before = {path: path.read_bytes() for path in data.rglob("*") if path.is_file()}
    folder = data
    if through_link:
        folder = tmp_path / "link-to-data"
        folder.symlink_to(data)
    target = folder / name
    argv = ["--data", str(data), command[0], *([] if command[0] == "sample-csv" else
                                                 command[1:]),
            *([str(target)] if command[0] == "sample-csv" else ["--out", str(target)]),
            *(command[1:] if command[0] == "sample-csv" else []), "--force"]
    assert main(argv) == 1
    message = capsys.readouterr().err
    assert "data folder" in message and message.count("\n") == 1
    assert "Hemmelig" not in message
    assert {path: path.read_bytes() for path in data.rglob("*") if path.is_file()} == before


@pytest.mark.parametrize("command", [["erase", "{value}", "--reason", "request"],
                                     ["reply", "{value}", "--text", "hej"],
                                     ["audit", "--ref", "{value}"]])
@pytest.mark.parametrize("value", ["Oda Dalsgaard", "010190-1234"])
def test_a_value_that_is_no_reference_is_never_repeated(data, capsys, command, value):
    argv = [part.format(value=value) for part in command]
    assert main(["--data", str(data), *argv]) == 1
    message = capsys.readouterr().err
    assert "not a reference" in message and "BR-2026-0042" in message
    assert message.count("\n") == 1
    assert value.upper() not in message.upper() and "1234" not in message


@pytest.mark.parametrize(("options", "expected"), [
    (["--year", str(datetime.now(UTC).year + 1)], "--year must be from 2000 to"),
    (["--year", "9999"], "--year must be from 2000 to"),
    (["--year", "1999"], "--year must be from 2000 to"),
    (["--count", "-5"], "--count must be from 1 to 100,000"),
    (["--count", "0"], "--count must be from 1 to 100,000"),
    (["--count", "100000000"], "--count must be from 1 to 100,000"),
])
def test_sample_csv_refuses_a_year_or_count_out_of_range(data, tmp_path, capsys, options,
                                                         expected):
    target = tmp_path / "sample.csv"
    assert main(["sample-csv", str(target), *options]) == 1
    message = capsys.readouterr().err
    assert expected in message and message.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize(("year", "count"), [("2023", 2500), ("2023", 1),
                                             (str(datetime.now(UTC).year - 1), 5)])
def test_sample_csv_writes_exactly_count_rows(data, tmp_path, year, count):
    target = tmp_path / "sample.csv"
    assert main(["sample-csv", str(target), "--year", year, "--count", str(count)]) == 0
    rows = target.read_text().splitlines()
    assert len(rows) == count + 1 and rows[0].startswith("received_at")
    assert all(row.startswith(year) for row in rows[1:])


def test_erasing_an_erased_inquiry_says_so_and_records_nothing(data, capsys):
    assert main(["--data", str(data), "erase", "BR-2023-0001", "--reason", "request"]) == 0
    first = Store(data).get("BR-2023-0001")
    capsys.readouterr()
    assert main(["--data", str(data), "erase", "BR-2023-0001", "--reason", "error"]) == 0
    assert "BR-2023-0001 was erased already, on 20" in capsys.readouterr().out
    again = Store(data).get("BR-2023-0001")
    assert again.anonymised_at == first.anonymised_at and again.history == first.history
    assert [change.action for change in again.history].count("anonymise (request)") == 1


@pytest.mark.parametrize("ref", ["", "  "])
def test_audit_of_an_empty_reference_is_refused_not_everything(data, tmp_path, capsys, ref):
    target = tmp_path / "audit.csv"
    assert main(["--data", str(data), "audit", "--ref", ref, "--out", str(target)]) == 1
    assert "not a reference" in capsys.readouterr().err and not target.exists()
