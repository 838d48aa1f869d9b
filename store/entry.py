"""Where citizen text enters the store: checked and masked once, for every way in.

Chat, the TUI's form, import and every later edit reach the year files through the
repository's two writes (create/import and change), and both pass the new inquiry through
``accepted``. So a CPR number is masked however it was typed (in free text and in the
citizen's phone and e-mail), a lone surrogate (which no file
can hold) is refused naming its field, and a date the calendar cannot compute with is refused
before it could break every later search, whatever the caller.
"""

from __future__ import annotations

from typing import Any, TypeVar

from store.cpr import mask_cpr
from store.errors import ValidationError
from store.i18n import _
from store.model import from_document, to_document

T = TypeVar("T")

# Keys whose string values are free text a person typed (subject, journal text, ...).
FREE_TEXT = frozenset({"subject", "description", "outcome", "name", "relation", "text",
                       "note"})
# The citizen's contact fields: typed by hand too, and a CPR number ends up in them
# (``010190-1234@example.dk``); a real phone number is never CPR-shaped, so it is kept.
CONTACT = frozenset({"phone", "email"})
# Keys of timestamps; a year outside this range overflows the working-day arithmetic.
TIMESTAMPS = frozenset({"received_at", "first_response_at", "closed_at", "response_due",
                        "updated_at", "anonymised_at", "at", "due_at", "done_at"})
FIRST_YEAR, LAST_YEAR = 1900, 2999


def accepted(struct: T) -> T:
    """``struct`` validated as strictly as one read from a file, its free text masked;
    ValidationError naming the field for text that cannot be stored or a date out of range."""
    return from_document(_cleaned(to_document(struct), "$"), type(struct))


def _cleaned(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        return {key: _cleaned(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):  # to_builtins keeps a struct's tuples
        return [_cleaned(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(_("{field} holds a character that cannot be stored").format(
            field=path.removeprefix("$."))) from None
    key = path.rsplit(".", 1)[-1]
    if key in TIMESTAMPS and not FIRST_YEAR <= _year(value) <= LAST_YEAR:
        raise ValidationError(_("{field} must be a date from year {first} to {last}").format(
            field=path.removeprefix("$."), first=FIRST_YEAR, last=LAST_YEAR))
    if key in FREE_TEXT or key in CONTACT:
        return mask_cpr(value)[0]
    return value


def _year(timestamp: str) -> int:
    """The year of an ISO timestamp as msgspec writes it (``-`` starts no year before 1)."""
    digits = timestamp.split("-", 1)[0]
    return int(digits) if digits.isdigit() else 0
