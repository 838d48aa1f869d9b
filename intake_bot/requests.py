"""Reading a request body as a JSON object, or answering 400."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.exceptions import BadRequest


def json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
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
