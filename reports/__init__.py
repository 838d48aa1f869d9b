"""Summaries for any period, rendered as Markdown, CSV, JSON, XLSX, HTML and Word.

Imports the store only (design.md section 2). Each format has its own renderer module,
imported only when that format is asked for: ``summary --format md`` never loads openpyxl or
python-docx, and ``borgerdesk --help`` loads no renderer at all.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reports.summary import Period, Summary, compute_summary, summary_document
from store import Taxonomy

# Each format's renderer module; every one but JSON renders the layout of reports.layout.
RENDERERS = {"md": "reports.markdown", "csv": "reports.csv_table",
             "json": "reports.json_document", "xlsx": "reports.workbook",
             "html": "reports.html", "docx": "reports.word"}
FORMATS = tuple(RENDERERS)

__all__ = ["FORMATS", "Period", "Summary", "compute_summary", "render", "summary_document",
           "write_summary"]


def render(summary: Summary, format_: str, taxonomy: Taxonomy, title: str) -> bytes:
    """One format of a summary, as the bytes of its file."""
    if format_ not in RENDERERS:
        raise ValueError(f"unknown format {format_!r}; choose from {', '.join(FORMATS)}")
    renderer = importlib.import_module(RENDERERS[format_])
    document = summary_document(summary)
    if format_ == "json":
        return renderer.render(document)
    from reports.formatting import Labels
    from reports.layout import build_report

    return renderer.render(build_report(document, Labels(taxonomy), title))


def write_summary(summary: Summary, formats: Iterable[str], folder: Path, taxonomy: Taxonomy,
                  title: str) -> list[Path]:
    """Write ``summary.<format>`` files into ``folder`` all at once: they are rendered into a
    temporary folder beside it, which then replaces ``folder``, so readers (and a crash) see
    the old set of files or the new one, never a mix."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for format_ in formats:
            (staging / f"summary.{format_}").write_bytes(render(summary, format_, taxonomy,
                                                                title))
        os.chmod(staging, 0o755)  # noqa: S103 - summaries hold no personal data
        if folder.exists():
            retired = folder.with_name(f".{folder.name}.old")
            shutil.rmtree(retired, ignore_errors=True)
            os.replace(folder, retired)
            os.replace(staging, folder)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(folder.iterdir())
