"""Who may read and change what in the work-training programme.

- A participant's agreement, plan, attendance, timesheet, skills and work: the person, and the
  supervisors and admins of the participant's shop (an admin without a shop: of every shop).
- Self-ratings are special-category data: the person and the supervisors of their shop only.
  Admins are not supervisors here: they run the system, they do not follow people up.
"""

from __future__ import annotations

from boutique.errors import Forbidden
from boutique.models import Person

SUPERVISING_ROLES = frozenset({"supervisor", "admin"})


def of_same_shop(reader: Person, shop_id: int | None) -> bool:
    """True when `reader` works in that shop; a reader without a shop belongs to every shop."""
    return reader.shop_id is None or shop_id is None or reader.shop_id == shop_id


def supervises(reader: Person, person: Person) -> bool:
    """A supervisor or admin of the person's shop."""
    return reader.role in SUPERVISING_ROLES and of_same_shop(reader, person.shop_id)


def may_read(reader: Person, person: Person) -> bool:
    """The programme's records of `person`: themself, or a supervisor or admin of their shop."""
    return reader.id == person.id or supervises(reader, person)


def may_read_ratings(reader: Person, person: Person) -> bool:
    """Self-ratings: themself, or a supervisor (role supervisor, not admin) of their shop."""
    return reader.id == person.id or (reader.role == "supervisor" and of_same_shop(reader, person.shop_id))


def require(allowed: bool) -> None:
    """Raise Forbidden (403, "You are not allowed to do that.") unless `allowed`."""
    if not allowed:
        raise Forbidden()
