"""CPR numbers in typed text: found and masked, wherever text enters the store.

Apart from ``store.privacy`` (retention, erasure, access requests) so that every write, and
the first screen of the TUI, can mask without importing all of that.
"""

from __future__ import annotations

import re
from datetime import date

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # hyphens, en dash, ...
SPACES = " \t\u00a0\u2007\u202f"  # also the non-breaking spaces a word processor puts in
SPACE = f"[{SPACES}]"
# Between two groups: nothing, spaces, or a dot, slash or dash with or without spaces.
BETWEEN = f"(?:{SPACE}*[./{re.escape(DASHES)}]{SPACE}*|{SPACE}+)?"
# The year in two digits or, from this or the last century, in four (01.01.1990-1234).
CPR = re.compile(rf"(?<![\d+])(\d{{2}})({BETWEEN})(\d{{2}})({BETWEEN})"
                 rf"((?:19|20)\d{{2}}|\d{{2}})({BETWEEN})(\d{{4}})(?!\d)")
# Characters nobody sees (soft hyphen, zero-width space and joiners, word joiner, BOM): beside
# a digit they are dropped before looking, or they would hide a number from the pattern.
INVISIBLE = "[\u00ad\u200b\u200c\u200d\u2060\ufeff]+"
INVISIBLE_BESIDE_DIGIT = re.compile(rf"(?<=\d){INVISIBLE}|{INVISIBLE}(?=\d)")
AFTER_COUNTRY_CODE = re.compile(rf"(?:\+|\b00|\(\+?)\d{{1,3}}\)?{SPACE}*$")


def _plausible(match: re.Match[str]) -> bool:
    """Written DDMMYY-XXXX (any dash) it is a CPR number. Written any other way, it must
    start with a date and not follow a country code (``+45``, ``0045``), so that a phone
    number is left alone."""
    before = match.string[max(0, match.start() - 8):match.start()]
    if AFTER_COUNTRY_CODE.search(before):
        return False
    serial_separator = match.group(6).strip(SPACES)
    if not match.group(2) and not match.group(4) and serial_separator \
            and serial_separator in DASHES:
        return True
    day, month, year = (int(part) for part in match.group(1, 3, 5))
    try:
        date(2000 + year % 100, month, day)  # any century: only day and month are checked
    except ValueError:
        return False
    return True


def mask_cpr(text: str) -> tuple[str, bool]:
    """The text with every CPR-like number replaced by ``DDMMYY-XXXX``; and whether any was."""
    found = False

    def mask(match: re.Match[str]) -> str:
        nonlocal found
        if not _plausible(match):
            return match.group(0)
        found = True
        return "DDMMYY-XXXX"

    if INVISIBLE_BESIDE_DIGIT.search(text):
        text = INVISIBLE_BESIDE_DIGIT.sub("", text)
    return CPR.sub(mask, text), found
