"""What can go wrong on the skills ladder."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError


class UnknownSkill(DomainError):
    """No skill with that id or key."""

    code = "unknown_skill"
    status = 404
    default_message = _l("There is no such skill.")


class SkillRetired(DomainError):
    """A retired skill is kept for its sign-offs, but nobody is signed off on it any more."""

    code = "skill_retired"
    status = 409
    default_message = _l("That skill is retired.")


class AlreadySignedOff(DomainError):
    """The person is already signed off on the skill."""

    code = "already_signed_off"
    status = 409
    default_message = _l("That skill is already signed off.")
