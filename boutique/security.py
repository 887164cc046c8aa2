"""HTTP security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, abort, request
from werkzeug.exceptions import RequestEntityTooLarge

# No script but our own files (no inline script, no eval); styles from our files, plus
# style attributes for data-driven colours such as a tag-colour swatch; nothing from the
# internet; never framed.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_security(app: Flask) -> None:
    """Refuse NUL characters in query strings and forms; add the security headers to every response."""

    @app.before_request
    def refuse_nul_characters() -> None:
        # PostgreSQL cannot store a NUL in text; refuse it at the door rather than fail deep inside.
        try:
            form = request.form
        except RequestEntityTooLarge:
            return  # too large to read: the view says so in its own words
        for values in (request.args, form):
            if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
                abort(400)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        return response
