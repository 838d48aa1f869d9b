"""Translations for every part of Borgerdesk, from the gettext catalogs in ``store/locale``.

Message ids are English; Danish is the default language. Catalogs are kept as ``.po`` text,
which reads well in a diff and is maintained with Babel (``./dev i18n``); at run time the few
lines of it that matter are read here directly, so neither a build step, a binary ``.mo``
file nor Babel's import time (a fifth of a second) is needed to start. The module lives in
``store`` because every part may import the store.
"""

from __future__ import annotations

import gettext
import json
import threading
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "borgerdesk"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

_state = threading.local()
# A .po string is a C string literal; those Babel writes (escaped \\ " \n \t \r, UTF-8 text)
# decode as JSON, in a third of the time ``ast.literal_eval`` takes (0.02 s of each start).
_literal = json.JSONDecoder(strict=False).decode


class Catalog(gettext.NullTranslations):
    """A catalog read from a ``.po`` file; plural forms as in Danish and English (n != 1)."""

    def __init__(self, messages: dict[str, list[str]]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found[0] if found and found[0] else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.messages.get(singular)
        index = 0 if n == 1 else 1
        if found and len(found) > index and found[index]:
            return found[index]
        return singular if n == 1 else plural


def read_catalog(path: Path) -> dict[str, list[str]]:
    """msgid -> its translations (one, or one per plural form), from a Babel-written ``.po``;
    fuzzy and obsolete entries are left out, as gettext does."""
    messages: dict[str, list[str]] = {}
    entry: dict[str, list[str]] = {}
    field, fuzzy = "", False

    def finish() -> None:
        msgid = "".join(entry.get("msgid", []))
        if msgid and not fuzzy:  # the header has the empty msgid
            forms = [entry[key] for key in sorted(entry) if key.startswith("msgstr")]
            messages[msgid] = ["".join(form) for form in forms]

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid ") or (not line.strip() and entry):
            finish()
            entry, fuzzy = {}, fuzzy and not line.startswith("msgid ")
            if line.startswith("msgid "):
                field = "msgid"
                entry[field] = [_literal(line[6:])]
        elif line.startswith(("msgid_plural ", "msgstr")) and not line.startswith("#"):
            field, _sep, text = line.partition(" ")
            entry[field] = [_literal(text)]
        elif line.startswith('"') and field in entry:
            entry[field].append(_literal(line))
    finish()
    return messages


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of one language (English message ids need none)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.exists():
        return gettext.NullTranslations()
    return Catalog(read_catalog(po_file))


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
