"""What can go wrong with attendance, as domain errors the pages and the API turn into messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError, NotFound


class AlreadyCheckedIn(DomainError):
    """The person is checked in already: check out first."""

    code = "already_checked_in"
    status = 409
    default_message = _l("You are already checked in.")


class NotCheckedIn(DomainError):
    """A check-out without a check-in."""

    code = "not_checked_in"
    status = 409
    default_message = _l("You are not checked in, so you cannot check out.")


class OverlappingStay(DomainError):
    """Two stays of one person may not overlap in time."""

    code = "overlapping_stay"
    status = 409
    default_message = _l("That overlaps another check-in of the same person.")


class JustCheckedIn(DomainError):
    """A second scan of the card moments after the first: taken as a repeat, not a check-out."""

    code = "just_checked_in"
    status = 409
    default_message = _l("Already checked in a moment ago. Scan again in a minute to check out.")


class NotAParticipant(DomainError):
    """Attendance is kept for participants only."""

    code = "not_a_participant"
    status = 409
    default_message = _l("Attendance is kept for participants only.")


class NoAgreement(DomainError):
    """The personal card needs the participant's agreement."""

    code = "no_agreement"
    status = 409
    default_message = _l("This participant has no agreement yet. Write the agreement first.")


class UnknownCard(NotFound):
    """A scanned card code that names nobody."""

    code = "unknown_card"
    default_message = _l("No participant has this card. Scan again or tap your name.")


class UnknownStay(NotFound):
    """No check-in has this id."""

    code = "unknown_stay"
    default_message = _l("No check-in has this number.")
