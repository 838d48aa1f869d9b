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
