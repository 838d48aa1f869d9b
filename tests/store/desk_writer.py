"""A desk writer process for the multi-process tests: the same conversation steps and
markers as its siblings, so each must be handled by exactly one of them.

Run as ``python -m tests.store.desk_writer DATA_DIR SENDERS MESSAGES``; after "go" on standard
input, prints the number of steps it ran, of markers it set first and of messages it marked
handled first.
"""

from __future__ import annotations

import sys

from store import Store
from store.desk import Exchange


def count_up(state: dict | None) -> Exchange:
    return Exchange({"n": (state or {"n": 0})["n"] + 1})


def main() -> None:
    data_dir, senders, messages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = Store(data_dir, actor="writer")
    print("ready", flush=True)
    sys.stdin.readline()
    steps = marks = handled = 0
    for message in range(messages):
        for sender in range(senders):
            steps += store.desk.converse(f"web:{sender}", f"m{message}", count_up) is not None
            marks += store.desk.mark_once(f"reminder:{sender}:{message}")
            handled += store.desk.mark_message_once(f"web:{sender}", f"status{message}")
    print(steps, marks, handled, flush=True)


if __name__ == "__main__":
    main()
