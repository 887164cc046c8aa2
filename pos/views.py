"""The `pos` blueprint: what is left on it are the feedback pages (pos/feedback_views.py).

Every page of the counter has its own blueprint in its sub-package (tills, sales, campaigns).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pos", __name__)
