"""Translated key bindings for Textual.

Textual reads ``BINDINGS`` when a class is created, before the configured language is known,
so bindings hold message ids (marked with ``N_``) and every screen translates its own copy
when it is built, in the language active then.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from store.i18n import _


def _translated(text: str) -> str:
    return _(text) if text else text


class TranslatedBindings(DOMNode):
    """Mix in before a Screen or App: its footer and help show translated descriptions."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Textual keeps each node's own copy of its bindings in ``_bindings``.
        bindings = self._bindings.key_to_bindings
        for key, key_bindings in bindings.items():
            bindings[key] = [replace(binding, description=_translated(binding.description),
                                     tooltip=_translated(binding.tooltip))
                             for binding in key_bindings]
