"""``borgerdesk serve``: the intake webhook under waitress and the scheduler, one process.

A second ``serve`` on the same data refuses to start and names the one that runs: both would
answer the same chats and send the same reminders. SIGTERM stops taking connections and
closes once the requests in flight are answered (``shutdown.Drain``); a running job finishes.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path

from filelock import FileLock, Timeout
from flask import Flask
from waitress.server import BaseWSGIServer, create_server

from borgerdesk.config import Settings, parse_listen
from borgerdesk.output import open_private
from borgerdesk.shutdown import Drain
from intake_bot import BotSettings, create_app
from intake_bot.outbox import outbox_sender
from scheduler import (
    Email,
    Jobs,
    Log,
    SchedulerSettings,
    SlackWebhook,
    TeamsWorkflow,
    build_scheduler,
)
from store import BorgerdeskError, Store
from store.i18n import _
from store.outbox import SERVICE_NOTE

log = logging.getLogger("borgerdesk.serve")
SERVER_THREADS = 16  # requests wait on the store's lock, not on the CPU
DRAIN_SECONDS = 20  # what a request in flight gets to finish after SIGTERM
# A message whose file another process holds longer is answered 503 with Retry-After (the
# platform retries): waiting the store's usual 30 s held one of the threads each, and
# twenty such messages left none for other citizens or /healthz.
LOCK_TIMEOUT_SECONDS = 5.0


def bot_settings(settings: Settings) -> BotSettings:
    secrets = settings.secrets
    return BotSettings(
        office_name=settings.config.office.name,
        platforms=tuple(settings.config.intake.platforms),
        slack_signing_secret=secrets.get("slack_signing_secret"),
        slack_bot_token=secrets.get("slack_bot_token"),
        slack_api_url=settings.config.intake.slack_api_url,
        slack_mode=settings.config.intake.slack_mode,
        slack_app_token=secrets.get("slack_app_token"),
        teams_hmac_secret=secrets.get("teams_hmac_secret"),
        web_secret=secrets.get("web_secret"),
        max_body_bytes=settings.config.intake.max_body_kb * 1024,
        messages_per_minute=settings.config.intake.messages_per_minute,
        smtp_url=secrets.get("smtp_url"), office_email=settings.config.office.email,
        privacy_url=settings.config.webchat.privacy_url,
        accessibility_statement_url=settings.config.webchat.accessibility_statement_url,
        frame_ancestors=tuple(settings.config.webchat.frame_ancestors),
        trusted_proxies=tuple(settings.config.intake.trusted_proxies))


def wsgi_server(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """waitress for the intake app. Its own proxy handling is off: it would drop every
    X-Forwarded-For and -Proto (it takes no networks, and trusts no peer by default), and
    the chat page decides itself whom to believe, from ``intake.trusted_proxies``."""
    return create_server(app, host=host, port=port, threads=SERVER_THREADS,
                         clear_untrusted_proxy_headers=False)


def scheduler_settings(settings: Settings) -> SchedulerSettings:
    reminders, secrets = settings.config.reminders, settings.secrets
    notifiers = []
    for name in reminders.notify:
        if name == "chat":
            webhook = secrets.get("notify_webhook_url") or ""
            notifiers.append(TeamsWorkflow(webhook) if reminders.chat_format == "teams"
                             else SlackWebhook(webhook))
        elif name == "email":
            notifiers.append(Email(secrets.get("smtp_url") or ""))
        else:
            notifiers.append(Log())
    return SchedulerSettings(
        office_name=settings.config.office.name,
        digest_at=time.fromisoformat(reminders.digest_at),
        lead_minutes=reminders.lead_minutes,
        monthly_at=time.fromisoformat(settings.config.summary.monthly_at),
        formats=tuple(settings.config.summary.formats), first_names=reminders.first_names,
        retention_months=settings.config.privacy.retention_months,
        notifiers=tuple(notifiers))


def listen_address(settings: Settings) -> tuple[str, int]:
    address = parse_listen(settings.config.intake.listen)
    if address is None:  # read_config refuses it; settings built in code might not
        raise BorgerdeskError(_("intake.listen: expected HOST:PORT with a port from 1 to "
                                "65535, such as 127.0.0.1:8080"))
    return address


@contextmanager
def only_instance(data_dir: Path):
    """Hold ``serve.lock`` while serving; say who holds it if another process does."""
    lock = FileLock(data_dir / "serve.lock", timeout=0, mode=0o600)
    info = data_dir / SERVICE_NOTE
    try:
        lock.acquire()
    except Timeout:
        try:
            running = json.loads(info.read_text())
        except (OSError, ValueError):
            running = {}
        raise BorgerdeskError(_(
            "borgerdesk serve is already running on this data (process {pid} on {host}, "
            "since {since})").format(pid=running.get("pid", "?"),
                                     host=running.get("host", "?"),
                                     since=running.get("since", "?"))) from None
    try:
        with open_private(info) as target:
            json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                       "since": datetime.now(UTC).isoformat(timespec="seconds")}, target)
        yield
    finally:
        info.unlink(missing_ok=True)
        lock.release()


def serve(settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                    "%(message)s")
    store = Store(settings.data_dir,
                  replace(settings.store_settings(), lock_timeout=LOCK_TIMEOUT_SECONDS),
                  actor="service")
    missing = settings.secrets.missing_for(settings.config.intake.platforms,
                                           settings.config.reminders.notify,
                                           settings.config.intake.slack_mode)
    if missing:
        raise BorgerdeskError(_("not set in the environment: {names}").format(
            names=", ".join(missing)))
    host, port = listen_address(settings)
    try:
        jobs = Jobs(store, scheduler_settings(settings))
        sender = outbox_sender(bot_settings(settings), store)
    except ValueError as error:
        raise BorgerdeskError(str(error)) from None
    with only_instance(store.data_dir):
        app = create_app(bot_settings(settings), store)
        try:
            server = wsgi_server(app, host, port)
        except OSError as error:
            raise BorgerdeskError(_("cannot listen on {host}:{port} (intake.listen): "
                                    "{reason}").format(host=host, port=port,
                                                       reason=error.strerror)) from None
        scheduler = build_scheduler(jobs)

        signal.signal(signal.SIGTERM, Drain(server, DRAIN_SECONDS))
        log.info("intake listening on http://%s:%s for %s", host, server.effective_port,
                 ", ".join(settings.config.intake.platforms) or "no platform")
        slack_socket = app.extensions["borgerdesk"].get("slack_socket")
        if slack_socket is not None:
            slack_socket.start()
            log.info("connected to Slack in Socket Mode")
        scheduler.start()
        sender.start()  # answers to citizens (design.md 5)
        try:
            server.run()
        except (KeyboardInterrupt, OSError):
            pass
        finally:
            sender.stop()
            if slack_socket is not None:
                slack_socket.close()
            scheduler.shutdown(wait=True)  # a job in progress finishes
            app.extensions["borgerdesk"]["reply_pool"].shutdown(wait=True)
            log.info("stopped")
    return 0
