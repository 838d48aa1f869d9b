"""The chat intake bot: a Flask app with thin adapters for Slack, Teams and a web chat.

Each adapter verifies, parses into one ``IncomingMessage``, hands it to the shared intake
conversation and renders the reply its platform's way; another platform (Mattermost, say) is
one more small adapter module. Imports the store only (design.md section 2).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from intake_bot.errors import register_error_handlers
from intake_bot.health import store_is_usable
from intake_bot.intake import IncomingMessage, Intake
from intake_bot.security import RateLimiter
from intake_bot.settings import BotSettings
from intake_bot.slack import slack_blueprint
from intake_bot.slack_api import SlackApi, SlackReplier
from intake_bot.slack_socket import SlackSocket
from intake_bot.teams import teams_blueprint
from intake_bot.web import web_blueprint
from intake_bot.webchat import webchat_blueprint
from store import Store

__all__ = ["BotSettings", "IncomingMessage", "Intake", "create_app"]


def create_app(settings: BotSettings, store: Store) -> Flask:
    """The WSGI app; ``app.extensions["borgerdesk"]`` holds the reply pool to shut down and,
    in Slack's Socket Mode, the connection for the service to start."""
    app = Flask("intake_bot")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    # The holiday tables load on first use (0.2 s and some 280 modules, under the import
    # lock): load them now, not while the first citizens wait for their reference.
    store.calendar.response_due(store.clock())
    intake = Intake(store, settings.office_name)
    limiter = RateLimiter(settings.messages_per_minute)
    pool = ThreadPoolExecutor(settings.reply_workers, thread_name_prefix="slack-reply")
    app.extensions["borgerdesk"] = {"intake": intake, "reply_pool": pool}
    if "slack" in settings.platforms:
        replier = SlackReplier(SlackApi(settings.slack_api_url, settings.slack_bot_token), pool)
        if settings.slack_mode == "socket":  # started and closed by the service
            app.extensions["borgerdesk"]["slack_socket"] = SlackSocket(settings, intake,
                                                                       limiter, replier)
        else:
            app.register_blueprint(slack_blueprint(settings, intake, limiter, replier))
    if "teams" in settings.platforms:
        app.register_blueprint(teams_blueprint(settings, intake, limiter))
    if "web" in settings.platforms:
        app.register_blueprint(web_blueprint(settings, intake, limiter))
    if "webchat" in settings.platforms:
        app.register_blueprint(webchat_blueprint(settings, intake, limiter))

    @app.get("/healthz")
    def healthz():
        try:
            store_is_usable(store)
        except Exception as error:  # whatever it is, the service cannot take messages
            return {"status": "error", "database": type(error).__name__}, 503
        return {"status": "ok", "database": "ok"}

    register_error_handlers(app)
    return app

