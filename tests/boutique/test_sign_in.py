"""Signing in: passwords, the throttle after repeated failures, safe redirects."""

from __future__ import annotations

from datetime import timedelta

from boutique.clock import frozen_at, utcnow


def test_five_wrong_passwords_lock_the_username_for_a_while(client, supervisor):
    for _ in range(5):
        assert client.post("/login", data={"username": "handledare", "password": "wrong"}).status_code == 401
    locked = client.post("/login", data={"username": "handledare", "password": "secret-pw"})
    assert locked.status_code == 429
    assert "15" in locked.get_data(as_text=True)
    api = client.post("/api/v1/auth/token", json={"username": "handledare", "password": "secret-pw"})
    assert api.status_code == 429 and api.get_json()["error"] == "too_many_attempts"
    with frozen_at(utcnow() + timedelta(minutes=16)):
        assert client.post("/login", data={"username": "handledare", "password": "secret-pw"}).status_code == 302


def test_failures_for_one_username_do_not_lock_another(client, supervisor, cashier):
    for _ in range(5):
        client.post("/login", data={"username": "handledare", "password": "wrong"})
    assert client.post("/login", data={"username": "kassa", "password": "secret-pw"}).status_code == 302


def test_after_sign_in_only_a_path_on_this_site_is_followed(client, supervisor):
    response = client.post("/login?next=https://evil.example/", data={"username": "handledare",
                                                                      "password": "secret-pw"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/donations", data={"username": "handledare", "password": "secret-pw"})
    assert response.headers["Location"] == "/donations"


def test_forms_need_a_csrf_token_when_protection_is_on(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
