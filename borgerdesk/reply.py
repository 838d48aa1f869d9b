"""``borgerdesk reply REF --text TEXT`` / ``--file F``: answer the citizen from the command line.

Like the TUI, it only stores the answer in the outbox; the service sends it within a second
or two. When no service runs on this data (no ``serve.json``), it says the answer waits.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from borgerdesk.config import Settings
from borgerdesk.console import done, err
from store import BorgerdeskError, Store
from store.i18n import _
from store.outbox import describe, route_of

MAX_BYTES = 64 * 1024


def _text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return args.text
    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BorgerdeskError(_("{file}: longer than {size} KB").format(
                file=path, size=MAX_BYTES // 1024))
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BorgerdeskError(_("{file}: not UTF-8 text").format(file=path)) from None
    except OSError as error:
        raise BorgerdeskError(f"{path}: {error.strerror}") from None


def _require_way_out(settings: Settings, store: Store, ref: str) -> None:
    """Refuse an answer the service could never send: the way back is not set up."""
    route = route_of(store.get(ref))
    missing = {
        "email": [name for name, present in (
            ("BORGERDESK_SMTP_URL", settings.secrets.get("smtp_url")),
            ("office.email", "@" in settings.config.office.email)) if not present],
        "slack": [] if settings.secrets.get("slack_bot_token") else ["SLACK_BOT_TOKEN"],
    }.get(route.via, []) if route is not None else []
    if missing:
        raise BorgerdeskError(_(
            "{ref}: the answer would go by {way}, which is not set up ({missing}); nothing "
            "was stored").format(ref=ref, way=route.via, missing=", ".join(missing)))


def run_reply(settings: Settings, args: argparse.Namespace) -> int:
    store = Store(settings.data_dir, settings.store_settings())
    _require_way_out(settings, store, args.ref)
    inquiry = store.outbox.answer(args.ref, _text(args))
    done(_("The answer to {ref} is stored. {where}").format(
        ref=inquiry.ref, where=describe(route_of(inquiry))))
    if not (store.data_dir / "serve.json").exists():
        err.print(_("No service runs on this data: the answer is sent when borgerdesk serve "
                    "starts."), markup=False)
    return 0


def add_command(command) -> None:
    reply = command("reply", run_reply, _(
        "answer the citizen on the channel they used (Slack, web chat, e-mail); it counts as "
        "the first response once sent"))
    reply.add_argument("ref", metavar="BR-YYYY-NNNN")
    source = reply.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help=_("the answer"))
    source.add_argument("--file", metavar=_("FILE"), help=_("read the answer from a UTF-8 file"))
