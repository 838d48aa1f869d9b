"""The year files and their decoded, cached views: how the store reads fast.

Inquiries live in one file per year of receipt (``inquiries-2026.json``), so the file that
everyday writes touch stays small. Each file holds the inquiries, keyed by their sequence
number, and a ``meta`` table with the last sequence handed out, so a reference is never
reused. Reading decodes a file straight into frozen structs once and keeps that view while
the storage's generation is unchanged; after its own write the store merges what it wrote
into the view instead of decoding the file again. The commands live in ``repository``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import msgspec

from store import rules
from store.errors import CorruptFileError
from store.i18n import _
from store.model import Citizen, Inquiry, from_document
from store.paths import private_directory
from store.storage import SharedJSONStorage, paused_gc

YEAR_FILE_GLOB = "inquiries-[0-9][0-9][0-9][0-9].json"
YEAR_FILE_NAME = re.compile(r"inquiries-(\d{4})\.json")


def holds_only_its_year(name: str) -> Callable[[dict[str, Any]], bool] | None:
    """For a year file: whether every inquiry in it is of that file's year. A file renamed
    to another year would otherwise pass for that year and its references be issued again."""
    match = YEAR_FILE_NAME.fullmatch(name)
    if match is None:
        return None
    prefix = f"BR-{match.group(1)}-"

    def of_its_year(data: dict[str, Any]) -> bool:
        return all(str(document.get("ref", "")).startswith(prefix)
                   for document in data.get("inquiries", {}).values())

    return of_its_year


class YearFile(msgspec.Struct):
    """The part of a year file that readers need (TinyDB's other tables are skipped)."""

    inquiries: dict[str, Inquiry] = msgspec.field(default_factory=dict)


YEAR_FILE = msgspec.json.Decoder(YearFile)


class YearView:
    """One year file decoded, valid while the storage's generation is unchanged."""

    def __init__(self, generation: int, inquiries: tuple[Inquiry, ...],
                 contacts: rules.ContactIndex | None = None) -> None:
        self.generation = generation
        self.inquiries = inquiries
        self.by_ref = {inquiry.ref: inquiry for inquiry in inquiries}
        self._contacts = contacts

    @property
    def contacts(self) -> rules.ContactIndex:
        """Built on first use: a summary of 33,000 inquiries never needs it."""
        if self._contacts is None:
            self._contacts = rules.ContactIndex().with_added(self.inquiries)
        return self._contacts

    def contacts_with(self, added: Iterable[Inquiry]) -> rules.ContactIndex | None:
        """The index plus ``added``, if it was built already (else it is built when used)."""
        return self._contacts.with_added(added) if self._contacts is not None else None


class YearFiles:
    """The data folder's files, each behind one shared storage, and the decoded years."""

    def __init__(self, data_dir: Path, lock_timeout: float) -> None:
        self.data_dir = private_directory(data_dir)
        self.lock_timeout = lock_timeout
        self._storages: dict[str, SharedJSONStorage] = {}  # by file name: asked per message
        self._views: dict[int, YearView] = {}

    def storage(self, name: str) -> SharedJSONStorage:
        """The shared storage of one file in the data folder."""
        storage = self._storages.get(name)
        if storage is None:
            storage = self._storages[name] = SharedJSONStorage(
                self.data_dir / name, self.lock_timeout, validate=holds_only_its_year(name))
        return storage

    def year_storage(self, year: int) -> SharedJSONStorage:
        return self.storage(f"inquiries-{year:04d}.json")

    def years(self) -> list[int]:
        """The years of receipt that have a file."""
        return sorted(int(path.stem.removeprefix("inquiries-"))
                      for path in self.data_dir.glob(YEAR_FILE_GLOB))

    def change_token(self) -> tuple[tuple[str, int, int, int], ...]:
        """A stat of each year file: different whenever any process changed an inquiry."""
        token = []
        for path in sorted(self.data_dir.glob(YEAR_FILE_GLOB)):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            token.append((path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
        return tuple(token)

    def view(self, year: int) -> YearView:
        """The year decoded; CorruptFileError if its file is damaged."""
        storage = self.year_storage(year)
        with storage.snapshot_bytes() as content:
            view = self._views.get(year)
            if view is None or view.generation != storage.generation:
                try:
                    with paused_gc():
                        decoded = YEAR_FILE.decode(content) if content else YearFile()
                except msgspec.MsgspecError as error:
                    raise CorruptFileError(_("{file} holds an invalid inquiry: {error}").format(
                        file=storage.path.name, error=error), path=str(storage.path)) from None
                except UnicodeDecodeError:  # its message quotes no file
                    raise storage.corrupt() from None
                prefix = f"BR-{year:04d}-"
                if not all(ref.startswith(prefix) for ref in (
                        inquiry.ref for inquiry in decoded.inquiries.values())):
                    raise storage.corrupt()
                view = self.remember(year, storage.generation, decoded.inquiries.values())
        return view

    def remember(self, year: int, generation: int, inquiries: Iterable[Inquiry],
                 contacts: rules.ContactIndex | None = None) -> YearView:
        ordered = tuple(sorted(inquiries, key=lambda inquiry: (inquiry.received_at,
                                                                inquiry.ref)))
        view = YearView(generation, ordered, contacts)
        self._views[year] = view
        return view

    def current(self, year: int) -> bool:
        """The decoded view still matches what the storage holds."""
        view = self._views.get(year)
        return view is not None and view.generation == self.year_storage(year).generation

    def current_views(self, years: Iterable[int]) -> list[int]:
        """Inside a transaction: the years whose decoded view still matches the file."""
        return [year for year in years if self.current(year)]

    def merge_into_views(self, years: list[int], changed: Iterable[Inquiry]) -> None:
        """After our own write, update the decoded views instead of decoding files again."""
        by_year: dict[int, dict[str, Inquiry]] = {}
        for inquiry in changed:
            by_year.setdefault(inquiry.year, {})[inquiry.ref] = inquiry
        for year in years:
            view, fresh = self._views[year], by_year.get(year, {})
            merged = {**view.by_ref, **fresh}
            self.remember(year, self.year_storage(year).generation, merged.values(),
                          view.contacts_with(fresh.values()))

    def matching(self, year: int, citizen: Citizen) -> list[Inquiry]:
        """Inquiries of ``year`` from the same citizen: from the view if it is current or
        cheap to get, else (writing right after another process) from the parsed documents,
        which is much faster than decoding the whole year."""
        storage = self.year_storage(year)
        if self.current(year) or not storage.in_transaction:
            view = self.view(year)
            return [view.by_ref[ref] for ref in view.contacts.refs(citizen)]
        keys = citizen.contact_keys()
        found = []
        for document in storage.read().get("inquiries", {}).values():
            stored = document.get("citizen")
            if stored and keys & Citizen(phone=stored.get("phone", ""),
                                         email=stored.get("email", ""),
                                         chat_id=stored.get("chat_id", "")).contact_keys():
                found.append(from_document(document, Inquiry))
        return found
