"""What a command pays for: ``borgerdesk --help`` loads no renderer, no openpyxl, no
python-docx and no Babel; ``summary --format md`` loads the Markdown renderer only. Each runs
in a new process, as a user starts it, and reports the modules it ended up with."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import docx

from borgerdesk.cli import main
from store import InquiryDraft, Store

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from borgerdesk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = ("openpyxl", "docx", "babel", "lxml")


def modules_after(*arguments: str) -> set[str]:
    finished = subprocess.run([sys.executable, "-c", PROBE, *arguments], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=True)
    return set(finished.stderr.split())


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_imports_no_renderer_and_no_heavy_library():
    modules = modules_after("--help")
    assert "borgerdesk.cli" in modules
    assert not packages(modules) & set(HEAVY)
    assert not {name for name in modules if name.startswith("reports.")} - {"reports.summary"}


def test_a_markdown_summary_loads_the_markdown_renderer_only(tmp_path):
    data = tmp_path / "data"
    Store(data).create_inquiry(InquiryDraft(received_at=datetime(2023, 5, 2, 9, tzinfo=UTC)))
    modules = modules_after("--data", str(data), "summary", "--year", "2023", "--format", "md",
                            "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "summary.md").exists()
    assert "reports.markdown" in modules
    assert not packages(modules) & {"openpyxl", "docx", "lxml"}
    assert not {"reports.workbook", "reports.word", "reports.html", "reports.csv_table"} \
        & modules


def test_word_is_a_format_of_the_command_and_of_the_configuration(tmp_path, capsys):
    data = tmp_path / "data"
    Store(data).create_inquiry(InquiryDraft(received_at=datetime(2023, 5, 2, 9, tzinfo=UTC)))
    config = tmp_path / "borgerdesk.toml"
    config.write_text('[summary]\nformats = ["md", "docx"]\n')
    assert main(["--config", str(config), "--data", str(data), "summary", "--year", "2023",
                 "--out", str(tmp_path / "out")]) == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "summary.docx", "summary.md"]
    document = docx.Document(tmp_path / "out" / "summary.docx")
    assert document.paragraphs[0].text.endswith("2023-01-01 – 2023-12-31")
