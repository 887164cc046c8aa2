"""JSON API for label batches; routes on the inventory API blueprint."""

from __future__ import annotations

from .api import bp  # noqa: F401  (operations below are added to the inventory API blueprint)
