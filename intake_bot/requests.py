"""What every adapter does with a request: read the JSON body (or answer 400), rate-limit the
sender (or answer 429) and hand the message to the conversation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from werkzeug.exceptions import BadRequest

from intake_bot.errors import is_store_failure
from intake_bot.health import files_readable
from intake_bot.intake import IncomingMessage, Intake
from intake_bot.security import RateLimiter

MESSAGE_ID_LENGTH = 200


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object. orjson refuses what would break later with a 500: invalid
    UTF-8, lone surrogates (the store cannot write them), nesting deeper than 1,024 levels
    (the standard library recurses until RecursionError) and numbers beyond a double."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise BadRequest("the body is not a JSON object")
    return payload


def text_field(payload: dict[str, Any], name: str, most: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string")
    if len(value) > most:
        raise BadRequest(f"'{name}' is longer than {most} characters")
    return value


def message_id_field(payload: dict[str, Any], name: str = "id") -> object:
    """The platform's message id, if any: a string or number of at most
    ``MESSAGE_ID_LENGTH`` characters (it is kept as a marker in the sender's file)."""
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int) \
            or len(str(value)) > MESSAGE_ID_LENGTH:
        raise BadRequest(f"'{name}' must be a string or number of at most "
                         f"{MESSAGE_ID_LENGTH} characters")
    return value


def hand_over(intake: Intake, limiter: RateLimiter, platform: str, sender: str, text: str,
              message_id: object, has_files: bool = False,
              reply_to: str = "", also_touches: Iterable[str] = ()) -> list[str] | None:
    """The replies to one citizen's message (None for a retry that was handled).
    ``also_touches`` names the data files the adapter writes after the conversation step."""
    limiter.check(sender)
    try:
        files_readable(intake.store, also_touches)  # refused whole, before any part is stored
        return intake.handle(IncomingMessage(
            platform, sender, text, str(message_id) if message_id not in (None, "") else None,
            has_files, reply_to))
    except Exception as error:
        if is_store_failure(error):
            limiter.refund(sender)
        raise
