"""Every error answer is JSON, and bad input is a 4xx, never a 500."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("borgerdesk.intake")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = jsonify(error=error.name, message=error.description)
        response.status_code = error.code or 500
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # The type only: a message could carry a citizen's words.
        log.error("unexpected %s while handling a request", type(error).__name__)
        return http_error(InternalServerError())
