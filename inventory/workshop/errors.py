"""What can go wrong in the workshop, as domain errors the pages and the API turn into messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError, NotFound

from ..errors import WrongStage


class UnknownProject(NotFound):
    """No redesign project has this id."""

    code = "unknown_project"
    default_message = _l("No redesign project has this number.")


class GarmentNotForRedesign(DomainError):
    """The garment is not on the redesign route, or is not free to be used."""

    code = "not_for_redesign"
    status = 409
    default_message = _l("This garment cannot be used for redesign.")


class ProjectFinished(WrongStage):
    """The project is finished: its designers and garments no longer change."""

    code = "project_finished"
    default_message = _l("This project is finished. Its designers and garments can no longer change.")
