"""Phone numbers and e-mail addresses: recognised and normalised in one place.

The chat finds them in what a citizen writes, import checks a cell, contact matching and
search compare them: all through these functions, so "22 33 44 55", "+45 22334455" and
"0045 22 33 44 55" are the same number everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A run of digits and spaces that is not part of a longer run (a 60-digit string is no
# phone number); at most 15 digits, as the international format (E.164) allows.
PHONE_IN_TEXT = re.compile(r"(?<![\d+])\+?\d[\d ]{6,22}\d(?![\d])")
MAX_PHONE_DIGITS = 15
EMAIL_MAX = 254  # characters in an address (RFC 5321)
AROUND_ADDRESS = "<>()[]{},;:\"'«»"  # what may stand around an address in a sentence
PHONE_ALONE = re.compile(r"^\(?\+?[\d\s()-]+$")
EMAIL_ALONE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PHONE_DIGITS = 8  # a Danish number; a foreign one has more
COUNTRY_CODE = re.compile(r"\(?\s*(?:\+|00)\s*45\s*\)?")  # Denmark's, typed before a number
REFERENCE_PART = re.compile(r"(?:19|20)\d\d-\d{1,5}$")  # BR-2026-0371 without its "BR-"


def phone_digits(text: str) -> str:
    """The digits of a phone number, without Denmark's country code (+45 or 0045)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0045"):
        return digits[4:]
    if digits.startswith("45") and len(digits) == MIN_PHONE_DIGITS + 2:
        return digits[2:]
    return digits


def is_phone(text: str) -> bool:
    """``text`` is a phone number and nothing else (digits, spaces, + - and brackets)."""
    return bool(PHONE_ALONE.match(text.strip())) and len(
        re.sub(r"\D", "", text)) >= MIN_PHONE_DIGITS


def is_email(text: str) -> bool:
    """``text`` is an e-mail address and nothing else."""
    return bool(EMAIL_ALONE.match(text.strip()))


def find_phone(text: str) -> str | None:
    """The first phone number written in a message, as written."""
    for found in PHONE_IN_TEXT.finditer(text):
        if len(re.sub(r"\D", "", found.group(0))) <= MAX_PHONE_DIGITS:
            return found.group(0).strip()
    return None


def find_email(text: str) -> str | None:
    """The first e-mail address written in a message. Word by word: a pattern over the whole
    text backtracks quadratically on a long message without an address (64 KB took 50 s)."""
    for word in text.split():
        if "@" in word and len(word) <= EMAIL_MAX + len(AROUND_ADDRESS):
            candidate = word.strip(AROUND_ADDRESS).rstrip(".!?")
            if EMAIL_ALONE.match(candidate):
                return candidate
    return None


def search_digits(query: str) -> str | None:
    """A search query that is (part of) a phone number, as the digits to look for: so a
    stored "22 33 44 55" is found by "22334455", "+45 22 33 44 55", "2233" and "+45 2233".
    A year and number ("2026-0371") is part of a reference, not of a phone number."""
    query = query.strip()
    if not PHONE_ALONE.match(query) or REFERENCE_PART.match(query):
        return None
    country = COUNTRY_CODE.match(query)  # typed, so it goes whatever the length
    digits = re.sub(r"\D", "", query[country.end():] if country else query)
    return phone_digits(digits) if len(digits) >= 4 else None


@lru_cache(maxsize=65_536)  # the same citizens are matched again and again
def contact_keys(phone: str, email: str, chat_id: str) -> frozenset[str]:
    """Normalised phone, e-mail and chat id: what identifies the same citizen again."""
    keys = set()
    digits = phone_digits(phone)
    if len(digits) >= MIN_PHONE_DIGITS:
        keys.add("phone:" + digits)
    if "@" in email:
        keys.add("email:" + email.strip().casefold())
    if chat_id.strip():
        keys.add("chat:" + chat_id.strip())
    return frozenset(keys)
