"""Personal data that must not be kept where it does not belong.

A CPR number (DDMMYY-XXXX, with or without the dash) sent in a chat is masked before anything
is stored; the advisor sees the masked form.
"""

from __future__ import annotations

import re
from datetime import date

CPR = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})([ -]?)(\d{4})(?!\d)")


def _plausible(match: re.Match[str]) -> bool:
    """With the dash it is written as a CPR number; without, it must start with a date (so
    that, say, a phone number with its country code is left alone)."""
    if match.group(4) == "-":
        return True
    day, month, year = (int(part) for part in match.group(1, 2, 3))
    try:
        date(2000 + year, month, day)  # any century: only day and month are checked
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

    return CPR.sub(mask, text), found
