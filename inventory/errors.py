"""Exceptions of the garment's path; the API maps each to its status code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError, NotFound


class WrongStage(DomainError):
    """A donation or item is not at the stage this step needs."""

    code = "wrong_stage"
    status = 409
    default_message = _l("That step cannot be done at this stage.")


class UnknownItem(NotFound):
    """No item has this code."""

    code = "unknown_item"
    default_message = _l("No garment has this code. Check the label and scan again.")


class UnknownDonation(NotFound):
    """No donation has this id."""

    code = "unknown_donation"
    default_message = _l("No donation has this number.")


class ItemNotSellable(DomainError):
    """The garment is sold, withdrawn, in redesign or not yet priced."""

    code = "item_not_sellable"
    status = 409
    default_message = _l("This garment cannot be sold now.")


class NotADonationCard(DomainError):
    """A scanned code that is valid but is a garment's, not a donation card's."""

    code = "not_a_donation_card"
    status = 422
    default_message = _l("That is a garment's label, not a donation card. Scan the card of the bag.")
