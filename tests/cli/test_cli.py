"""The ``borgerdesk`` command: check, import, demo, sample-csv, configuration errors."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from borgerdesk.cli import main
from store import Store


def write_config(tmp_path, text: str):
    path = tmp_path / "borgerdesk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_csv_then_import_then_check(tmp_path, capsys):
    csv_file, data = tmp_path / "year.csv", tmp_path / "data"
    config = write_config(tmp_path, '[office]\nlanguage = "en"\n')
    assert main(["--config", str(config), "sample-csv", str(csv_file), "--count", "403"]) == 0
    rows = csv_file.read_text(encoding="utf-8").count("\n") - 1
    assert rows == 403
    assert main(["--config", str(config), "--data", str(data), "import", str(csv_file)]) == 0
    assert f"Imported {rows} inquiries (BR-2023-0001 to BR-2023-{rows:04d})" in \
        capsys.readouterr().out
    assert len(Store(data).inquiries()) == rows
    assert main(["--config", str(config), "--data", str(data), "check"]) == 0
    assert f"{rows} inquiries in 2023" in capsys.readouterr().out


def test_import_with_errors_stores_nothing_and_names_file_row_column(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("received_at;kind\n2023-01-05;klage\n2023-01-06;maybe\n", encoding="utf-8")
    data = tmp_path / "data"
    config = write_config(tmp_path, '[office]\nlanguage = "en"\n')
    assert main(["--config", str(config), "--data", str(data), "import", str(bad)]) == 1
    message = capsys.readouterr().err
    assert f"{bad}: row 3, column kind: not a known value" in message
    assert "maybe" not in message  # a cell's value is never echoed
    assert "Nothing was imported." in message
    assert Store(data).inquiries() == []


def test_import_dry_run(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("received_at,kind\n2023-01-05,other\n", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data", str(data), "import", "--dry-run", str(good)]) == 0
    assert "1 rækker er gyldige" in capsys.readouterr().out  # Danish by default
    assert not data.exists()  # a dry run creates nothing, not even the data folder
    assert Store(data).inquiries() == []


def test_messages_are_danish_by_default(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("received_at;kind\n2023-01-06;måske\n", encoding="utf-8")
    assert main(["--data", str(tmp_path / "d"), "import", str(bad)]) == 1
    assert "række 2, kolonne kind: ikke en kendt værdi" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "expected"), [
    ("[office]\ntimezone = 3\n", "office.timezone: Expected `str`, got `int`"),
    ("[office]\nlanguage = \"fr\"\n", "office.language"),
    ("[office]\ntimezone = \"Mars/Olympus\"\n", "unknown time zone Mars/Olympus"),
    ("[offfice]\nname = \"x\"\n", "unknown field `offfice`"),
    ("[office\n", "line 1"),
    ("[reminders]\ndigest_at = \"25:00\"\n", "reminders.digest_at"),
    ("[office]\noffice_hours = \"16:00-09:00\"\n", "opening must come before closing"),
])
def test_configuration_errors_name_file_and_key(tmp_path, capsys, text, expected):
    config = write_config(tmp_path, text)
    assert main(["--config", str(config), "check"]) == 1
    message = capsys.readouterr().err
    assert str(config) in message
    assert expected in message


def test_named_config_file_must_exist(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.toml"), "check"]) == 1
    assert "nope.toml" in capsys.readouterr().err


def test_check_reports_missing_secrets_and_loose_permissions(tmp_path, capsys, monkeypatch):
    config = write_config(tmp_path, '[office]\nlanguage = "en"\n'
                                    '[intake]\nplatforms = ["slack", "web"]\n')
    data = tmp_path / "data"
    Store(data)
    os.chmod(data, 0o755)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret-value")
    assert main(["--config", str(config), "--data", str(data), "check"]) == 1
    output = capsys.readouterr().out
    assert "SLACK_BOT_TOKEN" in output and "BORGERDESK_WEB_SECRET" in output
    assert "SLACK_SIGNING_SECRET" not in output and "s3cret-value" not in output
    assert "chmod 700" in output


def test_environment_chooses_data_folder(tmp_path, monkeypatch, capsys):
    data = tmp_path / "env-data"
    monkeypatch.setenv("BORGERDESK_DATA", str(data))
    good = tmp_path / "good.csv"
    good.write_text("received_at,kind\n2023-01-05,other\n", encoding="utf-8")
    assert main(["import", str(good)]) == 0
    assert len(Store(data).inquiries()) == 1
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_demo_loads_a_year_into_the_given_folder_and_shows_the_agenda(tmp_path, capsys):
    data = tmp_path / "demo"
    assert main(["--data", str(data), "demo"]) == 0
    inquiries = Store(data).inquiries()
    assert 330 < len(inquiries) < 480
    output = capsys.readouterr().out
    assert "Overskredet" in output  # Danish by default, and some are overdue
    assert main(["--data", str(data), "demo"]) == 0  # a second run reuses the data
    assert len(Store(data).inquiries()) == len(inquiries)


def test_the_installed_command_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "borgerdesk.cli", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "borgerdesk" in result.stdout


def test_the_example_file_imports_completely(tmp_path, capsys):
    example = Path(__file__).resolve().parents[2] / "examples" / "inquiries-2023.csv"
    data = tmp_path / "data"
    assert main(["--data", str(data), "import", str(example)]) == 0
    inquiries = Store(data).inquiries()
    assert len(inquiries) == 403
    assert {inquiry.year for inquiry in inquiries} == {2023}
    assert sum(bool(inquiry.related_refs) for inquiry in inquiries) > 10  # repeat citizens


def test_summary_writes_every_format_and_prints_markdown(tmp_path, capsys):
    example = Path(__file__).resolve().parents[2] / "examples" / "inquiries-2023.csv"
    data, out = tmp_path / "data", tmp_path / "out"
    assert main(["--data", str(data), "import", str(example)]) == 0
    capsys.readouterr()
    assert main(["--data", str(data), "summary", "--year", "2023", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "403 henvendelser mod 0" in printed
    assert sorted(path.name for path in out.iterdir()) == [
        "summary.csv", "summary.html", "summary.json", "summary.md", "summary.xlsx"]
    assert main(["--data", str(data), "summary", "--month", "2023-02", "--format", "json"]) == 0
    assert (data / "exports" / "2023-02" / "summary.json").exists()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--month", "2023-13"], "--month"),
    (["--year", "23"], "--year"),
    (["--from", "2023-01-01"], "--to"),
    (["--from", "2023-02-01", "--to", "2023-01-01"], "--to"),
    (["--year", "2023", "--format", "pdf"], "pdf"),
])
def test_summary_refuses_bad_periods_and_formats(tmp_path, capsys, arguments, message):
    assert main(["--data", str(tmp_path), "summary", *arguments]) == 1
    assert message in capsys.readouterr().err


def test_check_reports_notifications_that_failed(tmp_path, capsys):
    config = write_config(tmp_path, '[office]\nlanguage = "en"\n')
    data = tmp_path / "data"
    Store(data).desk.mark_once("failed:email:digest:2026-11-23")
    assert main(["--config", str(config), "--data", str(data), "check"]) == 0  # a warning
    assert "1 failed to send in the last week (email)" in capsys.readouterr().out


def test_check_reports_an_unreadable_database_and_goes_on(tmp_path, capsys):
    config = write_config(tmp_path, '[office]\nlanguage = "en"\n')
    data = tmp_path / "data"
    Store(data)
    (data / "inquiries-2026.json").write_text('{"inquiries": {"1": {"ref": 7}}}')
    assert main(["--config", str(config), "--data", str(data), "check"]) == 1
    output = capsys.readouterr().out
    assert "inquiries-2026.json holds an invalid inquiry" in output
    assert "Retention" in output and "Request limits" in output


@pytest.mark.parametrize("arguments", [["check", "--data"], ["--data"], ["--config"],
                                       ["check", "--config"]])
def test_a_global_option_without_its_value_is_one_line_and_exit_code_1(capsys, arguments):
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "usage:" not in captured.err
    assert f"{arguments[-1]}" in captured.err and "borgerdesk --help" in captured.err
