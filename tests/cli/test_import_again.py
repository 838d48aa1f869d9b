"""``borgerdesk import`` is idempotent: the same content twice is refused unless --again."""

from __future__ import annotations

from borgerdesk.cli import main
from store import Store


def test_the_same_file_twice_is_refused_naming_when_and_again_imports_it(
        tmp_path, capsys, monkeypatch):
    config = tmp_path / "borgerdesk.toml"
    config.write_text('[office]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.setenv("BORGERDESK_CONFIG", str(config))
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
