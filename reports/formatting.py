"""Numbers and labels as people read them: "53,5" in Danish, "53.5" in English.

Rounding happens here and only here, when a figure is printed.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from store import Taxonomy
from store.i18n import _, active_language
from store.taxonomy import Channel, Kind, label

MISSING = "–"


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal, ",0" left out: 0.535 -> "53,5"."""
    if value is None:
        return MISSING
    return format_decimal(round(value * 100, 1), format="0.#", locale=active_language())


def percent_with_previous(value: float | None, previous: float | None) -> str:
    """ "53,5 (56)": this period's percentage with last period's beside it."""
    return f"{percent(value)} ({percent(previous)})"


def decimal(value: float | None) -> str:
    if value is None:
        return MISSING
    return format_decimal(round(value, 1), format="0.#", locale=active_language())


def signed_percent(value: float | None) -> str:
    if value is None:
        return MISSING
    return ("+" if value > 0 else "") + percent(value) + " %"


class Labels:
    """Labels of every code in a summary, in the active language."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    def topic(self, code: str) -> str:
        return self.taxonomy.topics.label(code)

    def handling(self, code: str) -> str:
        return self.taxonomy.handling.label(code)

    def channel(self, code: str) -> str:
        return label(Channel(code))

    def kind(self, code: str) -> str:
        return label(Kind(code))

    def unit(self, unit: str | None) -> str:
        return unit or _("(area only)")
