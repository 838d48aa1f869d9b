"""The summary document as ``summary.json`` (design.md 3.5), shares to three decimals."""

from __future__ import annotations

import json
from typing import Any


def _rounded(value: Any) -> Any:
    """Shares to three decimals, as in the contract's example; everything else as it is."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def render(document: dict[str, Any]) -> bytes:
    return (json.dumps(_rounded(document), ensure_ascii=False, indent=2) + "\n").encode()
