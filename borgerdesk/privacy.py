"""``purge``, ``erase``, ``export-citizen`` and ``audit``: the data protection commands."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from borgerdesk.config import Settings
from borgerdesk.console import done, out
from store import Store
from store.i18n import _, ngettext
from store.privacy import REASON_CODES


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


def run_erase(settings: Settings, args: argparse.Namespace) -> int:
    inquiry = _store(settings).privacy.anonymise(args.ref, args.reason)
    done(_("Removed the personal data of {ref}.").format(ref=inquiry.ref))
    return 0


def _private_file(path: Path) -> object:
    """Open a new file readable by its owner only: it holds personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return open(descriptor, "w", encoding="utf-8", newline="")


def run_export_citizen(settings: Settings, args: argparse.Namespace) -> int:
    found = _store(settings).privacy.about_citizen(args.query)
    text = json.dumps(found, ensure_ascii=False, indent=2)
    if args.out:
        with _private_file(Path(args.out)) as target:
            target.write(text + "\n")
        done(_("Wrote {count} inquiries to {path}").format(
            count=len(found["inquiries"]), path=args.out))
    else:
        sys.stdout.write(text + "\n")
    return 0


def run_audit(settings: Settings, args: argparse.Namespace) -> int:
    records = _store(settings).privacy.audit(args.ref)
    target = _private_file(Path(args.out)) if args.out else sys.stdout
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(["at", "by", "ref", "action", "fields"])
    for record in records:
        writer.writerow([record.at.isoformat(), record.by, record.ref, record.action,
                         "|".join(record.fields)])
    if args.out:
        target.close()
        done(_("Wrote {count} audit records to {path}").format(count=len(records),
                                                               path=args.out))
    return 0


def add_commands(command) -> None:
    purge = command("purge", run_purge, _(
        "anonymise inquiries closed longer ago than privacy.retention_months"))
    purge.add_argument("--dry-run", action="store_true",
                       help=_("list what would be anonymised; change nothing"))
    erase = command("erase", run_erase, _(
        "remove the personal data of one inquiry now (erasure on request)"))
    erase.add_argument("ref", metavar="BR-YYYY-NNNN")
    erase.add_argument("--reason", required=True, choices=REASON_CODES,
                       help=_("why, for the audit trail"))
    export = command("export-citizen", run_export_citizen, _(
        "everything stored about one citizen, as JSON (access request)"))
    export.add_argument("query", metavar=_("NAME|PHONE|E-MAIL|CHAT-ID"))
    export.add_argument("--out", metavar=_("FILE"), help=_(
        "write to this file (created readable by you only) instead of standard output"))
    audit = command("audit", run_audit, _(
        "the audit trail (changes and views) as CSV; never the personal values"))
    audit.add_argument("--ref", metavar="BR-YYYY-NNNN", help=_("one inquiry only"))
    audit.add_argument("--out", metavar=_("FILE"), help=_("write to this file"))
