"""The citizens' chat page: ``GET/POST /chat`` (a plain form) and ``/chat/messages`` (fetch).

Without JavaScript the form posts, the server answers 303 and the page is rendered whole.
With JavaScript the same page posts JSON and polls. No cookie is set before the first
message; then one HttpOnly, SameSite=Strict cookie holds the signed session id. Posts need a
CSRF token from the page and must not come from another site.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, jsonify, redirect, render_template, request
from werkzeug.exceptions import BadRequest, Forbidden

from intake_bot.intake import Intake
from intake_bot.requests import json_object
from intake_bot.security import RateLimiter
from intake_bot.settings import BotSettings
from intake_bot.webchat.chat import ChatDesk, Refused, sender_of
from intake_bot.webchat.network import (
    client_address,
    is_https,
    same_origin,
    trusted_networks,
)
from intake_bot.webchat.page import expiry_texts, page_context, refusal_text
from intake_bot.webchat.session import COOKIE, Signer, load_or_create_key
from store.i18n import LANGUAGES, active_language, speaking
from store.transcripts import ChatMessage

CSRF_HEADER = "X-Borgerdesk-Csrf"


def webchat_blueprint(settings: BotSettings, intake: Intake, limiter: RateLimiter) -> Blueprint:
    blueprint = Blueprint("webchat", __name__, template_folder="templates",
                          static_folder="static", static_url_path="/chat/static")
    store = intake.store
    desk = ChatDesk(settings, intake, limiter)
    signer = Signer(load_or_create_key(store.data_dir))
    proxies = trusted_networks(settings.trusted_proxies)
    ancestors = " ".join(("'self'", *settings.frame_ancestors))
    policy = (f"default-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
              f"object-src 'none'; frame-ancestors {ancestors}")

    def session_id() -> str | None:
        return signer.session_id(request.cookies.get(COOKIE))

    def spoken(session: str | None) -> str | None:
        """The language of the conversation in progress (the bot's switch changes it)."""
        state = store.desk.conversation(sender_of(session)) if session else None
        chosen = (state or {}).get("language")
        return chosen if chosen in LANGUAGES else None

    def language(session: str | None, asked: object) -> str:
        """The asked language, else the conversation's, else the office's."""
        if isinstance(asked, str) and asked in LANGUAGES:
            return asked
        return spoken(session) or active_language()

    def from_this_site() -> None:
        if not same_origin(request):
            raise Forbidden("the request comes from another site")

    def with_cookie(response: Response, session: str) -> Response:
        """The session's cookie, lasting as long as its transcript is kept (a day, or long
        enough for the advisor's answer once an inquiry was filed); renewed on each message."""
        expires_at = desk.transcripts.expires_at(sender_of(session))
        lasts = int((expires_at - store.clock()).total_seconds()) if expires_at else None
        response.set_cookie(COOKIE, signer.cookie_value(session), httponly=True,
                            samesite="Strict", secure=is_https(request, proxies), path="/chat",
                            max_age=lasts)
        return response

    def render(session: str | None, lang: str, *, status: int = 200, notice: str = "",
               draft: str = "") -> Response:
        sender = sender_of(session) if session else None
        messages = desk.transcripts.messages(sender) if sender else []
        with speaking(lang):
            context = page_context(
                settings, store, language=lang, messages=messages,
                had_session=session is not None,
                expires_at=desk.transcripts.expires_at(sender) if sender else None,
                csrf=signer.csrf_token(session), message_id=secrets.token_urlsafe(12),
                notice=notice, draft=draft)
            return Response(render_template("chat.html", **context), status=status,
                            mimetype="text/html")

    @blueprint.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer would make Origin "null"
        if not request.path.startswith("/chat/static/"):
            response.headers["Cache-Control"] = "no-store"  # the transcript is personal
        return response

    @blueprint.get("/chat")
    def page():
        session = session_id()
        return render(session, language(session, request.args.get("lang")))

    @blueprint.post("/chat")
    def form_post():
        from_this_site()
        form = request.form
        session = session_id()
        lang = language(session, form.get("lang"))
        text = form.get("text", "")[:50_000]
        if not signer.csrf_valid(form.get("csrf"), session):
            return render(session, lang, status=400, notice=refusal_text("csrf"), draft=text)
        if form.get("action") == "continue":
            desk.keep(session)
            return redirect(f"/chat?lang={lang}", code=303)
        with speaking(lang):
            try:
                sent = desk.send(session, signer.new_session_id(), text,
                                 str(form.get("id", ""))[:64] or secrets.token_urlsafe(12),
                                 client_address(request, proxies), lang)
            except Refused as refusal:
                return _refused(render(session, lang, draft=text, notice=refusal_text(
                    refusal.reason, refusal.retry_after)), refusal)
        lang = spoken(sent.session_id) or lang
        return with_cookie(redirect(f"/chat?lang={lang}#message", code=303), sent.session_id)

    @blueprint.post("/chat/messages")
    def json_post():
        from_this_site()
        payload = json_object(request.get_data(cache=True))
        session = session_id()
        if not signer.csrf_valid(request.headers.get(CSRF_HEADER), session):
            raise Forbidden("missing or stale CSRF token; reload the page")
        text, message_id = payload.get("text"), payload.get("id")
        if not isinstance(text, str) or not isinstance(message_id, str) or \
                not 0 < len(message_id) <= 64 or not message_id.isascii():
            raise BadRequest("'text' and 'id' (1-64 ASCII characters) must be strings")
        lang = language(session, payload.get("lang"))
        with speaking(lang):
            try:
                sent = desk.send(session, signer.new_session_id(), text, message_id,
                                 client_address(request, proxies), lang)
            except Refused as refusal:
                return _refused(jsonify(error=refusal.reason, message=refusal_text(
                    refusal.reason, refusal.retry_after)), refusal)
        expires_at = desk.transcripts.expires_at(sender_of(sent.session_id))
        _kept, _warn_now, warn_seconds = expiry_texts(store, expires_at, store.clock())
        # Everything after what the page has shown: an advisor's answer that arrived between
        # two polls comes with this reply, not only the lines this message added.
        after = payload.get("after")
        shown = (desk.transcripts.messages(sender_of(sent.session_id), after)
                 if type(after) is int and after >= 0 else sent.added)
        response = jsonify(messages=[_message_json(message) for message in shown],
                           csrf=signer.csrf_token(sent.session_id),
                           language=spoken(sent.session_id) or lang, warn_seconds=warn_seconds)
        return with_cookie(response, sent.session_id)

    @blueprint.get("/chat/messages")
    def poll():
        after = request.args.get("after", "0")
        if not after.isascii() or not after.isdigit() or len(after) > 9:
            raise BadRequest("'after' must be a message number")
        session = session_id()
        sender = sender_of(session) if session else None
        messages = desk.transcripts.messages(sender, int(after)) if sender else []
        return {"messages": [_message_json(message) for message in messages]}

    return blueprint


def _refused(response: Response, refusal: Refused) -> Response:
    """429 with ``Retry-After`` for a flood, else 400; the body says why, readably."""
    response.status_code = 429 if refusal.reason == "rate" else 400
    if refusal.retry_after:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _message_json(message: ChatMessage) -> dict[str, object]:
    return {"number": message.number, "author": message.author, "text": message.text}
