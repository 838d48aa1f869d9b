"""The citizens' own chat page at ``/chat`` (platform ``webchat``): see ``routes``."""

from intake_bot.webchat.routes import webchat_blueprint

__all__ = ["webchat_blueprint"]
