"""The report layout as Markdown: headings and right-aligned tables, as the reports print."""

from __future__ import annotations

from reports.formatting import text_table
from reports.layout import Report, Table


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def _table(table: Table) -> str:
    headers, rows, numeric = text_table(table)
    lines = [f"### {_escape(table.title)}", ""] if table.title else []
    lines += ["| " + " | ".join(map(_escape, headers)) + " |",
              "|" + "|".join("---:" if number else "---" for number in numeric) + "|"]
    lines += ["| " + " | ".join(map(_escape, row)) + " |" for row in rows]
    return "\n".join(lines)


def render(report: Report) -> bytes:
    parts = [f"# {report.heading}", report.opening]
    for section in report.sections:
        parts.append(f"## {section.title}")
        parts += [_table(table) for table in section.tables]
    return ("\n\n".join(parts) + "\n").encode()
