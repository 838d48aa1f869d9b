"""Every command against every fault that applies to it: exit code 1, one line on standard
error that names the file, never a traceback, never a personal value.

Faults are real where the machine allows (a file where a folder should be, a truncated file,
a port in use, a cell over the csv module's limit); a full disk is a fake that raises
ENOSPC, and so is a read-only or unreadable file when the tests run as root (root may write
anything, so ``chmod`` alone would prove nothing there).
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

import store.storage
from borgerdesk.cli import main
from store import Citizen, InquiryDraft, Store

ROOT = Path(__file__).resolve().parents[2]
PERSONAL = ("Hemmelig", "55667788", "hh@example.dk", "Helbred")
AS_ROOT = os.geteuid() == 0


@dataclass
class Env:
    tmp: Path
    data: Path
    config: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def year_file(self) -> Path:
        return self.data / "inquiries-2023.json"

    def csv(self, text: str) -> str:
        path = self.tmp / "inquiries.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)


@pytest.fixture
def env(tmp_path, monkeypatch, english) -> Env:
    data = tmp_path / "data"
    desk = Store(data)
    desk.create_inquiry(InquiryDraft(
        received_at=datetime(2023, 3, 1, 10, tzinfo=UTC), subject="Helbred",
        citizen=Citizen(name="Hemmelig Hansen", phone="55667788", email="hh@example.dk")))
    desk.desk.mark_once("test:lock-files-exist")
    return Env(tmp_path, data, english, monkeypatch)


# -- the commands ------------------------------------------------------------------------------
GOOD_CSV = "received_at,kind,citizen_name\n2023-01-05,other,Hemmelig Hansen\n"
COMMANDS: dict[str, Callable[[Env], list[str]]] = {
    "check": lambda env: ["check"],
    "import": lambda env: ["import", env.csv(GOOD_CSV)],
    "summary": lambda env: ["summary", "--year", "2023", "--format", "json,md"],
    "summary --out": lambda env: ["summary", "--year", "2023", "--out", str(env.tmp / "out")],
    "export-citizen": lambda env: ["export-citizen", "55667788", "--out",
                                   str(env.tmp / "export.json")],
    "audit": lambda env: ["audit", "--out", str(env.tmp / "audit.csv")],
    "erase": lambda env: ["erase", "BR-2023-0001", "--reason", "request"],
    "purge": lambda env: ["purge"],
    "sample-csv": lambda env: ["sample-csv", str(env.tmp / "sample.csv"), "--count", "5"],
    "serve": lambda env: ["serve"],
    "demo": lambda env: ["demo", "--no-tui"],
}
READERS = ("summary", "summary --out", "export-citizen", "audit", "erase", "import")


# -- the faults ------------------------------------------------------------------------------
def data_is_a_file(env: Env) -> str:
    env.data.rename(env.tmp / "elsewhere")
    env.data.write_text("not a folder")
    return str(env.data)


# Until the store names a damaged file itself (CorruptFileError), the command line's safety
# net names the data folder and points at ``check``, which names the file.
def truncated_year_file(env: Env) -> tuple[str, ...]:
    env.year_file.write_bytes(env.year_file.read_bytes()[:40])
    return env.year_file.name, str(env.data)


def non_object_year_file(env: Env) -> tuple[str, ...]:
    env.year_file.write_text("[1, 2, 3]")
    return env.year_file.name, str(env.data)


def truncated_desk_file(env: Env) -> str:
    desk = env.data / "desk.json"
    desk.write_bytes(desk.read_bytes()[:20])
    return "desk.json"


def truncated_imports_file(env: Env) -> str:
    env.data.joinpath("imports.json").write_text('{"imports": {"1": {"dig')
    return "imports.json"


def _denied(path: object) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def read_only_data_folder(env: Env) -> str:
    os.chmod(env.data, 0o500)
    env.monkeypatch.setattr(os, "chmod", os.chmod)  # restored for tmp_path's cleanup
    if AS_ROOT:
        original = store.storage.write_temporary

        def refuse(path: Path, payload: bytes) -> Path:
            if env.data in (path.parent, *path.parent.parents):
                raise _denied(path.with_name(f".{path.name}.tmp"))
            return original(path, payload)

        env.monkeypatch.setattr(store.storage, "write_temporary", refuse)
    return str(env.data)


def unreadable_year_file(env: Env) -> str:
    os.chmod(env.year_file, 0)
    if AS_ROOT:
        def refuse(path, *args, **kwargs):
            if Path(path) == env.year_file:
                raise _denied(path)
            return open(path, *args, **kwargs)

        env.monkeypatch.setattr(store.storage, "open", refuse, raising=False)
    return env.year_file.name


def full_disk(env: Env) -> str:
    def no_space(path: Path, payload: bytes) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    env.monkeypatch.setattr(store.storage, "write_temporary", no_space)  # every writer's
    return "No space left on device"


def missing_parent(env: Env) -> str:
    env.monkeypatch.setitem(COMMAND_OVERRIDES, "path", str(env.tmp / "missing" / "x.out"))
    return str(env.tmp / "missing")


COMMAND_OVERRIDES: dict[str, str] = {}

FAULTS: dict[str, tuple[Callable[[Env], str], tuple[str, ...]]] = {
    "data is a file": (data_is_a_file, ("check", "import", "summary", "summary --out",
                                        "export-citizen", "audit", "erase", "purge", "serve",
                                        "demo")),
    "truncated year file": (truncated_year_file, ("check", *READERS)),
    "non-object year file": (non_object_year_file, ("check", *READERS)),
    "truncated desk.json": (truncated_desk_file, ("export-citizen",)),
    "truncated imports.json": (truncated_imports_file, ("import",)),
    "read-only data folder": (read_only_data_folder, ("import", "summary", "erase")),
    "unreadable year file": (unreadable_year_file, ("check", *READERS)),
    "full disk": (full_disk, ("import", "summary", "summary --out", "export-citizen",
                              "audit", "erase", "sample-csv")),
}
CASES = [(fault, command) for fault, (_make, commands) in FAULTS.items()
         for command in commands]


def assert_one_line_error(capsys, code: int, named: str | tuple[str, ...]) -> None:
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 1, captured
    assert "Traceback" not in captured.err + captured.out
    for personal in PERSONAL:
        assert personal not in captured.err + captured.out, personal
    if lines:  # check reports on standard output instead
        assert len(lines) == 1, lines
    shown = captured.err or captured.out
    assert any(name in shown for name in ((named,) if isinstance(named, str) else named)), (
        named, shown)


@pytest.mark.parametrize(("fault", "command"), CASES, ids=[f"{f}-{c}" for f, c in CASES])
def test_every_command_against_every_fault(env, capsys, fault, command):
    make, _commands = FAULTS[fault]
    argv = COMMANDS[command](env)
    named = make(env)
    capsys.readouterr()
    try:
        code = main(["--data", str(env.data), *argv])
    finally:
        os.chmod(env.data, 0o700) if env.data.is_dir() else None
    assert_one_line_error(capsys, code, named)


@pytest.mark.parametrize("command", ["export-citizen", "audit", "sample-csv"])
def test_an_out_file_in_a_missing_folder(env, capsys, command):
    target = env.tmp / "missing" / "x.out"
    argv = [*COMMANDS[command](env)]
    position = argv.index("--out") + 1 if "--out" in argv else 1
    argv[position] = str(target)
    assert_one_line_error(capsys, main(["--data", str(env.data), *argv]),
                          str(target.parent))


@pytest.mark.parametrize(("arguments", "named"), [
    (["summary", "--year", "9999"], "2999"),
    (["summary", "--year", "0001"], "2000"),
    (["summary", "--from", "0001-01-01", "--to", "0001-01-31"], "2000"),
    (["summary", "--month", "9999-12"], "2999"),
    (["summary", "--year", "2023", "--out", "{tmp}/file.txt/sub"], "file.txt"),
    (["import", "{csv:9999-12-31}"], "inquiries.csv"),
    (["import", "{csv:31-12-9999 23:59}"], "inquiries.csv"),
    (["import", "{big}"], "inquiries.csv"),
    (["import", "{surrogate}"], "inquiries.csv"),
    (["import", "{tmp}/gone\udcff.csv"], "gone"),
    (["erase", "BR-2023-\udcff", "--reason", "request"], "not a reference"),
    (["erase", "BR-2023-0001", "--reason", "Hemmelig asked"], "--reason"),
    (["summary"], "borgerdesk summary --help"),
    (["--Hemmelig"], "borgerdesk --help"),
    (["export-citizen", "Hemmelig", "Hansen"], "1 argument was not understood"),
])
def test_odd_values(env, capsys, arguments, named):
    (env.tmp / "file.txt").write_text("a file")
    replacements = {
        "{big}": env.csv("received_at,kind,description\n2023-01-05,other,"
                         + "Hemmelig " * 20000 + "\n"),
    }
    resolved = []
    for argument in arguments:
        if argument == "{surrogate}":
            path = env.tmp / "inquiries.csv"
            path.write_bytes(b"received_at,kind,subject\n2023-01-05,other,\xed\xa0\x80"
                             b"Hemmelig\n")
            argument = str(path)
        elif argument.startswith("{csv:"):
            argument = env.csv(f"received_at,kind,citizen_name\n{argument[5:-1]},other,"
                               f"Hemmelig Hansen\n")
        argument = replacements.get(argument, argument).replace("{tmp}", str(env.tmp))
        resolved.append(argument)
    before = len(Store(env.data).inquiries())
    try:
        code = main(["--data", str(env.data), *resolved])
    except SystemExit as exit_:  # a usage error, from argparse
        code = exit_.code
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    assert named in captured.err
    for personal in PERSONAL:
        assert personal not in captured.err, personal
    assert len(Store(env.data).inquiries()) == before


@pytest.mark.parametrize("listen", ["nonsense", "127.0.0.1:99999", "host:", ":0"])
@pytest.mark.parametrize("command", [["check"], ["serve"], ["summary", "--year", "2023"]])
def test_an_invalid_listen_address_names_the_file_and_key(env, capsys, listen, command):
    env.config.write_text(f'[office]\nlanguage = "en"\n[intake]\nlisten = "{listen}"\n')
    assert main(["--data", str(env.data), *command]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and str(env.config) in lines[0] and "intake.listen" in lines[0]


@pytest.mark.parametrize(("arguments", "named"), [
    (["--config", "{folder}", "check"], "{folder}"),
    (["--config", "{folder}", "summary", "--year", "2023"], "{folder}"),
    (["import", "{folder}"], "{folder}"),
])
def test_an_input_that_cannot_be_read_is_one_line(env, capsys, arguments, named):
    folder = env.tmp / "a-folder.toml"
    folder.mkdir()
    argv = [argument.replace("{folder}", str(folder)) for argument in arguments]
    code = main(["--data", str(env.data), *argv])
    assert_one_line_error(capsys, code, named.replace("{folder}", str(folder)))


def test_serve_on_a_port_in_use_is_one_line(env, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env.config.write_text(f'[office]\nlanguage = "en"\n[intake]\nplatforms = ["web"]\n'
                              f'listen = "127.0.0.1:{port}"\n')
        result = subprocess.run(
            [sys.executable, "-m", "borgerdesk.cli", "--data", str(env.data), "serve"],
            cwd=ROOT, env={**os.environ, "BORGERDESK_WEB_SECRET": "x",
                           "BORGERDESK_CONFIG": str(env.config)},
            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "Error" in line]
    assert len(errors) == 1 and f"127.0.0.1:{port}" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (env.data / "serve.json").exists()


def test_an_unexpected_error_is_one_line_with_its_type_only(env, capsys, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("Hemmelig Hansen 55667788")

    monkeypatch.setattr("reports.compute_summary", explode)  # looked up when a summary is made
    assert main(["--data", str(env.data), "summary", "--year", "2023"]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "RuntimeError" in captured.err
    assert "Hemmelig" not in captured.err and "Traceback" not in captured.err
