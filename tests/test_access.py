"""Who may do what, checked from the application's route map: every page and API endpoint against
every role and an anonymous visitor. A new route without a rule fails here."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.routing import IntegerConverter

from boutique.models import ROLES

# Routes anyone may reach without signing in, and why.
PUBLIC = {
    "static": "assets",
    "boutique.login": "the sign-in page",
    "boutique.setup": "the first start, only while nobody can sign in",
    "boutique.choose_language": "choosing a language before signing in",
    "boutique_api.create_token": "the API's sign-in",
    "boutique_api.openapi": "the API description",
}
# Routes for any signed-in person without a role rule of their own.
SIGNED_IN_ONLY = {"boutique.logout"}


def _view(app: Any, endpoint: str) -> Any:
    return app.view_functions[endpoint]


def _url(rule: Any, person_id: int) -> str:
    # A person's own pages (their work log) are theirs to see: ask for one's own.
    values = {arg: (person_id if arg == "person_id" else 1)
              if isinstance(rule._converters[arg], IntegerConverter) else "0400000000019"
              for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def routes(app: Any, person_id: int = 1) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, _url(rule, person_id)))
    return found


def test_public_pages_say_so_with_the_public_mark(app):
    marked = sorted(endpoint for endpoint, view in app.view_functions.items()
                    if getattr(view, "allowed_roles", "missing") is None and endpoint not in PUBLIC
                    and not endpoint.endswith("_api.create_token"))
    for endpoint in marked:
        assert not endpoint.startswith(("boutique.", "donations.", "garments.", "tills.", "sales.", "campaigns.", "feedback.")), f"{endpoint} is public; is that meant?"


def test_every_route_has_an_access_rule(app):
    missing = [endpoint for endpoint, _method, _url in routes(app)
               if endpoint not in PUBLIC and endpoint not in SIGNED_IN_ONLY
               and getattr(_view(app, endpoint), "allowed_roles", "missing") == "missing"]
    assert missing == []


def _sign_in(client: Any, person: Any) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True


@pytest.fixture
def everyone(make_person) -> dict[str, Any]:
    return {role: make_person(role, username=f"access-{role}") for role in ROLES}


def test_each_role_reaches_exactly_the_routes_its_rule_allows(app, everyone):
    problems = []
    for role, person in everyone.items():
        client = app.test_client()
        _sign_in(client, person)
        token = client.post("/api/v1/auth/token", json={"username": person.username, "password": "secret-pw"})
        headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        for endpoint, method, url in routes(app, person.id):
            if endpoint in PUBLIC or endpoint in SIGNED_IN_ONLY:
                continue
            allowed = getattr(_view(app, endpoint), "allowed_roles")
            if allowed is None:
                continue
            kwargs = {"headers": headers} if url.startswith("/api/") else {}
            if method != "GET":
                kwargs["json" if url.startswith("/api/") else "data"] = {}
            status = client.open(url, method=method, **kwargs).status_code
            if role in allowed and status in (401, 403):
                problems.append(f"{role} refused {method} {url} ({status})")
            if role not in allowed and status != 403:
                problems.append(f"{role} reached {method} {url} ({status})")
    assert problems == [], "\n".join(problems)


def test_an_anonymous_visitor_is_sent_to_sign_in_or_refused(app):
    client = app.test_client()
    problems = []
    for endpoint, method, url in routes(app):
        if endpoint in PUBLIC or getattr(_view(app, endpoint), "allowed_roles", ...) is None:
            continue
        status = client.open(url, method=method, **({"json": {}} if method != "GET" else {})).status_code
        expected = 401 if url.startswith("/api/") else 302
        if status != expected:
            problems.append(f"{method} {url}: {status}")
    assert problems == [], "\n".join(problems)
