"""Stopping ``borgerdesk serve`` without dropping a citizen's message.

On SIGTERM the server stops taking connections at once, lets the requests in flight finish
and their answers go out (a request may be waiting for the store's lock), and only then
closes, or after ``seconds`` at the most. waitress's own ``close`` shuts every connection at
once, so a message that had not been stored yet was lost and its sender saw a reset.
Everything that touches waitress's connection map runs in its loop, through its trigger.
"""

from __future__ import annotations

import logging
import threading
import time

from waitress import wasyncore
from waitress.server import BaseWSGIServer

log = logging.getLogger("borgerdesk.serve")


class Drain:
    """A SIGTERM handler for one waitress server."""

    def __init__(self, server: BaseWSGIServer, seconds: float) -> None:
        self.server, self.seconds = server, seconds
        self._started = threading.Event()

    def __call__(self, signum: int, frame: object) -> None:
        if self._started.is_set():
            return
        self._started.set()
        log.info("stopping (signal %s): finishing the requests in flight", signum)
        self.server.trigger.pull_trigger(self._stop_listening)
        threading.Thread(target=self._close_when_idle, name="drain", daemon=True).start()

    def _stop_listening(self) -> None:
        wasyncore.dispatcher.close(self.server)  # the listening socket only

    def _busy(self) -> bool:
        tasks = self.server.task_dispatcher
        channels = [channel for channel in list(self.server._map.values())
                    if hasattr(channel, "requests")]
        # ``request`` is a request partly received (its body still coming): it is in flight
        # too, or a client sending slowly when the signal came would get a reset.
        return bool(tasks.active_count or tasks.queue or any(
            channel.requests or channel.request is not None or channel.total_outbufs_len
            for channel in channels))

    def _close_when_idle(self) -> None:
        deadline = time.monotonic() + self.seconds
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self._busy():
            log.warning("closing with requests still in flight after %.0f s", self.seconds)
        self.server.trigger.pull_trigger(self._close_all)

    def _close_all(self) -> None:
        self.server.task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(self.server._map)
