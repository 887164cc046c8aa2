"""Exceptions of the counter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError, NotFound


class TillClosed(DomainError):
    """No session is open at this till."""

    code = "till_closed"
    status = 409
    default_message = _l("The till is closed. Open it with a cash float first.")


class TillAlreadyOpen(DomainError):
    """A session is already open at this till."""

    code = "till_already_open"
    status = 409
    default_message = _l("The till is already open.")


class PaymentShort(DomainError):
    """The payments do not cover the total."""

    code = "payment_short"
    status = 422
    default_message = _l("The payment does not cover the total.")


class EmptySale(DomainError):
    """A sale with no lines."""

    code = "empty_sale"
    status = 422
    default_message = _l("Scan at least one garment.")


class UnknownSale(NotFound):
    """No sale has this id or receipt number."""

    code = "unknown_sale"
    default_message = _l("No receipt has this number.")


class UnknownTill(NotFound):
    """No till has this id."""

    code = "unknown_till"
    default_message = _l("No till has this number.")


class AlreadyReturned(DomainError):
    """A line of the receipt has been returned before."""

    code = "already_returned"
    status = 409
    default_message = _l("That garment has already been returned.")


class ReturnNotAllowed(DomainError):
    """The return is not allowed (a training sale, a line not on the receipt, no approval)."""

    code = "return_not_allowed"
    status = 409
    default_message = _l("This return is not allowed.")


class ApprovalNeeded(DomainError):
    """A discount above the shop's limit needs a supervisor's PIN."""

    code = "approval_needed"
    status = 403
    default_message = _l("A discount this large needs a supervisor's approval with their PIN.")
