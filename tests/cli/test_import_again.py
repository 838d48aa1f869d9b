"""``borgerdesk import`` is idempotent: the same content twice is refused unless --again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from borgerdesk.cli import main
from store import Store


def test_the_same_file_twice_is_refused_naming_when_and_again_imports_it(
        tmp_path, capsys, english):
    data, first = tmp_path / "data", tmp_path / "january.csv"
    first.write_text("received_at,kind\n2023-01-05,other\n2023-01-06,complaint\n")
    assert main(["--data", str(data), "import", str(first)]) == 0
    copy = tmp_path / "renamed.csv"  # the content decides, not the name
    copy.write_bytes(first.read_bytes())
    capsys.readouterr()
    assert main(["--data", str(data), "import", str(copy)]) == 1
    message = capsys.readouterr().err
    assert "renamed.csv was imported before, on 20" in message and "--again" in message
    assert message.count("\n") == 1
    assert len(Store(data).inquiries()) == 2
    assert main(["--data", str(data), "import", str(copy), "--again"]) == 0
    assert len(Store(data).inquiries()) == 4


def test_a_dry_run_or_a_refused_file_is_not_recorded(tmp_path, capsys):
    data, path = tmp_path / "data", tmp_path / "x.csv"
    path.write_text("received_at,kind\n2023-01-05,maybe\n")
    assert main(["--data", str(data), "import", str(path)]) == 1
    path.write_text("received_at,kind\n2023-01-05,other\n")
    assert main(["--data", str(data), "import", "--dry-run", str(path)]) == 0
    assert main(["--data", str(data), "import", str(path)]) == 0
    assert len(Store(data).inquiries()) == 1


def test_imports_remember_digest_time_and_rows(store, clock):
    imports = store.imports
    assert imports.recorded("ab" * 32) is None
    imports.record("ab" * 32, 7)
    assert imports.recorded("ab" * 32) == clock.now
    assert imports.recorded("cd" * 32) is None


def test_a_file_with_only_its_header_is_not_recorded(tmp_path, capsys):
    data, path = tmp_path / "data", tmp_path / "empty.csv"
    path.write_text("received_at,kind\n")
    assert main(["--data", str(data), "import", str(path)]) == 0
    assert not (data / "imports.json").exists()


@pytest.mark.slow
def test_two_imports_of_one_file_at_once_store_it_once(tmp_path, english):
    data, path = tmp_path / "data", tmp_path / "big.csv"
    rows = "".join(f"2023-{month:02d}-{day:02d},other\n"
                   for month in range(1, 13) for day in range(1, 29) for _ in range(6))
    path.write_text("received_at,kind\n" + rows)
    environment = {**os.environ, "BORGERDESK_CONFIG": str(english)}
    command = [sys.executable, "-m", "borgerdesk.cli", "--data", str(data), "import",
               str(path)]
    racers = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(racer.wait(timeout=120), racer.stderr.read()) for racer in racers]
    assert sorted(code for code, _ in results) == [0, 1]
    assert any("was imported before" in message for _, message in results)
    assert len(Store(data).inquiries()) == 12 * 28 * 6


def test_the_success_line_names_the_first_and_last_reference_by_number(tmp_path, capsys,
                                                                        english):
    data, path = tmp_path / "data", tmp_path / "many.csv"
    path.write_text("received_at,kind\n" + "2023-02-01,other\n" * 10_050)
    assert main(["--data", str(data), "import", str(path)]) == 0
    assert "Imported 10050 inquiries (BR-2023-0001 to BR-2023-10050)." in " ".join(
        capsys.readouterr().out.split())
