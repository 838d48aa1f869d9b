"""Every user-facing message is in the Danish catalog, and both languages work."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from store.i18n import LOCALE_DIR, _, set_language, speaking, translations

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("store", "reports", "intake_bot", "scheduler", "tui", "borgerdesk")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found = set()
    for package in PACKAGES:
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / package, keywords=KEYWORDS, comment_tags=()):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_danish_translation():
    with (LOCALE_DIR / "da" / "LC_MESSAGES" / "borgerdesk.po").open("rb") as source:
        catalog = read_po(source, locale="da")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    missing = source_messages() - translated
    assert not missing, f"run ./dev i18n and translate: {sorted(missing)}"


def test_danish_is_the_default_and_english_is_the_message_id():
    set_language("da")
    assert _("Complaint") == "Klage"
    with speaking("en"):
        assert _("Complaint") == "Complaint"
    assert _("Complaint") == "Klage"
    assert translations("en").gettext("Call-back") == "Call-back"


def test_the_runtime_catalog_reader_agrees_with_babel():
    """store.i18n reads .po files itself (Babel is slow to import); it must read them as
    Babel writes them: multi-line strings, escapes, plural forms, no fuzzy entries."""
    from store.i18n import read_catalog

    path = LOCALE_DIR / "da" / "LC_MESSAGES" / "borgerdesk.po"
    with path.open("rb") as source:
        expected = {
            (m.id[0] if isinstance(m.id, tuple) else m.id):
                list(m.string) if isinstance(m.string, tuple) else [m.string]
            for m in read_po(source, locale="da") if m.id and not m.fuzzy}
    assert read_catalog(path) == expected


def test_plural_forms():
    set_language("da")
    from store.i18n import ngettext

    assert ngettext("{count} inquiry in {years}", "{count} inquiries in {years}", 1) == \
        "{count} henvendelse i {years}"
    assert ngettext("{count} inquiry in {years}", "{count} inquiries in {years}", 2) == \
        "{count} henvendelser i {years}"
