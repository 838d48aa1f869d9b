"""``purge``, ``erase``, ``export-citizen`` and ``audit``: the data protection commands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from borgerdesk.config import Settings
from borgerdesk.console import done, out
from borgerdesk.output import replace_file
from store import NotFoundError, Store, ValidationError
from store.i18n import _, ngettext


def _store(settings: Settings) -> Store:
    return Store(settings.data_dir, settings.store_settings())


def run_purge(settings: Settings, args: argparse.Namespace) -> int:
    months = settings.config.privacy.retention_months
    store = _store(settings)
    refs = store.privacy.purge(months, dry_run=args.dry_run)
    for ref in refs:
        out.print(ref, markup=False)
    if args.dry_run:
        done(ngettext("{count} inquiry would be anonymised (closed more than {months} months "
                      "ago); nothing changed (dry run).",
                      "{count} inquiries would be anonymised (closed more than {months} "
                      "months ago); nothing changed (dry run).", len(refs)).format(
            count=len(refs), months=months))
    else:
        done(ngettext("Anonymised {count} inquiry closed more than {months} months ago.",
                      "Anonymised {count} inquiries closed more than {months} months ago.",
                      len(refs)).format(count=len(refs), months=months))
    return 0


ERASURE_REASONS = ("request", "retention", "error", "other")


def reason_code(text: str) -> str:
    """One of ERASURE_REASONS; a refusal never repeats what was typed (it may be personal)."""
    if text not in ERASURE_REASONS:
        raise argparse.ArgumentTypeError(_("choose one of {codes}").format(
            codes=", ".join(ERASURE_REASONS)))
    return text


def run_erase(settings: Settings, args: argparse.Namespace) -> int:
    store = _store(settings)
    erased_before = store.get(args.ref).anonymised_at
    inquiry = store.privacy.anonymise(args.ref, args.reason)
    if erased_before is not None:
        done(_("{ref} was erased already, on {when}; nothing changed.").format(
            ref=inquiry.ref, when=f"{store.calendar.local(erased_before):%Y-%m-%d %H:%M}"))
    else:
        done(_("Removed the personal data of {ref}.").format(ref=inquiry.ref))
    return 0


def run_export_citizen(settings: Settings, args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise ValidationError(_("give a name, phone number, e-mail address or chat id"))
    found = _store(settings).privacy.about_citizen(args.query)
    if not found["inquiries"] and not found.get("conversations"):
        raise NotFoundError(_("nothing is stored about that person; nothing was written"))
    text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        replace_file(Path(args.out), text.encode(), force=args.force,
                     data_dir=settings.data_dir)
        done(_("Wrote {count} inquiries to {path}").format(
            count=len(found["inquiries"]), path=args.out))
    else:
        sys.stdout.write(text)
    return 0


def run_audit(settings: Settings, args: argparse.Namespace) -> int:
    records = _store(settings).privacy.audit(args.ref)
    target = io.StringIO()
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(["at", "by", "ref", "action", "fields"])
    for record in records:
        writer.writerow([record.at.isoformat(), record.by, record.ref, record.action,
                         "|".join(record.fields)])
    if args.out:
        replace_file(Path(args.out), target.getvalue().encode(), force=args.force,
                     data_dir=settings.data_dir)
        done(_("Wrote {count} audit records to {path}").format(count=len(records),
                                                               path=args.out))
    else:
        sys.stdout.write(target.getvalue())
    return 0


def _out_options(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--out", metavar=_("FILE"), help=help_text)
    parser.add_argument("--force", action="store_true", help=_(
        "replace the --out file if it exists (it is never replaced otherwise)"))


def add_commands(command) -> None:
    purge = command("purge", run_purge, _(
        "anonymise inquiries closed longer ago than privacy.retention_months"))
    purge.add_argument("--dry-run", action="store_true",
                       help=_("list what would be anonymised; change nothing"))
    erase = command("erase", run_erase, _(
        "remove the personal data of one inquiry now (erasure on request)"))
    erase.add_argument("ref", metavar="BR-YYYY-NNNN")
    erase.add_argument("--reason", required=True, type=reason_code,
                       metavar="{" + ",".join(ERASURE_REASONS) + "}", help=_(
        "why, as a code for the audit trail (which holds no free text): request (the citizen "
        "asked), retention, error (registered by mistake) or other"))
    export = command("export-citizen", run_export_citizen, _(
        "everything stored about one citizen, as JSON (access request)"))
    export.add_argument("query", metavar=_("NAME|PHONE|E-MAIL|CHAT-ID"))
    _out_options(export, _(
        "write to this file (created readable by you only) instead of standard output"))
    audit = command("audit", run_audit, _(
        "the audit trail (changes and views) as CSV; never the personal values"))
    audit.add_argument("--ref", metavar="BR-YYYY-NNNN", help=_("one inquiry only"))
    _out_options(audit, _("write to this file (created readable by you only)"))
