"""``borgerdesk reply REF --text TEXT`` / ``--file F``: answer the citizen from the command line.

Like the TUI, it only stores the answer in the outbox; the service sends it within a second
or two. When no service runs on this data (no ``serve.json``), it says the answer waits.
"""

from __future__ import annotations

import argparse

from borgerdesk.config import Settings
from borgerdesk.console import done, err
from store import BorgerdeskError, Store
from store.i18n import _

MAX_BYTES = 64 * 1024


def _text(args: argparse.Namespace) -> str:
    """The answer, at most ``MAX_BYTES`` of UTF-8 without NUL bytes however it is given: a
    file is read no further than one byte past the limit (``/dev/zero`` never ends)."""
    if args.text is not None:
        payload, name = args.text.encode("utf-8", errors="surrogateescape"), "--text"
    else:
        name = args.file
        try:
            with open(args.file, "rb") as source:
                payload = source.read(MAX_BYTES + 1)
        except OSError as error:
            raise BorgerdeskError(f"{name}: {error.strerror}") from None
    if len(payload) > MAX_BYTES:
        raise BorgerdeskError(_("{file}: longer than {size} KB").format(
            file=name, size=MAX_BYTES // 1024))
    if b"\0" in payload:
        raise BorgerdeskError(_("{file}: holds a NUL byte; give text").format(file=name))
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        raise BorgerdeskError(_("{file}: not UTF-8 text").format(file=name)) from None


def _require_way_out(settings: Settings, store: Store, ref: str) -> None:
    """Refuse an answer the service could never send: the way back is not set up."""
    from store.outbox import route_of  # not at the top: every --help would import it

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
    from store.outbox import describe, route_of

    store = Store(settings.data_dir, settings.store_settings())
    _require_way_out(settings, store, args.ref)
    inquiry = store.outbox.answer(args.ref, _text(args))
    done(_("The answer to {ref} is stored. {where}").format(
        ref=inquiry.ref, where=describe(route_of(inquiry))))
    if not store.outbox.sender_running():
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
