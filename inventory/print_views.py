"""Pages for printing labels; routes on the inventory blueprint."""

from __future__ import annotations

from .views import bp  # noqa: F401  (routes below are added to the inventory blueprint)
