"""A TinyDB storage that several processes can share safely (design.md section 4).

Stock ``JSONStorage`` loses and corrupts data when two processes write one file. This storage:

* serialises writers with an inter-process lock on ``<file>.lock`` held for the whole
  read-modify-write (``transaction``), polling every millisecond;
* writes atomically: orjson to a temp file beside the database, fsync, ``os.replace``, fsync
  of the directory, so a reader or a crash sees the old file or the new one, never half;
* reads without the lock from an in-process copy that is reused only while ``os.stat`` shows
  the same file (device, inode, size, mtime), so a change by another process is seen at once.
* takes a missing file for an empty database, but a file that exists and is empty, cut
  short, not UTF-8, or not a JSON object of tables that are objects of documents (objects)
  for damage (``CorruptFileError`` naming the file, on reads and before any write), so a
  damaged file is never overwritten as if it were new. A ``validate`` function given by the
  owner of the file adds its own rules (a year file holds only inquiries of its year).

TinyDB mutates the documents it reads in place, so a transaction works on the cached copy
under a thread lock that readers take too, and a failed transaction drops the cache: nothing
half-done is ever written or seen.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.errors import CorruptFileError, StoreLockedError, ValidationError
from store.i18n import _
from store.locking import FileLock, LockTimeoutError

FILE_MODE = 0o600
LOCK_POLL_SECONDS = 0.001


class SharedJSONStorage(Storage):
    """One JSON database file, shared by every Borgerdesk process."""

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = 30.0,
                 validate: Callable[[dict[str, Any]], bool] | None = None) -> None:
        self.path = Path(path)
        self._validate = validate
        self._lock_timeout = lock_timeout
        self._file_lock = FileLock(self.path.with_name(f"{self.path.name}.lock"),
                                   LOCK_POLL_SECONDS, FILE_MODE)
        self._writer = threading.RLock()  # one writing thread at a time, in this process
        self._mutex = threading.RLock()  # the parsed data, held still for readers
        self._lock_descriptor: int | None = None
        self._content = b""  # the file as last read or written
        self._data: dict[str, Any] | None = None  # parsed from _content when first needed
        self._identity: tuple[int, int, int, int] | None = None
        self._in_transaction = False
        self._dirty = False
        self._swept = False
        self._prepared: tuple[Path, bytes] | None = None
        self.generation = 0  # grows whenever the in-process copy is replaced

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    # -- TinyDB's Storage interface ------------------------------------------------------
    def read(self) -> dict[str, Any]:
        seen = self._look()
        with self._mutex:
            if not self._in_transaction:
                self._refresh(seen)
            return self._parsed()

    def write(self, data: dict[str, Any]) -> None:
        if not self._in_transaction:
            raise RuntimeError("writes to a shared database file need a transaction")
        self._data = data
        self._dirty = True

    def close(self) -> None:
        """Nothing stays open between operations."""

    # -- reading ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def snapshot(self) -> Iterator[dict[str, Any]]:
        """The current data, held still (no writer in this process) while the block runs."""
        seen = self._look()
        with self._mutex:
            if not self._in_transaction:
                self._refresh(seen)
            yield self._parsed()

    @contextlib.contextmanager
    def snapshot_bytes(self) -> Iterator[bytes]:
        """The current file's JSON, for readers that decode it straight into their own types
        (much faster than building TinyDB's dicts first)."""
        seen = self._look()
        with self._mutex:
            if not self._in_transaction:
                self._refresh(seen)
            elif self._dirty:
                yield orjson.dumps(self._data)
                return
            yield self._content

    def _parsed(self) -> dict[str, Any]:
        if self._data is None:
            try:
                with paused_gc():
                    data = orjson.loads(self._content) if self._content else {}
            except orjson.JSONDecodeError:
                raise self.corrupt() from None
            if not well_formed(data) or (self._validate and not self._validate(data)):
                raise self.corrupt()
            self._data = data
        return self._data

    def corrupt(self) -> CorruptFileError:
        """The error for a file that exists but is not a database the store wrote."""
        return CorruptFileError(
            _("{file} is damaged (empty, cut short, not UTF-8 or not a database); restore it "
              "from a backup before using Borgerdesk").format(file=self.path.name),
            path=str(self.path))

    def _look(self) -> tuple[int, int, int, int] | None:
        """The file's identity now (None if there is none). Readers look before they take
        the mutex: a system call lets other threads run, and under the mutex it would make
        every thread that reads this file wait for all of them."""
        try:
            return _identity(os.stat(self.path))
        except FileNotFoundError:
            return None

    def _refresh(self, seen: tuple[int, int, int, int] | None) -> None:
        """Load the file again unless ``seen``, its identity just now, is the cached one's."""
        if seen == self._identity and (seen is not None or not self._content):
            return
        try:
            with open(self.path, "rb") as source:
                identity = _identity(os.fstat(source.fileno()))
                if identity == self._identity:
                    return
                content = source.read()
            if not content.lstrip()[:1] == b"{":  # 0 bytes, or not a JSON object at all
                raise self.corrupt()
        except FileNotFoundError:
            identity, content = None, b""
            if self._identity is None and not self._content:
                return
        self._content, self._data, self._identity = content, None, identity
        self.generation += 1

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Be this file's one writer while the block runs: first among this process's
        threads, then among processes (the file's inter-process lock), waiting for both
        together no longer than the lock timeout. Readers do not wait for this, only for
        the transaction's work under the mutex."""
        deadline = time.monotonic() + self._lock_timeout
        if not self._writer.acquire(timeout=self._lock_timeout):
            raise self._locked()
        try:
            try:
                descriptor = self._file_lock.acquire(deadline)
            except LockTimeoutError:
                raise self._locked() from None
            self._lock_descriptor = descriptor
            try:
                yield
            finally:
                self._lock_descriptor = None
                self._file_lock.release(descriptor)
        finally:
            self._writer.release()

    def _locked(self) -> StoreLockedError:
        return StoreLockedError(_("the database file {file} is locked by another process")
                                .format(file=self.path.name))

    def check_lock(self) -> None:
        """Raise ``StoreLockedError`` if the lock file was removed or replaced since this
        transaction locked it: another writer may hold the new one."""
        if self._lock_descriptor is not None and not self._file_lock.still_held(
                self._lock_descriptor):
            raise StoreLockedError(
                _("the lock file of {file} was removed while writing; nothing was stored, "
                  "try again").format(file=self.path.name))

    def begin(self) -> None:
        """Start a transaction; the caller holds the mutex and the file lock."""
        if not self._swept:
            self._sweep_temporary_files()
        self._refresh(self._look())
        self._parsed()
        self._in_transaction = True
        self._dirty = False

    def _sweep_temporary_files(self) -> None:
        """Remove temp files of writers that were killed mid-write: under the lock nobody
        else is writing this file, and a leftover would keep personal data around."""
        ours = re.compile(rf"\.{re.escape(self.path.name)}\.\d+\.\d+\.tmp")
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            if ours.fullmatch(leftover.name):  # only what ``write_temporary`` names so
                leftover.unlink(missing_ok=True)
        self._swept = True

    def prepare(self) -> None:
        """First half of a commit: the new content written and fsynced beside the file."""
        if self._dirty:
            try:
                payload = orjson.dumps(self._data)
            except orjson.JSONEncodeError:  # a lone surrogate that nobody checked before
                raise ValidationError(_("{file}: the text holds a character that cannot be "
                                        "stored").format(file=self.path.name)) from None
            self._prepared = (write_temporary(self.path, payload), payload)

    def publish(self) -> bool:
        """Second half: rename the prepared file over the database file; end the
        transaction. Whether a file was renamed: the caller fsyncs its directory."""
        renamed = self._prepared is not None
        if renamed:
            temporary, payload = self._prepared
            self._prepared = None
            try:
                os.replace(temporary, self.path)
            except BaseException:  # the copy holds personal data: never leave it behind
                temporary.unlink(missing_ok=True)
                raise
            self._identity = _identity(os.stat(self.path))
            self._content = payload
            self.generation += 1
        self._in_transaction = False
        self._dirty = False
        return renamed

    def rollback(self) -> None:
        """Forget the transaction's changes: the next read loads the file afresh."""
        if self._prepared is not None:
            self._prepared[0].unlink(missing_ok=True)
            self._prepared = None
        self._in_transaction = False
        self._dirty = False
        self._identity = None
        self._content, self._data = b"", None
        self.generation += 1


def _identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells one version of a file from the next: a rename gives a new inode, an
    in-place change a new size or time."""
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def well_formed(data: object) -> bool:
    """``data`` is what TinyDB writes: an object of tables, each an object of documents."""
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(document, dict)
                                        for document in table.values())
        for table in data.values())


def damage(path: Path, validate: Callable[[dict[str, Any]], bool] | None = None) -> bool:
    """Whether the file at ``path`` is damaged, by the same rules as a read: for ``check``."""
    content = path.read_bytes()
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:  # also bytes that are not UTF-8
        return True
    return not well_formed(data) or bool(validate and not validate(data))


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Parsing a file allocates tens of thousands of dicts and strings, none in cycles; a
    collection triggered halfway would walk the whole heap for nothing (3x slower here)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_temporary(path: Path, payload: bytes) -> Path:
    """The payload in a new file beside ``path``, fsynced, mode 0600 whatever the umask.

    The file is created new (``O_EXCL``) and never through a symbolic link, so a link
    planted under the temporary name cannot redirect the write."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        descriptor = os.open(temporary, flags, FILE_MODE)
    except FileExistsError:  # left by a killed writer that had the same ids
        temporary.unlink()
        descriptor = os.open(temporary, flags, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)  # the umask may have taken the owner's bits
        view = memoryview(payload)
        while view:
            view = view[os.write(descriptor, view):]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        temporary.unlink(missing_ok=True)
        raise
    os.close(descriptor)
    return temporary


def replace_atomically(path: Path, payload: bytes) -> None:
    """``payload`` as ``path`` (mode 0600): written beside it, then renamed over it, so a
    reader sees the old file or the new one, never half. The caller fsyncs the folder."""
    temporary = write_temporary(path, payload)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def fsync_directory(directory: Path) -> None:
    """Make renames in ``directory`` durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def transaction(*storages: SharedJSONStorage) -> Iterator[None]:
    """Lock every file (in path order, so two writers never deadlock), run the block, then
    write every changed file beside its original and fsync it, and only then rename them
    over the originals, in the order given (name last the file that the others depend on):
    a failure before the renames changes nothing, and the renames take microseconds. The
    folder is fsynced after the locks are released (the renames are already in place for
    every reader), so the next writer need not wait for it."""
    ordered = sorted(set(storages), key=lambda storage: str(storage.path))
    with contextlib.ExitStack() as stack:
        for storage in ordered:
            stack.enter_context(storage.lock())
        for storage in ordered:
            stack.enter_context(storage._mutex)
        try:
            for storage in ordered:
                storage.begin()
            yield
        except BaseException:
            for storage in ordered:
                storage.rollback()
            raise
        try:
            for storage in storages:
                storage.prepare()
            for storage in ordered:
                storage.check_lock()
        except BaseException:
            for storage in ordered:
                storage.rollback()
            raise
        renamed: set[Path] = set()
        for index, storage in enumerate(storages):
            try:
                if storage.publish():
                    renamed.add(storage.path.parent)
            except BaseException:
                for later in (storage, *storages[index + 1:]):
                    later.rollback()
                raise
    for directory in renamed:
        fsync_directory(directory)
