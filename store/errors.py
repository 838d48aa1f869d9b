"""Exceptions the store raises.

Messages are meant for the advisor's eyes, so they are translated, and they never contain a
citizen's personal data: they name references, fields, files, rows and columns, not values.
"""

from __future__ import annotations


class BorgerdeskError(Exception):
    """Base of every error that Borgerdesk reports to a user instead of crashing."""


class NotFoundError(BorgerdeskError):
    """No inquiry has the given reference."""


class ValidationError(BorgerdeskError, ValueError):
    """Input that does not fit the domain model or the taxonomy."""


class ConflictError(BorgerdeskError):
    """Someone else changed the inquiry since it was read (optimistic version check)."""

    def __init__(self, message: str, *, ref: str, expected: int, actual: int) -> None:
        super().__init__(message)
        self.ref = ref
        self.expected = expected
        self.actual = actual


class AlreadyImportedError(BorgerdeskError):
    """A file with the same content was imported before, at ``at`` (a UTC time)."""

    def __init__(self, message: str, *, at) -> None:
        super().__init__(message)
        self.at = at


class StoreLockedError(BorgerdeskError):
    """Another process held a database file's lock for longer than the timeout."""


class CorruptFileError(BorgerdeskError):
    """A database file exists but is not what the store wrote (empty, cut short, not a JSON
    object): reading or writing it stops, so a damaged file is never taken for an empty one
    and a reference is never handed out twice. ``path`` names the file."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path
