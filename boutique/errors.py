"""Domain exceptions: each carries a stable error code, an HTTP status and a translatable message."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A rule of the shop was broken; views show `message`, the API returns `code`."""

    code = "domain_error"
    status = 409
    default_message = _l("That cannot be done right now.")

    def __init__(self, message: Any = None, **details: Any) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        super().__init__(str(self.code))

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class NotFound(DomainError):
    """Something named by id or code does not exist."""

    code = "not_found"
    status = 404
    default_message = _l("Not found.")


class ValidationFailed(DomainError):
    """Input fields fail validation; `details` names the fields."""

    code = "validation_failed"
    status = 422
    default_message = _l("Some fields are not filled in correctly.")


class InvalidCheckDigit(DomainError):
    """A scanned or typed code whose check digit is wrong: scan again."""

    code = "invalid_check_digit"
    status = 422
    default_message = _l("The check digit is wrong. Please scan again.")


class MalformedCode(DomainError):
    """A scanned or typed value that is not a code at all."""

    code = "malformed_code"
    status = 422
    default_message = _l("That is not a valid item code. Please scan again.")


class Unauthenticated(DomainError):
    """No valid bearer token, or the person it names is no longer active."""

    code = "unauthorized"
    status = 401
    default_message = _l("Sign in first (a bearer token is needed).")


class Forbidden(DomainError):
    """The signed-in person's role does not allow this."""

    code = "forbidden"
    status = 403
    default_message = _l("You are not allowed to do that.")
