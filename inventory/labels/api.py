"""JSON API for label batches and manufacturer codes."""

from __future__ import annotations

from typing import Any, Literal

from flask import Response
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import WAREHOUSE

from . import services

bp = ApiBlueprint("labels_api", __name__)


class LabelsIn(Body):
    codes: list[str] = Field(min_length=1, max_length=services.MAX_BATCH)
    format: Literal["a4-3x8", "62mm", "62x29"]
    skip: int = Field(default=0, ge=0, lt=services.A4_PER_SHEET)
    margin_top_mm: float | None = Field(default=None, ge=0, le=50)
    margin_left_mm: float | None = Field(default=None, ge=0, le=50)


class ManufacturerCodeIn(Body):
    ean: str = Field(min_length=1, max_length=40)


class ManufacturerCodeOut(BaseModel):
    code: str
    ean: str
    manufacturer_codes: list[str]


def pdf_response(pdf: bytes, filename: str) -> Response:
    """A PDF shown in the browser (its print dialog prints it), never cached."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.operation("POST", "/labels", summary="A PDF of garment labels, each print recorded", roles=WAREHOUSE,
              body=LabelsIn, content_type="application/pdf", errors=(404, 409, 422))
def labels(body: LabelsIn) -> Any:
    """All labels or none: an unknown, malformed or unsellable code names itself in the error."""
    pdf = services.print_labels(body.codes, body.format, by=api_person(), station="api", skip=body.skip,
                                margin_top_mm=body.margin_top_mm, margin_left_mm=body.margin_left_mm)
    return pdf_response(pdf, "labels.pdf")


@bp.operation("POST", "/items/<code>/manufacturer-code", summary="Link a manufacturer's EAN to a garment",
              roles=WAREHOUSE, body=ManufacturerCodeIn, response=ManufacturerCodeOut, status=201,
              errors=(404, 409, 422))
def link_manufacturer_code(code: str, body: ManufacturerCodeIn) -> Any:
    """The EAN then scans to the garment; one EAN links to one garment."""
    linked = services.link_manufacturer_code(code, body.ean, by=api_person())
    return {"code": linked.item.code, "ean": linked.code,
            "manufacturer_codes": services.manufacturer_codes(linked.item)}
