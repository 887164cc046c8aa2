"""The `pos_api` blueprint: what is left on it is the feedback API (pos/feedback_api.py).

Every endpoint of the counter has its own blueprint in its sub-package (tills, sales, campaigns, journal).
"""

from __future__ import annotations

from boutique.api import ApiBlueprint

bp = ApiBlueprint("pos_api", __name__)
