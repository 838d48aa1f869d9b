"""Summaries for any period, rendered as Markdown, CSV, JSON, XLSX, HTML and Word.

Imports the store only (design.md section 2). Each format has its own renderer module,
imported only when that format is asked for: ``summary --format md`` never loads openpyxl or
python-docx, and ``borgerdesk --help`` loads no renderer at all.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from reports.summary import Period, Summary, compute_summary, summary_document
from store import Taxonomy
from store.paths import private_directory
from store.storage import fsync_directory, replace_atomically

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
    """Write ``summary.<format>`` files into ``folder`` (created, with its parents, readable by
    its owner only), each atomically: rendered into a temporary file beside it, fsynced, then
    renamed over it. Nothing else in ``folder`` is ever removed or replaced: it may be a
    user's own folder. The files written."""
    private_directory(folder)
    _sweep_stale_temporaries(folder)
    written = []
    for format_ in formats:
        target = folder / f"summary.{format_}"
        replace_atomically(target, render(summary, format_, taxonomy, title))
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
