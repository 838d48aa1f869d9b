"""Summaries for any period, rendered as Markdown, CSV, JSON, XLSX and HTML.

Imports the store only (design.md section 2).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reports.formatting import Labels
from reports.html import render_html
from reports.markdown import render_markdown
from reports.summary import Period, Summary, compute_summary, summary_document
from reports.tabular import render_csv, render_json, render_xlsx
from store import Taxonomy

FORMATS = ("md", "csv", "json", "xlsx", "html")

__all__ = ["FORMATS", "Period", "Summary", "compute_summary", "render", "summary_document",
           "write_summary"]


def render(summary: Summary, format_: str, taxonomy: Taxonomy, title: str) -> bytes:
    """One format of a summary, as the bytes of its file."""
    document, labels = summary_document(summary), Labels(taxonomy)
    if format_ == "md":
        return render_markdown(document, labels, title).encode()
    if format_ == "csv":
        return render_csv(document).encode()
    if format_ == "json":
        return render_json(document).encode()
    if format_ == "xlsx":
        return render_xlsx(document, labels)
    if format_ == "html":
        return render_html(document, labels, title).encode()
    raise ValueError(f"unknown format {format_!r}; choose from {', '.join(FORMATS)}")


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
