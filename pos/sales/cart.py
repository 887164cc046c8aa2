"""The cart of a till, kept in the person's signed session cookie so any app server can serve the next step.

It holds only what was asked for (codes, quick keys, discounts, payments so far, who
approved); prices are always worked out again from the database by `services.price_cart`.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import session

from boutique.db import db
from boutique.models import Person
from boutique.pages import me

from ..campaigns.prices import Discount, LineRequest
from .services import PaymentRequest


@dataclass
class Cart:
    """Lines, a discount on the whole sale, payments taken so far, and a Swish payment waiting."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    discount: dict[str, Any] | None = None
    approved_by: int | None = None
    payments: list[dict[str, Any]] = field(default_factory=list)
    swish: int | None = None

    @classmethod
    def load(cls, till_id: int) -> Cart:
        """This till's cart from the session, or an empty one."""
        stored = session.get("carts", {}).get(str(till_id))
        if not isinstance(stored, dict):
            return cls()
        # A deep copy: changing the cart must not change the session until `save`.
        return cls(**{key: copy.deepcopy(stored[key]) for key in cls.__dataclass_fields__ if key in stored})

    def save(self, till_id: int) -> None:
        """Keep the cart in the session."""
        carts = dict(session.get("carts", {}))
        carts[str(till_id)] = asdict(self)
        session["carts"] = carts

    @staticmethod
    def clear(till_id: int) -> None:
        """Forget this till's cart (the sale is done or cancelled)."""
        carts = dict(session.get("carts", {}))
        carts.pop(str(till_id), None)
        session["carts"] = carts

    def has_code(self, code: str) -> bool:
        """True when the garment is already in the cart."""
        return any(line.get("code") == code for line in self.lines)

    def line_requests(self) -> list[LineRequest]:
        """The lines as the services want them."""
        return [LineRequest(code=line.get("code"), category=line.get("category"), price=line.get("price"),
                            discount=Discount(**line["discount"]) if line.get("discount") else None)
                for line in self.lines]

    def sale_discount(self) -> Discount | None:
        """The discount on the whole sale, if any."""
        return Discount(**self.discount) if self.discount else None

    def payment_requests(self) -> list[PaymentRequest]:
        """The payments taken so far."""
        return [PaymentRequest(**payment) for payment in self.payments]


def operator_id(till_id: int) -> int | None:
    """The id of the person who switched in at this till with their PIN, if anyone did."""
    value = session.get("operators", {}).get(str(till_id))
    return value if isinstance(value, int) else None


def set_operator(till_id: int, person_id: int) -> None:
    """Remember who stands at this till now."""
    operators = dict(session.get("operators", {}))
    operators[str(till_id)] = person_id
    session["operators"] = operators


def operator(till_id: int) -> Person:
    """Who stands at the till: the person who switched in with their PIN, else the one signed in."""
    person_id = operator_id(till_id)
    person = db.session.get(Person, person_id) if person_id is not None else None
    return person if person is not None and person.active else me()
