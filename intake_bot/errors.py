"""Every error answer is JSON: bad input is a 4xx, a broken store a 503, never a 500."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable

from store import BorgerdeskError, NotFoundError, ValidationError

log = logging.getLogger("borgerdesk.intake")


def is_store_failure(error: Exception) -> bool:
    """The store could not read or write (the service's fault: 503), as opposed to input it
    refused (the sender's: 400)."""
    return isinstance(error, BorgerdeskError | OSError) and not isinstance(
        error, ValidationError | NotFoundError)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = jsonify(error=error.name, message=error.description)
        response.status_code = error.code or 500
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(BorgerdeskError)
    @app.errorhandler(OSError)
    def store_failed(error: Exception):
        """Input the store refuses is the sender's fault (400); a store that cannot read or
        write its files (corrupt, locked, disk full, read-only) is ours, for now (503, as
        /healthz says too)."""
        if not is_store_failure(error):
            return http_error(BadRequest("the message could not be stored as it is"))
        log.error("the store failed (%s) while handling a request", type(error).__name__)
        unavailable = ServiceUnavailable("the service cannot store messages right now")
        unavailable.retry_after = 30
        return http_error(unavailable)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # The type only: a message could carry a citizen's words.
        log.error("unexpected %s while handling a request", type(error).__name__)
        return http_error(InternalServerError())
