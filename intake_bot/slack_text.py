"""Slack's message text format, both ways ("Formatting text for app surfaces").

Slack sends links, mentions and e-mail addresses in angle brackets (``<mailto:a@b.dk|a@b.dk>``,
``<https://x|label>``, ``<@U123>``, ``<!channel>``) and escapes ``&``, ``<`` and ``>``. The
conversation must see what the citizen typed, or an e-mail address is stored broken and a name
as ``Søren &amp; Anne``. Text we send is escaped the same way, so a citizen's ``<!channel>``
echoed in a summary stays text instead of pinging a whole channel.
"""

from __future__ import annotations

import re

ENTITY = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
SPECIAL = {"!channel": "@channel", "!here": "@here", "!everyone": "@everyone"}


def _plain(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith(("@", "#")):  # a user or a channel: its name if given
        return target[0] + label.lstrip("@#") if label else target
    if target.startswith("!"):
        return label or SPECIAL.get(target, "@" + target[1:])
    if target.startswith(("mailto:", "tel:")):  # the label is what the citizen typed
        return label or target.split(":", 1)[1]
    if not label or label == target.split("://", 1)[-1]:
        return label or target
    return f"{label} ({target})"  # a labelled link shows where it really goes


def from_slack(text: str) -> str:
    """What the citizen typed: entities to plain text, then Slack's three escapes undone."""
    plain = ENTITY.sub(_plain, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_slack(text: str) -> str:
    """Text for ``chat.postMessage``: ``&``, ``<`` and ``>`` escaped, nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
