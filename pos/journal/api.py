"""JSON API of the register journal: verifying every till's chain."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from boutique.api import ApiBlueprint
from boutique.auth import SUPERVISOR

from . import services as journal

bp = ApiBlueprint("journal_api", __name__)


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    first_bad: dict[str, Any] | None = None


@bp.operation("GET", "/journal/verify", summary="Verify every till's journal", roles=SUPERVISOR,
              response=VerifyOut)
def verify_journal() -> Any:
    """Recompute the hash chains."""
    verdict = journal.verify()
    result: dict[str, Any] = {"ok": verdict.ok, "entries": verdict.entries}
    if verdict.first_bad:
        result["first_bad"] = verdict.first_bad
    return result
