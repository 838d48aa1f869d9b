"""The summary as one self-contained HTML page with SVG bar charts that prints well on A4."""

from __future__ import annotations

from html import escape
from typing import Any

from reports.formatting import Labels, percent, percent_with_previous, signed_percent
from store.i18n import _, active_language

STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d1d1b; max-width: 180mm;
       margin: 2em auto; line-height: 1.4; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; font-size: 10pt; }
th, td { padding: 3px 6px; border-bottom: 1px solid #e4e4e4; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0 0 1.5em; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
section { page-break-inside: avoid; }
svg text { font-size: 11px; fill: #1d1d1b; }
.bar { fill: #2f6f8f; } .bar2 { fill: #9cc3d5; }
"""
BAR_WIDTH, LABEL_WIDTH, ROW_HEIGHT = 300, 260, 20


def bar_chart(caption: str, rows: list[tuple[str, float, str]],
              second: list[float] | None = None) -> str:
    """Horizontal bars: (label, value, value shown); ``second`` draws a lighter bar below."""
    highest = max([value for _label, value, _text in rows] + (second or []) + [1])
    step = ROW_HEIGHT * (2 if second else 1) + 6
    parts = []
    for index, (label, value, shown) in enumerate(rows):
        y = index * step
        width = BAR_WIDTH * value / highest
        parts.append(f'<text x="0" y="{y + 14}">{escape(label[:42])}</text>'
                     f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" '
                     f'height="{ROW_HEIGHT - 4}"/>'
                     f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 14}">{escape(shown)}</text>')
        if second:
            other = BAR_WIDTH * second[index] / highest
            parts.append(f'<rect class="bar2" x="{LABEL_WIDTH}" y="{y + ROW_HEIGHT}" '
                         f'width="{other:.1f}" height="{ROW_HEIGHT - 4}"/>'
                         f'<text x="{LABEL_WIDTH + other + 4:.1f}" y="{y + ROW_HEIGHT + 12}">'
                         f'{second[index]:g}</text>')
    height = max(step * len(rows), ROW_HEIGHT)
    width = LABEL_WIDTH + BAR_WIDTH + 60
    return (f'<figure><figcaption>{escape(caption)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(caption)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'{"".join(parts)}</svg></figure>')


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{escape(c)}</td>' if index else f"<td>{escape(c)}</td>"
        for index, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(document: dict[str, Any], labels: Labels, title: str) -> str:
    period = document["period"]
    heading = f"{title}: {period['start']} – {period['end']}"
    charts = [
        bar_chart(_("Inquiries by area"), [
            (row["area"], row["count"],
             f"{row['count']} ({percent_with_previous(row['share'], row['previous_share'])})")
            for row in document["by_area"]]),
        bar_chart(_("Inquiries by unit"), [
            (f"{labels.unit(row['unit'])}", row["count"], str(row["count"]))
            for row in document["by_department"]]),
        bar_chart(_("Topics: primary problem (dark) and involved (light)"), [
            (labels.topic(row["topic"]), row["primary"], str(row["primary"]))
            for row in document["by_topic"]],
            second=[row["involved"] for row in document["by_topic"]]),
        bar_chart(_("Inquiries by month"), [
            (row["month"], row["inquiries"], str(row["inquiries"]))
            for row in document["monthly"]]),
        bar_chart(_("Percent answered in time, by month"), [
            (row["month"], 100 * (row["share_within_target"] or 0),
             percent(row["share_within_target"]) + " %")
            for row in document["monthly"]]),
    ]
    response = document["response"]
    key_figures = _table([_("Figure"), _("Value")], [
        [_("Inquiries"), str(document["inquiries"])],
        [_("Change against the previous period"), signed_percent(document["change_share"])],
        [labels.kind("complaint"), str(document["by_kind"]["complaint"])],
        [labels.kind("other"), str(document["by_kind"]["other"])],
        [_("Taken up"), f"{document['taken_up']['count']} "
                        f"({percent(document['taken_up']['share'])} %)"],
        [_("Answered within {days} working days").format(days=response["target_working_days"]),
         f"{percent(response['share_within_target'])} %"],
        [_("Open and overdue at the end of the period"), str(response["open_overdue"])],
    ])
    tables = [
        (_("By department"), _table(
            [_("Area"), _("Unit"), _("Inquiries"), _("Percent of area"),
             _("Percent (last period)"), _("Taken up")],
            [[row["area"], labels.unit(row["unit"]), str(row["count"]),
              percent(row["share_in_area"]),
              percent_with_previous(row["share"], row["previous_share"]), str(row["taken_up"])]
             for row in document["by_department"]])),
        (_("Topics"), _table([_("Topic"), _("Primary problem"), _("Involved")], [
            [labels.topic(row["topic"]), str(row["primary"]), str(row["involved"])]
            for row in document["by_topic"]])),
        (_("Handling"), _table([_("Handling"), _("Inquiries")], [
            [labels.handling(code), str(count)]
            for code, count in document["by_handling"].items()])),
        (_("Channels"), _table([_("Channel"), _("Inquiries")], [
            [labels.channel(code), str(count)]
            for code, count in document["by_channel"].items()])),
    ]
    sections = "".join(f"<section><h2>{escape(name)}</h2>{table}</section>"
                       for name, table in tables)
    return (f'<!DOCTYPE html><html lang="{active_language()}"><head><meta charset="utf-8">'
            f"<title>{escape(heading)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(heading)}</h1><section>{key_figures}</section>"
            f"<section><h2>{escape(_('Charts'))}</h2>{''.join(charts)}</section>"
            f"{sections}</body></html>\n")
