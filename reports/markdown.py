"""The summary as Markdown, with tables laid out like the published annual reports."""

from __future__ import annotations

from typing import Any

from reports.formatting import Labels, decimal, percent, percent_with_previous, signed_percent
from store.i18n import _


def _table(headers: list[str], rows: list[list[str]]) -> str:
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(map(escape, headers)) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(map(escape, row)) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(document: dict[str, Any], labels: Labels, title: str) -> str:
    period, previous = document["period"], document["previous"]
    response = document["response"]
    total = document["inquiries"]
    parts = [
        f"# {title}: {period['start']} – {period['end']}",
        _("{count} inquiries against {previous} in {start} – {end} ({change}).").format(
            count=total, previous=previous["inquiries"], start=previous["period"]["start"],
            end=previous["period"]["end"], change=signed_percent(document["change_share"])),
        _("{complaints} complaints and {other} other inquiries. {taken_up} taken up for "
          "closer handling ({share} %).").format(
            complaints=document["by_kind"]["complaint"], other=document["by_kind"]["other"],
            taken_up=document["taken_up"]["count"],
            share=percent(document["taken_up"]["share"])),
        "## " + _("By department"),
        _table([_("Area"), _("Inquiries"), _("Percent (last period)"), _("Taken up")], [
            [row["area"], str(row["count"]),
             percent_with_previous(row["share"], row["previous_share"]), str(row["taken_up"])]
            for row in document["by_area"]]),
        _table([_("Area"), _("Unit"), _("Inquiries"), _("Percent of area"),
                _("Percent (last period)"), _("Taken up")], [
            [row["area"], labels.unit(row["unit"]), str(row["count"]),
             percent(row["share_in_area"]),
             percent_with_previous(row["share"], row["previous_share"]), str(row["taken_up"])]
            for row in document["by_department"]]),
        "## " + _("Topics"),
        _table([_("Topic"), _("Primary problem"), _("Involved")], [
            [labels.topic(row["topic"]), str(row["primary"]), str(row["involved"])]
            for row in document["by_topic"]]),
        "## " + _("Handling"),
        _table([_("Handling"), _("Inquiries")], [
            [labels.handling(code), str(count)]
            for code, count in document["by_handling"].items()]),
        "## " + _("Channels"),
        _table([_("Channel"), _("Inquiries")], [
            [labels.channel(code), str(count)] for code, count in document["by_channel"].items()]),
        "## " + _("Response"),
        _table([_("Figure"), _("Value")], [
            [_("Answered"), str(response["answered"])],
            [_("Answered within {days} working days").format(
                days=response["target_working_days"]),
             f"{response['within_target']} ({percent(response['share_within_target'])} %)"],
            [_("Median working days to first response"),
             decimal(response["median_working_days"])],
            [_("Open and overdue at the end of the period"), str(response["open_overdue"])],
            [_("Open at the end of the period"), str(document["open_at_end"])],
            [_("Matters with meetings attended"), str(document["meetings"])],
            [_("Help with the complaint process"),
             str(document["by_handling"].get("complaint_help", 0))],
            [_("From citizens who contacted the office before"),
             f"{percent(document['repeat_citizen_share'])} %"],
        ]),
        "## " + _("By month"),
        _table([_("Month"), _("Inquiries"), _("Percent answered in time")], [
            [row["month"], str(row["inquiries"]), percent(row["share_within_target"])]
            for row in document["monthly"]]),
    ]
    return "\n\n".join(parts) + "\n"
