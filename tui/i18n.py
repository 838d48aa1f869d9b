"""Translated key bindings for Textual.

Textual reads ``BINDINGS`` when a class is created, before the configured language is known,
so bindings hold message ids (marked with ``N_``) and every screen translates its own copy
when it is built, in the language active then.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from store.i18n import _

ResultType = TypeVar("ResultType")


def _translated(text: str) -> str:
    return _(text) if text else text


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions of a node's own copy of its bindings (``_bindings``)."""
    bindings = node._bindings.key_to_bindings
    for key, key_bindings in bindings.items():
        bindings[key] = [replace(binding, description=_translated(binding.description),
                                 tooltip=_translated(binding.tooltip))
                         for binding in key_bindings]


class TranslatedScreen(Screen):
    """A screen whose footer and help show its bindings in the active language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


class TranslatedModalScreen(ModalScreen[ResultType]):
    """A dialog whose bindings are shown in the active language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
