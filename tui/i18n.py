"""Translated key bindings for Textual, through its public ``active_bindings``.

Textual reads ``BINDINGS`` when a class is created, before the configured language is known,
so bindings hold message ids (marked with ``N_``); every screen of ours translates the
bindings it reports as active (which the footer shows), in the language active then.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from store.i18n import N_, _

ResultType = TypeVar("ResultType")
# Textual's own binding texts that our screens' footers show (a Select's open menu, ...),
# marked here so the catalog has them.
TEXTUAL_TEXTS = (N_("Dismiss menu"), N_("Exit the command palette"))


def translated(text: str | None) -> str:
    return _(text) if text else (text or "")


class TranslatedBindings:
    """Mixin for a screen: its active bindings (the app's included) in the active language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {key: active._replace(
                    binding=replace(active.binding,
                                    description=translated(active.binding.description),
                                    tooltip=translated(active.binding.tooltip)),
                    tooltip=translated(active.tooltip))
                for key, active in super().active_bindings.items()}


class TranslatedScreen(TranslatedBindings, Screen):
    """A screen whose footer shows its bindings in the active language."""


class TranslatedModalScreen(TranslatedBindings, ModalScreen[ResultType]):
    """A dialog whose footer shows its bindings in the active language."""
