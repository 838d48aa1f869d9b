"""The shared storage: a transaction over several files changes all of them or none."""

from __future__ import annotations

import pytest
from tinydb.table import Table

import store.storage as storage_module
from store.storage import SharedJSONStorage, transaction


def write(storage: SharedJSONStorage, value: str) -> None:
    Table(storage, "t", cache_size=0).insert({"value": value})


def values(path) -> list[str]:
    fresh = SharedJSONStorage(path)
    return [doc["value"] for doc in Table(fresh, "t", cache_size=0).all()]


def test_a_failure_while_writing_one_file_changes_no_file(tmp_path, monkeypatch):
    first, second = SharedJSONStorage(tmp_path / "a.json"), SharedJSONStorage(tmp_path / "b.json")
    with transaction(first, second):
        write(first, "one")
        write(second, "one")
    real = storage_module.write_temporary

    def failing(path, payload):
        if path.name == "b.json":
            raise OSError("disk full")
        return real(path, payload)

    monkeypatch.setattr(storage_module, "write_temporary", failing)

    def write_both() -> None:
        with transaction(first, second):
            write(first, "two")
            write(second, "two")

    with pytest.raises(OSError, match="disk full"):
        write_both()
    assert values(tmp_path / "a.json") == ["one"]
    assert values(tmp_path / "b.json") == ["one"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "a.json", "a.json.lock", "b.json", "b.json.lock"]  # no temp file left behind
    monkeypatch.setattr(storage_module, "write_temporary", real)
    with transaction(first, second):  # and the storages are usable again
        write(first, "three")
    assert values(tmp_path / "a.json") == ["one", "three"]


def test_writes_outside_a_transaction_are_refused(tmp_path):
    storage = SharedJSONStorage(tmp_path / "x.json")
    with pytest.raises(RuntimeError, match="transaction"):
        write(storage, "no lock")


def test_a_link_planted_under_the_temporary_name_does_not_redirect_a_write(tmp_path):
    import os
    import threading

    from store.storage import replace_atomically

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "summary.md"
    planted = tmp_path / f".summary.md.{os.getpid()}.{threading.get_ident()}.tmp"
    planted.symlink_to(victim)
    os.umask(0o077 | 0o400)  # a umask that would take the owner's read bit
    try:
        replace_atomically(target, b"# report\n")
    finally:
        os.umask(0o022)
    assert victim.read_text() == "precious"
    assert target.read_bytes() == b"# report\n" and not target.is_symlink()
    assert oct(target.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("failing_name", ["a.json", "b.json"])
def test_a_failed_rename_leaves_no_temporary_copy(tmp_path, monkeypatch, failing_name):
    first, second = SharedJSONStorage(tmp_path / "a.json"), SharedJSONStorage(tmp_path / "b.json")
    real = storage_module.os.replace

    def refusing(source, target):
        if str(target).endswith(failing_name):  # as an immutable file (chattr +i) refuses
            raise PermissionError(1, "Operation not permitted")
        return real(source, target)

    monkeypatch.setattr(storage_module.os, "replace", refusing)
    def write_both() -> None:
        with transaction(first, second):
            write(first, "private")
            write(second, "private")

    with pytest.raises(PermissionError):
        write_both()
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


def test_the_sweep_removes_only_the_stores_own_temporary_files(tmp_path):
    mine = [tmp_path / ".a.json.mine.tmp", tmp_path / ".a.json.1.tmp",
            tmp_path / ".a.json.x.1.tmp", tmp_path / ".a.json.12.34.tmp.keep"]
    for path in mine:
        path.write_text("not the store's")
    leftover = tmp_path / ".a.json.999999999.140.tmp"
    leftover.write_text('{"t": {}}')
    storage = SharedJSONStorage(tmp_path / "a.json")
    with transaction(storage):
        write(storage, "x")
    assert not leftover.exists()
    assert all(path.read_text() == "not the store's" for path in mine)


def test_the_folder_is_fsynced_after_a_write_once_the_lock_is_free(tmp_path, monkeypatch):
    """A rename is durable only once its folder is fsynced; that happens before the
    transaction returns but after the lock is released, so the next writer need not wait."""
    import fcntl
    import os

    storage = SharedJSONStorage(tmp_path / "x.json")
    synced: list[tuple[str, bool]] = []

    def recording(directory):
        descriptor = os.open(tmp_path / "x.json.lock", os.O_RDWR)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: taken at once
            synced.append((str(directory), True))
        finally:
            os.close(descriptor)

    monkeypatch.setattr(storage_module, "fsync_directory", recording)
    with transaction(storage):
        write(storage, "one")
    assert synced == [(str(tmp_path), True)]
    with transaction(storage):  # nothing written: nothing renamed, nothing to make durable
        Table(storage, "t", cache_size=0).all()
    assert synced == [(str(tmp_path), True)]


def test_a_lock_file_planted_as_a_link_is_not_followed(tmp_path):
    import errno
    import os

    target = tmp_path / "elsewhere"
    target.write_text("keep")
    os.symlink(target, tmp_path / "x.json.lock")
    storage = SharedJSONStorage(tmp_path / "x.json")
    with pytest.raises(OSError, match="symbolic links") as raised, transaction(storage):
        write(storage, "one")
    assert raised.value.errno == errno.ELOOP
    assert target.read_text() == "keep" and not (tmp_path / "x.json").exists()


def test_the_lock_file_is_private_whatever_the_umask(tmp_path):
    import os
    import stat

    old = os.umask(0o277)  # would leave the owner only reading
    try:
        storage = SharedJSONStorage(tmp_path / "x.json")
        with transaction(storage):
            write(storage, "one")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.json.lock").stat().st_mode) == 0o600


def test_a_lock_file_removed_while_a_writer_waits_is_not_a_lock_for_two(tmp_path):
    """The waiter gets the old file's lock once it is free, sees the file is gone, and
    waits for whoever holds the new one: never two writers at once."""
    import fcntl
    import os
    import threading
    import time

    storage = SharedJSONStorage(tmp_path / "x.json")
    lock_path = tmp_path / "x.json.lock"
    old = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(old, fcntl.LOCK_EX)
    done = threading.Event()

    def writer() -> None:
        with transaction(storage):
            write(storage, "waiter")
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.1)  # the writer waits on the old file
    lock_path.unlink()
    new = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)  # another writer's new lock
    fcntl.flock(new, fcntl.LOCK_EX)
    os.close(old)  # the old lock is free: the waiter must not take it for the lock
    assert not done.wait(0.3)
    os.close(new)
    thread.join(timeout=5)
    assert done.is_set() and values(tmp_path / "x.json") == ["waiter"]


def test_a_lock_file_removed_under_a_writer_fails_the_write_and_keeps_the_file(tmp_path):
    from store import StoreLockedError

    storage = SharedJSONStorage(tmp_path / "x.json")
    with transaction(storage):
        write(storage, "one")

    def write_while_the_lock_file_goes() -> None:
        with transaction(storage):
            write(storage, "two")
            (tmp_path / "x.json.lock").unlink()

    with pytest.raises(StoreLockedError, match="removed while writing"):
        write_while_the_lock_file_goes()
    assert values(tmp_path / "x.json") == ["one"]
    with transaction(storage):  # and the next write takes the new lock file
        write(storage, "three")
    assert values(tmp_path / "x.json") == ["one", "three"]
