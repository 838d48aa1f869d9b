"""The ``borgerdesk`` command: parse the command line, read the settings, run a command.

This is the composition root: the only place that reads configuration and builds the parts.
The configured language is known before the help texts are built, so help is translated too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from borgerdesk.config import ConfigError, Settings, load_settings
from borgerdesk.console import error
from borgerdesk.failures import run_reported
from store import Store
from store.i18n import _, ngettext, set_language

Command = Callable[[Settings, argparse.Namespace], int]


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--config", metavar=_("FILE"), default=default, help=_(
        "configuration file (default: $BORGERDESK_CONFIG, else borgerdesk.toml in the "
        "user config folder)"))
    parser.add_argument("--data", metavar=_("DIR"), default=default, help=_(
        "data folder (default: $BORGERDESK_DATA, else the user data folder)"))


def _store(settings: Settings) -> Store:
    return Store(settings.data_dir, settings.store_settings())


def run_tui(settings: Settings, store: Store) -> int:
    from tui.app import BorgerdeskApp, TuiSettings

    BorgerdeskApp(store, TuiSettings(office_name=settings.config.office.name,
                                     lead_minutes=settings.config.reminders.lead_minutes)).run()
    return 0


def _tui(settings: Settings, args: argparse.Namespace) -> int:
    return run_tui(settings, _store(settings))


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.service import serve

    return serve(settings)


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.chat import run_chat

    return run_chat(settings, args.url, args.session)


def _check(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.check import run_check

    return run_check(settings)


def _import(settings: Settings, args: argparse.Namespace) -> int:
    """A dry run on a data folder that does not exist yet checks against an empty store in
    a temporary folder: it stores nothing, so it must not create the data folder either."""
    from borgerdesk.importer import import_csv

    if args.dry_run and not settings.data_dir.exists():
        with tempfile.TemporaryDirectory(prefix="borgerdesk-dry-run-") as empty:
            return import_csv(Store(empty, settings.store_settings()), Path(args.file),
                              dry_run=True)
    return import_csv(_store(settings), Path(args.file), dry_run=args.dry_run,
                      again=args.again)


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.demo import demo_service, run_demo

    store = run_demo(settings, Path(args.data) if args.data else None)
    if args.no_tui or not sys.stdin.isatty():
        return 0
    with demo_service(settings, store.data_dir):
        return run_tui(settings, store)


def _sample_csv(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.demo import write_sample_csv

    return write_sample_csv(settings, Path(args.file), args.year, args.count,
                            force=args.force)


def _summary(settings: Settings, args: argparse.Namespace) -> int:
    from borgerdesk.summary import run_summary

    return run_summary(settings, args)


class Parser(argparse.ArgumentParser):
    """Usage errors are one line and exit code 1, like every other error; arguments that
    were not understood are counted, not repeated (a name typed without quotes is one)."""

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error(ngettext("{count} argument was not understood",
                                "{count} arguments were not understood",
                                len(extras)).format(count=len(extras)))
        return parsed

    def error(self, message: str) -> NoReturn:
        error(_("{message} (see {command} --help)").format(message=message,
                                                            command=self.prog))
        sys.exit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="borgerdesk",
        description=_("The case desk of a municipal citizens' advisor."))
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    shared = Parser(add_help=False)
    _global_options(shared, suppress=True)

    def command(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[shared], help=help_text,
                                  description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("tui", _tui, _("the advisor's terminal UI on the configured data"))
    command("serve", _serve, _(
        "run the chat intake webhook (foreground, logs to standard error)"))
    chat = command("chat", _chat, _(
        "talk to the local intake bot as a citizen would, to try it without Slack or Teams"))
    chat.add_argument("--url", help=_("the web endpoint (default: intake.listen)"))
    chat.add_argument("--session", help=_("a conversation id (default: a new one)"))
    from borgerdesk.privacy import add_commands as add_privacy_commands

    add_privacy_commands(command)
    from borgerdesk.jobs import add_commands as add_job_commands

    add_job_commands(command, [shared])
    from borgerdesk.reply import add_command as add_reply_command

    add_reply_command(command)
    command("check", _check, _(
        "validate the configuration, the secrets of enabled platforms and the database"))
    importing = command("import", _import, _(
        "import inquiries from a CSV file: all rows or none; problems name row and column"))
    importing.add_argument("file", metavar=_("FILE.csv"))
    importing.add_argument("--dry-run", action="store_true",
                           help=_("check every row but store nothing"))
    importing.add_argument("--again", action="store_true", help=_(
        "import a file even though the same content was imported before"))
    summary = command("summary", _summary, _(
        "compute a summary for a month, a year or any period; write it and print it"))
    from borgerdesk.summary import add_arguments

    add_arguments(summary)
    demo = command("demo", _demo, _(
        "load a year of sample data into a temporary folder (or --data DIR), run the intake "
        "service on it and open the terminal UI"))
    demo.add_argument("--no-tui", action="store_true",
                      help=_("only load the data and print what is due"))
    sample = command("sample-csv", _sample_csv, _(
        "write a year of invented inquiries as CSV, to try the import"))
    sample.add_argument("file", metavar=_("FILE.csv"))
    sample.add_argument("--year", type=int, default=2023, help=_("year of receipt"))
    sample.add_argument("--count", type=int, default=400, help=_("inquiries a year, roughly"))
    sample.add_argument("--force", action="store_true", help=_(
        "replace the file if it exists (it is never replaced otherwise)"))
    return parser


def _settings_from(argv: Sequence[str]) -> Settings:
    """Read --config and --data before the full parse, to know the language of the help;
    a missing value is a one-line error with exit code 1 here too."""
    early = Parser(prog="borgerdesk", add_help=False)
    early.add_argument("--config")
    early.add_argument("--data")
    known, _rest = early.parse_known_args(argv)
    return load_settings(known.config, known.data)


NO_DATA_COMMANDS = frozenset({"sample-csv", "chat"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; every failure is one line on standard error and exit code 1."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        settings = _settings_from(argv)
    except ConfigError as problem:
        error(str(problem))
        return 1
    set_language(settings.config.office.language)
    args = build_parser().parse_args(argv)
    return run_reported(args.handler, settings, args,
                        needs_data=args.command not in NO_DATA_COMMANDS)


if __name__ == "__main__":
    sys.exit(main())
