"""The report, laid out once: titled sections of typed tables and charts.

Every format (Markdown, HTML, CSV, XLSX, Word, the TUI's statistics screen) renders this
layout and nothing else, so they show the same figures in the same order, shaped like the
statistics chapter of the offices' annual reports (design.md 1.4). Values stay numbers here;
each renderer prints them by their column's kind. Shares come from the summary document or
from ``share()``, never from a division of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from reports.formatting import Labels, count, percent, signed_percent
from reports.summary import share
from store.i18n import _, ngettext

ColumnKind = Literal["text", "count", "share", "previous_share", "days"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind


@dataclass(frozen=True)
class Chart:
    """Horizontal bars of one table: a bar per row from the ``value`` column, labelled with
    the ``label`` column; ``share`` adds a percentage to the bar's text ("179 (44,4 %)") and
    ``second`` a lighter second bar (topics: involved beside primary)."""

    title: str
    label: int
    value: int
    share: int | None = None
    second: int | None = None


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    title: str | None = None
    chart: Chart | None = None


@dataclass(frozen=True)
class Section:
    name: str  # short, for a worksheet's tab
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Report:
    heading: str
    opening: str  # the sentence the reports open with: totals and the change in percent
    sections: tuple[Section, ...]


def _columns(*pairs: tuple[str, ColumnKind]) -> tuple[Column, ...]:
    return tuple(Column(header, kind) for header, kind in pairs)


def build_report(document: dict[str, Any], labels: Labels, title: str) -> Report:
    """The layout of a summary document (``summary_document``), in the active language."""
    total, previous = document["inquiries"], document["previous"]
    period = f"{document['period']['start']} – {document['period']['end']}"
    kinds = document["by_kind"]
    opening = " ".join([
        ngettext("{count} inquiry against {previous} in {start} – {end} ({change}).",
                 "{count} inquiries against {previous} in {start} – {end} ({change}).",
                 total).format(
            count=count(total), previous=count(previous["inquiries"]),
            start=previous["period"]["start"], end=previous["period"]["end"],
            change=signed_percent(document["change_share"])),
        _("{complaints} and {other}. {taken_up} taken up for closer handling "
          "({share} %).").format(
            complaints=ngettext("{count} complaint", "{count} complaints",
                                kinds["complaint"]).format(count=count(kinds["complaint"])),
            other=ngettext("{count} other inquiry", "{count} other inquiries",
                           kinds["other"]).format(count=count(kinds["other"])),
            taken_up=count(document["taken_up"]["count"]),
            share=percent(document["taken_up"]["share"]))])
    return Report(f"{title}: {period}", opening, (
        _overview(document, labels), _areas(document), _units(document, labels),
        _topics(document, labels), _counted(_("Handling"), _("Handling"), total, [
            (labels.handling(code), number) for code, number in document["by_handling"].items()]),
        _counted(_("Channels"), _("Channel"), total, [
            (labels.channel(code), number) for code, number in document["by_channel"].items()]),
        _response(document), _months(document)))


def _overview(document: dict[str, Any], labels: Labels) -> Section:
    total, previous = document["inquiries"], document["previous"]
    periods = Table(_columns((_("Period"), "text"), (_("From"), "text"), (_("To"), "text"),
                             (_("Inquiries"), "count")), (
        (_("This period"), document["period"]["start"], document["period"]["end"], total),
        (_("Previous period"), previous["period"]["start"], previous["period"]["end"],
         previous["inquiries"])))
    kinds, taken_up = document["by_kind"], document["taken_up"]
    complaint_help = document["by_handling"].get("complaint_help", 0)
    figures = Table(_columns((_("Figure"), "text"), (_("Inquiries"), "count"),
                             (_("Percent"), "share")), title=_("Key figures"), rows=(
        (_("Change against the previous period"), total - previous["inquiries"],
         document["change_share"]),
        (labels.kind("complaint"), kinds["complaint"], share(kinds["complaint"], total)),
        (labels.kind("other"), kinds["other"], share(kinds["other"], total)),
        (_("Taken up for closer handling"), taken_up["count"], taken_up["share"]),
        (_("Matters with meetings attended"), document["meetings"],
         share(document["meetings"], total)),
        (_("Help with the complaint process"), complaint_help, share(complaint_help, total)),
        (_("From citizens who contacted the office before"), document["repeat_citizens"],
         document["repeat_citizen_share"]),
        (_("Open at the end of the period"), document["open_at_end"],
         share(document["open_at_end"], total))))
    return Section(_("Overview"), _("Overview"), (periods, figures))


def _areas(document: dict[str, Any]) -> Section:
    table = Table(_columns((_("Area"), "text"), (_("Inquiries"), "count"),
                           (_("Percent"), "share"), (_("Percent last period"), "previous_share"),
                           (_("Taken up"), "count")),
                  tuple((row["area"], row["count"], row["share"], row["previous_share"],
                         row["taken_up"]) for row in document["by_area"]),
                  chart=Chart(_("Inquiries by area"), label=0, value=1, share=2))
    return Section(_("Areas"), _("Inquiries by area"), (table,))


def _units(document: dict[str, Any], labels: Labels) -> Section:
    table = Table(_columns((_("Area"), "text"), (_("Unit"), "text"), (_("Inquiries"), "count"),
                           (_("Percent of area"), "share"), (_("Percent of all"), "share"),
                           (_("Percent last period"), "previous_share"), (_("Taken up"), "count")),
                  tuple((row["area"], labels.unit(row["unit"]), row["count"],
                         row["share_in_area"], row["share"], row["previous_share"],
                         row["taken_up"]) for row in document["by_department"]),
                  chart=Chart(_("Inquiries by unit"), label=1, value=2, share=3))
    return Section(_("Units"), _("Inquiries by unit, in percent of the area"), (table,))


def _topics(document: dict[str, Any], labels: Labels) -> Section:
    table = Table(_columns((_("Topic"), "text"), (_("Primary problem"), "count"),
                           (_("Involved"), "count")),
                  tuple((labels.topic(row["topic"]), row["primary"], row["involved"])
                        for row in document["by_topic"]),
                  chart=Chart(_("Topics: primary problem (dark) and involved (light)"),
                              label=0, value=1, second=2))
    return Section(_("Topics"), _("Topics: primary problem and involved"), (table,))


def _counted(title: str, header: str, total: int, rows: list[tuple[str, int]]) -> Section:
    table = Table(_columns((header, "text"), (_("Inquiries"), "count"), (_("Percent"), "share")),
                  tuple((name, number, share(number, total)) for name, number in rows),
                  chart=Chart(title, label=0, value=1, share=2))
    return Section(title, title, (table,))


def _response(document: dict[str, Any]) -> Section:
    response, total = document["response"], document["inquiries"]
    days = response["target_working_days"]
    answers = Table(_columns((_("Figure"), "text"), (_("Inquiries"), "count"),
                             (_("Percent"), "share")), (
        (_("Answered"), response["answered"], share(response["answered"], total)),
        (_("Due by the end of the period"), response["due"], share(response["due"], total)),
        (_("Answered within {days} working days").format(days=days), response["within_target"],
         response["share_within_target"]),
        (_("Open and overdue at the end of the period"), response["open_overdue"],
         share(response["open_overdue"], total))))
    times = Table(_columns((_("Figure"), "text"), (_("Working days"), "days")),
                  title=_("Working days to the first response"), rows=(
        (_("Target for the first response"), days),
        (_("Median working days to first response"), response["median_working_days"])))
    return Section(_("Response"), _("Response times"), (answers, times))


def _months(document: dict[str, Any]) -> Section:
    table = Table(_columns((_("Month"), "text"), (_("Inquiries"), "count"),
                           (_("Percent answered in time"), "share")),
                  tuple((row["month"], row["inquiries"], row["share_within_target"])
                        for row in document["monthly"]),
                  chart=Chart(_("Inquiries by month"), label=0, value=1))
    return Section(_("By month"), _("By month"), (table,))
