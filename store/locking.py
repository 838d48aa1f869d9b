"""The lock that serialises writers of one data file across processes.

A ``flock`` on ``<file>.lock``, taken by polling every millisecond up to a timeout: the
same lock the ``filelock`` package takes on Unix, so tools and tests that hold it with
``filelock.FileLock`` exclude the store and the other way round. It is written out here
because every citizen's chat message takes one, and ``filelock``'s general machinery
(re-entrancy, thread-local state, fork tracking) cost more than the rest of the write;
within a process the storage's own writer lock already orders the threads.

The lock file is opened for each hold and closed after (closing releases the lock), so a
lock file deleted or replaced in between is never a lock that only this process sees.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

OPEN_FLAGS = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC


class LockTimeoutError(Exception):
    """Another process held the lock for longer than the timeout."""


class FileLock:
    """An exclusive inter-process lock on ``path``, a file of mode ``mode``."""

    def __init__(self, path: Path, poll_interval: float, mode: int) -> None:
        self.path = path
        self.poll_interval = poll_interval
        self.mode = mode

    def acquire(self, deadline: float) -> int:
        """Take the lock; the descriptor to ``release`` it with. ``LockTimeoutError`` if
        another process still holds it at ``deadline`` (``time.monotonic``).

        A lock file deleted or replaced while someone waited for it would give its waiters
        a lock on a file nobody else opens any more (two writers at once, lost updates):
        after the ``flock`` the file locked must still be linked (not removed, not renamed
        over), else the lock is taken again on the file that is at the path now."""
        while True:
            descriptor = self._open()
            try:
                self._wait_for(descriptor, deadline)
                if self.still_held(descriptor):
                    return descriptor
            except BaseException:
                os.close(descriptor)
                raise
            os.close(descriptor)

    def still_held(self, descriptor: int) -> bool:
        """Whether the file locked through ``descriptor`` is still linked (one system call,
        no path lookup): a holder checks before it renames its write into place, so a lock
        file removed meanwhile (and taken by another writer on a new file) fails the write
        instead of losing someone's update."""
        return os.fstat(descriptor).st_nlink > 0  # removed, or renamed over: no link left

    @staticmethod
    def release(descriptor: int) -> None:
        os.close(descriptor)  # closing the last descriptor of the file drops its flock

    def _open(self) -> int:
        try:
            return os.open(self.path, OPEN_FLAGS)
        except FileNotFoundError:
            descriptor = os.open(self.path, OPEN_FLAGS | os.O_CREAT, self.mode)
            os.fchmod(descriptor, self.mode)  # the umask may have taken the owner's bits
            return descriptor

    def _wait_for(self, descriptor: int, deadline: float) -> None:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeoutError(str(self.path)) from None
                time.sleep(self.poll_interval)

