"""A store that cannot read or write answers 503 (JSON, Retry-After), and /healthz says so."""

from __future__ import annotations

import errno
import json

import pytest

from store import storage
from store.shards import conversation_file
from tests.intake_bot.conftest import web_headers

DESK_SHARD = conversation_file("web:half")  # the file that holds this test's sender

CONVERSATION = ["Hej", "Anonym", "chat", "Min sag", "færdig", "ved ikke"]


def say(client, session: str, text: str):
    body = json.dumps({"session": session, "text": text}).encode()
    return client.post("/web/messages", data=body, headers=web_headers(body))


def test_healthz_is_503_when_a_year_file_is_corrupt(client, bot_store):
    assert client.get("/healthz").status_code == 200
    (bot_store.data_dir / "inquiries-2026.json").write_text('{"inquiries": {"1": {"ref"')
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "error"


def test_a_corrupt_conversation_file_is_503_on_its_senders_and_on_healthz(client, bot_store):
    assert say(client, "s1", "Hej").status_code == 200
    path = bot_store.desk.conversation_storage("web:s1").path
    path.write_bytes(path.read_bytes()[:10])
    assert client.get("/healthz").status_code == 503
    response = say(client, "s1", "Anonym")
    assert response.status_code == 503 and response.is_json
    assert path.read_bytes() != b"" and len(path.read_bytes()) == 10  # not written over


def test_a_damaged_file_a_message_does_not_touch_does_not_stop_it(client, bot_store):
    """Only the files a message touches are checked: a damaged file of another sender (or
    of the chat page) stops its own senders, not everyone."""
    other = next(f"o{number}" for number in range(100)
                 if conversation_file(f"web:o{number}") != DESK_SHARD)
    assert say(client, other, "Hej").status_code == 200
    (bot_store.data_dir / conversation_file(f"web:{other}")).write_text('{"tab')
    (bot_store.data_dir / "transcripts-00.json").write_text('{"tab')
    assert say(client, other, "Anonym").status_code == 503
    assert say(client, "half", "Hej").status_code == 200


def test_a_yes_whose_conversation_file_cannot_be_replaced_files_once(
        client, bot_store, monkeypatch):
    """The inquiry is written, the sender's file is not: 503, and every retry of the same
    message answers with that inquiry once the file can be written, never a second one."""
    def say_with_id(text: str, message_id: str):
        body = json.dumps({"session": "s2", "text": text, "id": message_id}).encode()
        return client.post("/web/messages", data=body, headers=web_headers(body))

    for number, text in enumerate(CONVERSATION):
        assert say_with_id(text, f"m{number}").status_code == 200
    real = storage.write_temporary

    def refusing_the_sender(path, payload):
        if path.name == conversation_file("web:s2"):
            raise OSError(errno.EPERM, "Operation not permitted")
        return real(path, payload)

    monkeypatch.setattr(storage, "write_temporary", refusing_the_sender)
    for _retry in range(3):
        assert say_with_id("ja", "yes").status_code == 503
    monkeypatch.setattr(storage, "write_temporary", real)
    answered = say_with_id("ja", "yes")
    assert answered.status_code == 200
    [inquiry] = bot_store.inquiries()
    assert inquiry.ref in " ".join(answered.get_json()["replies"])


def test_filing_into_a_corrupt_year_is_503_and_the_citizen_can_try_again(client, bot_store):
    for text in CONVERSATION:
        assert say(client, "s1", text).status_code == 200
    (bot_store.data_dir / "inquiries-2026.json").write_text('{"inquiries": {"1": {"ref"')
    response = say(client, "s1", "ja")
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"] == "Service Unavailable"
    assert response.headers["Retry-After"] == "30"
    assert bot_store.desk.conversation("web:s1")["step"] == "confirm"  # nothing half-done


@pytest.fixture
def full_disk(monkeypatch):
    def no_space(path, payload):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(storage, "write_temporary", no_space)


def test_a_full_disk_is_503_on_messages_and_on_healthz(client, full_disk):
    response = say(client, "s2", "Hej")
    assert response.status_code == 503 and response.is_json
    assert client.get("/healthz").status_code == 503


def test_healthz_is_503_when_the_disk_has_no_room_for_a_write(client, bot_store, monkeypatch):
    """An empty probe file fits on a full disk: the room a write needs (the largest data
    file twice) is what counts, as for ``check``."""
    import shutil

    import store.writability

    assert say(client, "s2", "Hej").status_code == 200
    assert client.get("/healthz").status_code == 200
    usage = shutil.disk_usage(bot_store.data_dir)
    monkeypatch.setattr(store.writability.shutil, "disk_usage",
                        lambda path: usage._replace(free=100))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "OSError"


@pytest.mark.parametrize("broken", ["link", "folder"])
def test_healthz_is_503_when_a_lock_file_cannot_be_taken(client, bot_store, tmp_path, broken):
    assert say(client, "s2", "Hej").status_code == 200
    lock = bot_store.data_dir / f"{conversation_file('web:s2')}.lock"
    lock.unlink()
    if broken == "link":
        (tmp_path / "elsewhere").write_text("x")
        lock.symlink_to(tmp_path / "elsewhere")
    else:
        lock.mkdir()
    assert client.get("/healthz").status_code == 503
    assert say(client, "s2", "Anonym").status_code == 503


def test_a_vanished_data_folder_is_503_on_healthz(client, bot_store):
    for path in bot_store.data_dir.iterdir():
        path.unlink()
    bot_store.data_dir.rmdir()
    bot_store.data_dir.write_text("not a folder")
    assert client.get("/healthz").status_code == 503
    assert say(client, "s3", "Hej").status_code == 503


@pytest.mark.parametrize("name", ["desk.json", "transcripts-03.json", "mailbox.json",
                                  "imports.json", "access-2026-11.json"])
def test_healthz_is_503_when_any_data_file_is_damaged(client, bot_store, name):
    assert client.get("/healthz").status_code == 200
    (bot_store.data_dir / name).write_text('{"tab')
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "CorruptFileError"


@pytest.mark.parametrize("damaged", ["mailbox.json", "desk.json", DESK_SHARD])
def test_a_message_refused_with_503_is_stored_nowhere_and_its_retry_is_taken(
        client, bot_store, damaged):
    """Refused whole: a retry of the same message after the repair is handled, not taken
    for a duplicate of a message half-stored before."""
    body = json.dumps({"session": "half", "text": "Hej", "id": "m-1"}).encode()
    path = bot_store.data_dir / damaged
    good = path.read_bytes() if path.exists() else None
    path.write_text('{"tab')
    assert client.post("/web/messages", data=body, headers=web_headers(body)).status_code == 503
    if good is None:
        path.unlink()
    else:
        path.write_bytes(good)
    retry = client.post("/web/messages", data=body, headers=web_headers(body))
    assert retry.status_code == 200 and retry.get_json()["replies"]


def test_the_service_s_own_note_is_not_taken_for_a_damaged_store_file(client, bot_store):
    (bot_store.data_dir / "serve.json").write_text('{"pid": 1, "host": "x", "since": "y"}')
    assert client.get("/healthz").status_code == 200
    body = json.dumps({"session": "note", "text": "Hej"}).encode()
    assert client.post("/web/messages", data=body, headers=web_headers(body)).status_code == 200


def test_retries_of_a_message_refused_with_503_do_not_use_up_the_senders_minute(
        client, bot_store):
    """Retry-After invites a retry: refused for the service's fault, a message must not
    count towards the sender's rate limit (30 a minute here), or its retry gets 429."""
    body = json.dumps({"session": "half", "text": "Hej", "id": "m-1"}).encode()
    path = bot_store.data_dir / DESK_SHARD
    path.write_text('{"tab')
    codes = {client.post("/web/messages", data=body, headers=web_headers(body)).status_code
             for _retry in range(40)}
    assert codes == {503}
    path.unlink()
    assert client.post("/web/messages", data=body, headers=web_headers(body)).status_code == 200


@pytest.mark.parametrize("message_id", ["x" * 201, True, {"nested": 1}, [1]])
def test_a_message_id_that_is_too_long_or_not_an_id_is_400(client, message_id):
    body = json.dumps({"session": "ids", "text": "Hej", "id": message_id}).encode()
    response = client.post("/web/messages", data=body, headers=web_headers(body))
    assert response.status_code == 400 and "'id'" in response.get_json()["message"]
