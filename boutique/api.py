"""The JSON API's machinery: bearer auth, body validation, the error format and the OpenAPI document.

Every endpoint is declared with `ApiBlueprint.operation(...)`; the same declaration parses and
validates the request and describes the endpoint in /api/v1/openapi.json, so the document is
generated from the code and cannot drift from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from werkzeug.exceptions import HTTPException

from .auth import ANY, Caller, authenticate, caller_from_token, issue_token, person_from_token, token_person_id
from .db import MAX_ID, db, read_without_transaction
from .errors import DomainError, Forbidden, Unauthenticated
from .models import Person
from .pages import me as signed_in_person

API_PREFIX = "/api/v1"


# An id in a request body: a database integer, so an absurd one is a 422, not an overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Body(BaseModel):
    """Base for request bodies: JSON types are taken as they are (no "149" for 149)."""

    model_config = ConfigDict(strict=True, extra="ignore")


@dataclass
class Operation:
    """One documented endpoint."""

    method: str
    rule: str
    summary: str
    roles: frozenset[str] | None
    body: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    content_type: str = "application/json"
    errors: tuple[int, ...] = field(default_factory=tuple)
    many: bool = False


OPERATIONS: list[Operation] = []

_FIELD_MESSAGES: dict[str, Any] = {
    "missing": _l("This field is required."),
    "int_type": _l("Must be a whole number."),
    "int_parsing": _l("Must be a whole number."),
    "string_type": _l("Must be text."),
    "bool_type": _l("Must be true or false."),
    "list_type": _l("Must be a list."),
    "dict_type": _l("Must be an object."),
    "model_type": _l("Must be an object."),
    "literal_error": _l("Must be one of the allowed values."),
    "enum": _l("Must be one of the allowed values."),
    "greater_than_equal": _l("Too small."),
    "greater_than": _l("Too small."),
    "less_than_equal": _l("Too large."),
    "less_than": _l("Too large."),
    "string_too_long": _l("Too long."),
    "string_too_short": _l("Too short."),
    "too_short": _l("Too few entries."),
    "too_long": _l("Too many entries."),
}


def error_response(code: str, message: Any, status: int, details: dict[str, Any] | None = None) -> Response:
    """The API's one error shape: {"error", "message", "details"}."""
    response = jsonify({"error": code, "message": str(message), "details": details or {}})
    response.status_code = status
    return response


def validation_details(exc: ValidationError) -> dict[str, str]:
    """Pydantic's errors as {dotted.field: translated message}."""
    details: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(part) for part in err["loc"]) or "body"
        details.setdefault(name, str(_FIELD_MESSAGES.get(err["type"], _l("Invalid value."))))
    return details


def _bearer_token() -> str | None:
    """The bearer token the request carries, if any."""
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


def _bearer_person_id() -> int | None:
    """The person id of a validly signed, unexpired bearer token, or a signed-in browser's (GET only).

    Whether that person is still active is left to the view's own statement (`caller_in_statement`).
    """
    token = _bearer_token()
    if token is not None:
        return token_person_id(token)
    return current_user.id if current_user.is_authenticated else None


def _bearer_person() -> Person | Caller | None:
    """Who the request comes from: a read learns the id and role, a write loads the person it acts for."""
    token = _bearer_token()
    if token is not None:
        return caller_from_token(token) if request.method == "GET" else person_from_token(token)
    # A signed-in browser may read (GET) with its session cookie, e.g. a label image in a page;
    # writes need a bearer token, which is why the API needs no CSRF token.
    if request.method == "GET" and current_user.is_authenticated:
        return signed_in_person()
    return None


def _has_nul(data: Any) -> bool:
    """True when any string in a parsed JSON document holds a NUL character."""
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_nul(v) for v in data)
    return False


def api_person() -> Person:
    """The person the current API request acts for (set by the operation decorator; a read loads them here)."""
    caller = g.api_person
    if isinstance(caller, Caller):
        person = db.session.get(Person, caller.id)
        if person is None:  # gone since the token was checked, moments ago
            raise Forbidden()
        g.api_person = caller = person
    return caller


class ApiBlueprint(Blueprint):
    """A blueprint whose routes are declared, validated and documented in one place."""

    def __init__(self, name: str, import_name: str) -> None:
        super().__init__(name, import_name, url_prefix=API_PREFIX)

    def operation(
        self,
        method: str,
        rule: str,
        *,
        summary: str,
        roles: frozenset[str] | None = ANY,
        body: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = 200,
        content_type: str = "application/json",
        errors: tuple[int, ...] = (),
        many: bool = False,
        caller_in_statement: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare an endpoint: who may call it, its body model and its response model.

        `caller_in_statement`: a hot read open to every role (the scan lookup) checks only the
        token's signature here and finds `g.api_caller_id`; the view's own statement confirms
        that person is active (`auth.active_caller_role`) and raises Unauthenticated if not,
        which saves the lookup a round trip on PostgreSQL.
        """
        if caller_in_statement and (method != "GET" or roles != ANY):
            raise ValueError("caller_in_statement is for reads open to every role")

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            OPERATIONS.append(
                Operation(method, API_PREFIX + rule, summary, roles, body, response, status, content_type, errors, many)
            )

            @functools.wraps(view)
            def wrapped(**kwargs: Any) -> Any:
                if method == "GET":
                    read_without_transaction()
                if caller_in_statement:
                    g.api_caller_id = _bearer_person_id()
                    if g.api_caller_id is None:
                        raise Unauthenticated()
                elif roles is not None:
                    person = _bearer_person()
                    if person is None:
                        raise Unauthenticated()
                    if person.role not in roles:
                        return error_response("forbidden", _("Your role may not do this."), 403)
                    g.api_person = person
                if body is not None:
                    # No body at all is an empty object: a body whose fields are all optional needs none.
                    data = request.get_json(silent=True) if request.get_data(cache=True) else {}
                    if data is None:
                        return error_response("malformed_json", _("The request body is not valid JSON."), 400)
                    if _has_nul(data):  # no database stores a NUL character in text
                        return error_response("validation_failed", _("Some fields are not filled in correctly."),
                                              422, {"body": str(_l("Text may not contain a NUL character."))})
                    try:
                        kwargs["body"] = body.model_validate(data)
                    except ValidationError as exc:
                        return error_response(
                            "validation_failed", _("Some fields are not filled in correctly."), 422,
                            validation_details(exc),
                        )
                result = view(**kwargs)
                if isinstance(result, Response):
                    return result
                if response is not None and current_app.config.get("API_VALIDATE_RESPONSES"):
                    items = result if isinstance(result, list) else [result]
                    for item in items:
                        response.model_validate(item, strict=False)
                payload = jsonify(result)
                payload.status_code = status
                return payload

            wrapped.allowed_roles = roles  # type: ignore[attr-defined]
            self.add_url_rule(rule, view_func=wrapped, methods=[method])
            return wrapped

        return decorator


class TokenRequest(Body):
    username: str
    password: str


class TokenResponse(BaseModel):
    token: str
    expires_at: str


class MeResponse(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    kind: str
    language: str


class TillOut(BaseModel):
    id: int
    name: str


class ShopOut(BaseModel):
    id: int
    name: str
    tills: list[TillOut]


bp = ApiBlueprint("boutique_api", __name__)


@bp.operation("POST", "/auth/token", summary="Exchange a username and password for a bearer token",
              roles=None, body=TokenRequest, response=TokenResponse, errors=(401, 429))
def create_token(body: TokenRequest) -> Any:
    """Sign in for the API."""
    person = authenticate(body.username, body.password)
    if person is None:
        return error_response("invalid_credentials", _("Wrong username or password."), 401)
    token, expires = issue_token(person)
    return {"token": token, "expires_at": expires.isoformat()}


@bp.operation("GET", "/me", summary="The signed-in person", response=MeResponse)
def me() -> Any:
    """Who am I."""
    person = api_person()
    return {"id": person.id, "username": person.username, "display_name": person.display_name,
            "role": person.role, "kind": person.kind, "language": person.language}


@bp.operation("GET", "/shops", summary="Shops and their tills", response=ShopOut, many=True)
def shops() -> Any:
    """Every shop with its tills."""
    from .services import list_shops

    return [{"id": s.id, "name": s.name, "tills": [{"id": t.id, "name": t.name} for t in s.tills]}
            for s in list_shops()]


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 document, built from the declared operations."""
    return jsonify(build_openapi())


def build_openapi() -> dict[str, Any]:
    """Assemble the OpenAPI document from OPERATIONS and the pydantic models they name."""
    components: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error", "message", "details"],
            "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                           "details": {"type": "object"}},
        }
    }

    def schema_ref(model: type[BaseModel]) -> dict[str, Any]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            components[name] = sub
        components[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        path = op.rule.replace("<int:", "<").replace("<", "{").replace(">", "}")
        entry: dict[str, Any] = {"summary": op.summary, "responses": {}}
        params = [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]
        if params:
            entry["parameters"] = [{"name": p, "in": "path", "required": True,
                                    "schema": {"type": "integer" if f"<int:{p}>" in op.rule else "string"}}
                                   for p in params]
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema_ref(op.body)}}}
        if op.response is not None:
            ok_schema: dict[str, Any] = schema_ref(op.response)
            if op.many:
                ok_schema = {"type": "array", "items": ok_schema}
            entry["responses"][str(op.status)] = {"description": "OK",
                                                  "content": {"application/json": {"schema": ok_schema}}}
        else:
            entry["responses"][str(op.status)] = {"description": "OK",
                                                  "content": {op.content_type: {"schema": {}}}}
        error_codes = set(op.errors) | ({400, 422} if op.body else set()) | ({401, 403} if op.roles else set())
        for code in sorted(error_codes):
            entry["responses"][str(code)] = {"description": "Error", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if op.roles:
            entry["security"] = [{"bearer": []}]
            entry["x-roles"] = sorted(op.roles)
        paths.setdefault(path, {})[op.method.lower()] = entry
    return {
        # pydantic writes JSON Schema 2020-12, which is what OpenAPI 3.1 uses.
        "openapi": "3.1.0",
        "info": {"title": "Redesign boutique API", "version": "1"},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


def register_error_handlers(app: Flask) -> None:
    """Errors under /api/ answer in the API's JSON shape; never a 500 page for client input."""

    def wants_json() -> bool:
        return request.path.startswith(API_PREFIX + "/")

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Any:
        if wants_json():
            return error_response(exc.code, exc.message, exc.status, exc.details)
        from flask import render_template

        return render_template("error.html", message=exc.message, status=exc.status), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if wants_json():
            names = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
                     413: "too_large", 429: "too_many_requests"}
            messages = {404: _l("Not found."), 413: _l("The request is too large."),
                        405: _l("That method is not allowed here.")}
            code = exc.code or 500
            response = error_response(names.get(code, "http_error"), messages.get(code, exc.description or ""), code)
            allowed = exc.get_response().headers.get("Allow")
            if allowed:
                response.headers["Allow"] = allowed
            return response
        from flask import render_template

        return render_template("error.html", message=exc.description, status=exc.code), exc.code or 500
