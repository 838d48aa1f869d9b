"""The app's one data layer: loading, polling and every store call, and what happens when
one fails.

The store is synchronous, so each call runs in a thread worker. Workers do not catch their own
errors: every finished or failed worker comes back to ``worker_changed`` (the app's single
``Worker.StateChanged`` handler), which hands the result to the caller on the UI thread. A
domain refusal (a conflict, a validation error) goes to the caller's ``failed``; a store that
cannot be used (a damaged or unreadable file, a lock held by another process, a folder that
cannot be written) becomes a toast and a banner naming the file, which stays until the same
kind of call works again. The last inquiries read stay on screen meanwhile. Screens learn of
new data from a ``DataChanged`` message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from store import BorgerdeskError, DueItem, Inquiry, Store
from store.errors import CorruptFileError, StoreLockedError
from store.i18n import _
from store.search import SearchIndex
from store.taxonomy import label

if TYPE_CHECKING:
    from tui.app import BorgerdeskApp

STORE_TROUBLE = (CorruptFileError, StoreLockedError, OSError)


class DataChanged(Message):
    """The inquiries, the agenda or the unread marks changed: show them again."""


@dataclass(frozen=True)
class Loaded:
    token: object
    inquiries: list[Inquiry]
    agenda: list[DueItem]
    unread: dict[str, int]


@dataclass(frozen=True)
class StoreCall:
    """What to do with one store call's result, on the UI thread."""

    done: Callable[[Any], None] | None
    failed: Callable[[BorgerdeskError], None] | None
    changes: bool


def describe_trouble(error: BaseException, data_dir: Path) -> str:
    """One line naming the file and what is wrong with it, never a citizen's data."""
    if isinstance(error, OSError) and not isinstance(error, BorgerdeskError):
        name = Path(error.filename).name if error.filename else str(data_dir)
        return _("{file} cannot be used: {reason}").format(
            file=name, reason=error.strerror or type(error).__name__)
    return str(error)


class DeskData:
    """The inquiries the app shows, kept up to date from the store, and its troubles."""

    def __init__(self, app: BorgerdeskApp, store: Store) -> None:
        self.app, self.store = app, store
        self.inquiries: list[Inquiry] = []
        self.agenda: list[DueItem] = []
        self.unread: dict[str, int] = {}  # citizens' messages the advisor has not opened
        self.loaded = False
        self.problems: dict[str, str] = {}  # "read" or "write" -> what is wrong, naming a file
        self._token: object = None
        self._loading: Worker | None = None
        self._load_again = False
        self._calls: dict[Worker, StoreCall] = {}
        self._index: SearchIndex | None = None

    @property
    def search_index(self) -> SearchIndex:
        """The inquiries with their search texts, made when the list first searches these
        inquiries (not before the first screen): texts of unchanged inquiries are kept."""
        if self._index is None or self._index.inquiries is not self.inquiries:
            self._index = SearchIndex(self.inquiries, self._index)
        return self._index

    @property
    def problem(self) -> str:
        """What the banner says: empty while the store works."""
        return "\n".join(dict.fromkeys(self.problems.values()))

    # -- loading and polling ---------------------------------------------------------------
    def poll(self) -> None:
        """Reload if another process (or this one) changed a year file; one load at a time."""
        self.load(force=False)

    def load(self, force: bool = True) -> None:
        if self._loading is not None:
            self._load_again = self._load_again or force
            return
        known = None if force else self._token
        self._loading = self.app.run_worker(lambda: self._read(known), thread=True,
                                            group="load", exit_on_error=False)

    def _read(self, known: object) -> Loaded | None:
        token = self.store.change_token()
        if token == known:
            return None
        inquiries = self.store.inquiries()
        return Loaded(token, inquiries, self.store.agenda(self.app.now()),
                      self.store.chat.unread(inquiries))

    def _loaded(self, loaded: Loaded | None) -> None:
        self._solved("read")
        if loaded is None:
            return
        if self.loaded:
            self._announce(loaded)
        self._token, self.loaded = loaded.token, True
        self.inquiries, self.agenda, self.unread = loaded.inquiries, loaded.agenda, loaded.unread
        self.app.tell_screens(DataChanged)

    def _announce(self, loaded: Loaded) -> None:
        known = {inquiry.ref for inquiry in self.inquiries}
        for inquiry in loaded.inquiries:
            if inquiry.ref not in known:
                self.app.notify(_("New inquiry {ref} ({channel})").format(
                    ref=inquiry.ref, channel=label(inquiry.channel)), title=_("New"))
        for ref, count in loaded.unread.items():
            if count > self.unread.get(ref, 0):
                self.app.notify(_("New message from the citizen in {ref}").format(ref=ref),
                                title=_("Message"))

    # -- store calls -----------------------------------------------------------------------
    def call(self, action: Callable[[Store], Any], done: Callable[[Any], None] | None = None,
             failed: Callable[[BorgerdeskError], None] | None = None, *,
             changes: bool = True) -> None:
        """Run ``action(store)`` in a thread worker; ``done`` gets its result on the UI
        thread, a domain refusal goes to ``failed`` (else a toast). After a call that
        ``changes`` inquiries, the data is loaded again."""
        worker = self.app.run_worker(lambda: action(self.store), thread=True, group="store",
                                     exit_on_error=False)
        self._calls[worker] = StoreCall(done, failed, changes)

    def worker_changed(self, worker: Worker) -> None:
        """The one place a finished or failed worker is handled."""
        if worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR,
                                WorkerState.CANCELLED):
            return
        if worker is self._loading:
            self._loading = None
            if worker.state is WorkerState.SUCCESS:
                self._loaded(worker.result)
            elif worker.state is WorkerState.ERROR:
                self._failed(worker.error, "read", None)
            if self._load_again:
                self._load_again = False
                self.load()
            return
        call = self._calls.pop(worker, None)
        if call is None:
            return
        kind = "write" if call.changes else "read"
        if worker.state is WorkerState.SUCCESS:
            self._solved(kind)
            if call.changes:
                self._solved("read")
                self.load()
            if call.done is not None and self._still_shown(call.done):
                call.done(worker.result)
        elif worker.state is WorkerState.ERROR:
            self._failed(worker.error, kind, call.failed)

    def _still_shown(self, callback: Callable[[Any], None]) -> bool:
        """False for a screen's method once the screen is gone (the advisor left it while
        its call ran): there is nothing left to show the result on."""
        owner = getattr(callback, "__self__", None)
        return not isinstance(owner, Screen) or owner in self.app.screen_stack

    def _failed(self, error: BaseException | None, kind: str,
                failed: Callable[[BorgerdeskError], None] | None) -> None:
        if isinstance(error, STORE_TROUBLE):
            problem = describe_trouble(error, self.store.data_dir)
            if self.problems.get(kind) != problem:
                self.app.notify(problem, title=_("The data cannot be used"),
                                severity="error", timeout=15, markup=False)
            self.problems[kind] = problem
            self.app.show_problem(self.problem)
            self.app.tell_screens(DataChanged)  # e.g. "could not be read" for "Loading…"
        elif isinstance(error, BorgerdeskError) and failed is not None:
            failed(error)
        elif isinstance(error, BorgerdeskError):
            self.app.show_error(error)
        else:  # a bug: say so, without the message (it could hold a citizen's data)
            self.app.notify(_("Something went wrong ({error}); nothing was saved.").format(
                error=type(error).__name__), title=_("Error"), severity="error", markup=False)

    def _solved(self, kind: str) -> None:
        if self.problems.pop(kind, None) is not None:
            self.app.show_problem(self.problem)
