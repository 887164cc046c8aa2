"""What can go wrong with a self-rating."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError


class NoConsent(DomainError):
    """The participant's agreement records no consent to the self-rating."""

    code = "no_consent"
    status = 409
    default_message = _l("There is no consent to the self-rating recorded on the agreement.")


class UnknownQuestion(DomainError):
    """An answer to a question the questionnaire does not have (or no longer asks)."""

    code = "unknown_question"
    status = 422
    default_message = _l("That question is not on the questionnaire.")


class RatingOutOfRange(DomainError):
    """An answer outside the scale of 1 to 5."""

    code = "rating_out_of_range"
    status = 422
    default_message = _l("Each answer must be a number from 1 to 5.")
