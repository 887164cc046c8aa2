"""Every response carries the security headers; the policy forbids inline script and framing."""

from __future__ import annotations


def test_pages_and_the_api_send_the_security_headers(client):
    for path in ("/login", "/api/v1/openapi.json", "/static/css/boutique.css"):
        response = client.get(path)
        headers = response.headers
        response.close()  # a static file response holds its file open until closed
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_http_only_and_same_site(client, supervisor):
    response = client.post("/login", data={"username": "handledare", "password": "secret-pw"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_template_carries_an_inline_script_or_event_handler():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_a_nul_character_is_refused_at_the_door_not_deep_in_the_database(client, supervisor):
    assert client.post("/api/v1/auth/token", json={"username": "\x00", "password": "x"}).status_code == 422
    assert client.post("/login", data={"username": "a\x00b", "password": "x"}).status_code == 400
    assert client.get("/find?code=%00").status_code == 400
