"""Translations for every part of Borgerdesk, from the gettext catalogs in ``store/locale``.

Message ids are English; Danish is the default language. Catalogs are kept as ``.po`` text,
which reads well in a diff, and compiled in memory with Babel on first use, so neither a build
step nor a binary ``.mo`` file is needed. The module lives in ``store`` because every part may
import the store, and it needs nothing beyond the standard library and Babel.
"""

from __future__ import annotations

import gettext
import io
import threading
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "borgerdesk"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

_state = threading.local()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of one language (English message ids need none)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.exists():
        return gettext.NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


_default = [DEFAULT_LANGUAGE]


def set_language(language: str) -> None:
    """Choose the language of this process (the office's configured language)."""
    translations(language)  # fail early on an unknown language
    _default[0] = language


def active_language() -> str:
    """The language of the current thread: a ``speaking`` block's, else the process's."""
    return getattr(_state, "language", None) or _default[0]


class speaking:  # noqa: N801 - reads as a sentence: ``with speaking("en"): ...``
    """Temporarily translate into another language in this thread (the bot per citizen)."""

    def __init__(self, language: str) -> None:
        translations(language)
        self.language = language

    def __enter__(self) -> None:
        self._previous = getattr(_state, "language", None)
        _state.language = self.language

    def __exit__(self, *exc: object) -> None:
        _state.language = self._previous


def _(message: str) -> str:
    """Translate a message into the active language."""
    return translations(active_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a count."""
    return translations(active_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for the catalog; it is translated where it is shown."""
    return message
