"""The report layout as one self-contained HTML page: no request leaves it (styles inline,
charts as inline SVG), landmarks and table headers for screen readers, a text alternative
for every chart, and a print stylesheet for A4."""

from __future__ import annotations

from html import escape

from reports.formatting import count, percent, text_table
from reports.layout import Report, Table
from store.i18n import active_language

STYLE = """
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d1d1b; background: #fff;
       max-width: 180mm; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; border-bottom: 1px solid #8a8a8a; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 10pt; }
th, td { padding: 3px 6px; border-bottom: 1px solid #d0d0d0; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2px solid #1d1d1b; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
tbody th { font-weight: normal; }
figure { margin: 0 0 1.5em; }
figcaption { font-size: 9pt; font-style: italic; margin-top: 0.3em; }
svg { max-width: 100%; height: auto; }
svg text { font: 11px Arial, sans-serif; fill: #1d1d1b; }
.bar { fill: #2f6f8f; } .bar2 { fill: #9cc3d5; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""
CHAR_WIDTH, BAR_WIDTH, ROW_HEIGHT, GAP = 7, 260, 20, 8  # px; 7 px is wider than any glyph


def _table(table: Table) -> str:
    headers, rows, numeric = text_table(table)
    head = "".join(f'<th scope="col"{" class=n" if number else ""}>{escape(text)}</th>'
                   for text, number in zip(headers, numeric, strict=True))
    body = "".join(
        "<tr>" + "".join(
            f'<th scope="row">{escape(text)}</th>' if index == 0
            else f'<td{" class=n" if numeric[index] else ""}>{escape(text)}</td>'
            for index, text in enumerate(row)) + "</tr>" for row in rows)
    title = f"<h3>{escape(table.title)}</h3>" if table.title else ""
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(table: Table, number: int) -> str:
    """Horizontal bars sized to their longest label and text, so nothing is clipped."""
    spec = table.chart
    bars = []
    for row in table.rows:
        shown = count(row[spec.value])
        if spec.share is not None:
            shown += f" ({percent(row[spec.share])} %)"
        second = row[spec.second] if spec.second is not None else None
        bars.append((str(row[spec.label]), row[spec.value], shown, second))
    highest = max([1] + [max(value, other or 0) for _l, value, _s, other in bars])
    label_width = CHAR_WIDTH * max(len(label) for label, *_rest in bars) + GAP
    text_width = CHAR_WIDTH * max(len(shown) for _l, _v, shown, _o in bars) + GAP
    step = ROW_HEIGHT * (2 if spec.second is not None else 1) + 6
    parts = []
    for index, (label, value, shown, second) in enumerate(bars):
        y = index * step
        parts.append(_bar(label, y, value, highest, shown, label_width, "bar"))
        if second is not None:
            parts.append(_bar("", y + ROW_HEIGHT, second, highest, count(second),
                              label_width, "bar2"))
    width, height = label_width + BAR_WIDTH + text_width, step * len(bars)
    description = "; ".join(f"{label}: {shown}" + (f" / {count(second)}" if second is not None
                                                   else "")
                            for label, _v, shown, second in bars)
    ident = f"chart{number}"
    return (f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(spec.title)}</title>'
            f'<desc id="{ident}-desc">{escape(description)}</desc>{"".join(parts)}</svg>'
            f'<figcaption aria-hidden="true">{escape(spec.title)}</figcaption></figure>')


def _bar(label: str, y: int, value: float, highest: float, shown: str,
         label_width: int, style: str) -> str:
    width = BAR_WIDTH * value / highest
    text = f'<text x="0" y="{y + 14}">{escape(label)}</text>' if label else ""
    return (f'{text}<rect class="{style}" x="{label_width}" y="{y + 2}" width="{width:.1f}" '
            f'height="{ROW_HEIGHT - 4}"/><text x="{label_width + width + 4:.1f}" '
            f'y="{y + 14}">{escape(shown)}</text>')


def render(report: Report) -> bytes:
    sections, charts = [], 0
    for index, section in enumerate(report.sections):
        parts = [f'<h2 id="section{index}">{escape(section.title)}</h2>']
        for table in section.tables:
            parts.append(_table(table))
            if table.chart and table.rows:
                charts += 1
                parts.append(_chart(table, charts))
        sections.append(f'<section aria-labelledby="section{index}">{"".join(parts)}</section>')
    page = (f'<!DOCTYPE html><html lang="{active_language()}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(report.heading)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{escape(report.heading)}</h1><p>{escape(report.opening)}</p></header>"
            f"<main>{''.join(sections)}</main></body></html>\n")
    return page.encode()
