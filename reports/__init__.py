"""Summaries for any period, rendered as Markdown, CSV, JSON, XLSX and HTML.

Imports the store only (design.md section 2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from reports.formatting import Labels
from reports.html import render_html
from reports.markdown import render_markdown
from reports.summary import Period, Summary, compute_summary, summary_document
from reports.tabular import render_csv, render_json, render_xlsx
from store import Taxonomy
from store.paths import private_directory
from store.storage import FILE_MODE, fsync_directory, write_temporary

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
    """Write ``summary.<format>`` files into ``folder`` (created, with its parents, readable by
    its owner only), each atomically: rendered into a temporary file beside it, fsynced, then
    renamed over it. Nothing else in ``folder`` is ever removed or replaced: it may be a
    user's own folder. The files written."""
    private_directory(folder)
    _sweep_stale_temporaries(folder)
    written = []
    for format_ in formats:
        target = folder / f"summary.{format_}"
        temporary = write_temporary(target, render(summary, format_, taxonomy, title))
        try:
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        written.append(target)
    fsync_directory(folder)
    return written


STALE_TEMPORARY = re.compile(r"\.summary\.[a-z]+\.(\d+)\.\d+\.tmp")


def _sweep_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files of a summary writer that was killed halfway: only files
    named exactly as ``write_summary`` names them, and only if their process is gone."""
    for path in folder.glob(".summary.*.tmp"):
        match = STALE_TEMPORARY.fullmatch(path.name)
        if match and not _process_alive(int(match.group(1))):
            path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process
    return True
