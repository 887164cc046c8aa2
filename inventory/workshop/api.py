"""JSON API of the redesign workshop: projects and the products they become."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import DESIGNER

from .. import limits
from . import models, services

bp = ApiBlueprint("workshop_api", __name__)

class RedesignIn(Body):
    title: str = Field(min_length=1, max_length=120)
    designer_ids: list[Id] = Field(default_factory=list, max_length=20)
    source_codes: list[str] = Field(default_factory=list, max_length=50)
    motifs: list[str] = Field(default_factory=list, max_length=50)
    cultural_references: list[str] = Field(default_factory=list, max_length=50)
    techniques: list[str] = Field(default_factory=list, max_length=50)
    hours: float | None = Field(default=None, ge=0, le=24)
    materials: str = Field(default="", max_length=models.MAX_NOTE)


class DesignerOut(BaseModel):
    id: int
    name: str


class SourceOut(BaseModel):
    code: str
    status: str
    category: str
    donation_id: int | None


class RedesignOut(BaseModel):
    id: int
    title: str
    status: str
    designers: list[DesignerOut]
    sources: list[SourceOut]
    motifs: list[str]
    cultural_references: list[str]
    techniques: list[str]
    hours: float
    products: list[str]
    created_at: str


class ProductIn(Body):
    category: str = Field(max_length=40)
    size: str = Field(default="", max_length=20)
    price: int | None = Field(default=None, ge=0, le=limits.MAX_PRICE_ORE)
    story: str = Field(default="", max_length=models.MAX_STORY)


class ProductOut(BaseModel):
    code: str
    status: str
    category: str
    size: str
    price: int | None
    tag_colour: str
    story: str
    project_id: int
    made_from: list[str]
    designers: list[DesignerOut]
    public_url: str | None


def _designers(project: models.RedesignProject) -> list[dict[str, Any]]:
    return [{"id": d.person_id, "name": d.name} for d in project.designers]


def project_json(project: models.RedesignProject) -> dict[str, Any]:
    """A project as the API shows it."""
    return {"id": project.id, "title": project.title, "status": project.status,
            "designers": _designers(project),
            "sources": [{"code": s.item.code, "status": s.item.status, "category": s.item.category.key,
                         "donation_id": s.item.donation_id} for s in project.sources],
            "motifs": project.tag_names("motif"), "cultural_references": project.tag_names("culture"),
            "techniques": project.tag_names("technique"), "hours": round(project.minutes / 60, 2),
            "products": [p.item.code for p in project.products], "created_at": project.created_at.isoformat()}


def product_json(product: models.RedesignProduct) -> dict[str, Any]:
    """A redesign product with its provenance."""
    item = product.item
    return {"code": item.code, "status": item.status, "category": item.category.key, "size": item.size,
            "price": item.price, "tag_colour": item.tag_colour, "story": product.story,
            "project_id": product.project_id, "made_from": [i.code for i in product.made_from],
            "designers": _designers(product.project), "public_url": services.public_url(item.code)}


@bp.operation("POST", "/redesigns", summary="Start a redesign project", roles=DESIGNER, body=RedesignIn,
              response=RedesignOut, status=201, errors=(404, 409, 422))
def create_redesign(body: RedesignIn) -> Any:
    """Designers and source garments; the garments become in_redesign."""
    project = services.create_project(
        title=body.title, designer_ids=body.designer_ids, source_codes=body.source_codes, motifs=body.motifs,
        cultures=body.cultural_references, techniques=body.techniques, hours=body.hours,
        materials=body.materials, by=api_person())
    return project_json(project)


@bp.operation("GET", "/redesigns/<int:project_id>", summary="A redesign project", roles=DESIGNER,
              response=RedesignOut, errors=(404,))
def get_redesign(project_id: int) -> Any:
    """Its designers, garments, tags, hours and products."""
    return project_json(services.get_project(project_id))


@bp.operation("POST", "/redesigns/<int:project_id>/products", summary="Finish a project into a product",
              roles=DESIGNER, body=ProductIn, response=ProductOut, status=201, errors=(403, 404, 409, 422))
def create_product(project_id: int, body: ProductIn) -> Any:
    """A new item with provenance and story; the project's garments become consumed."""
    product = services.finish_into_product(project_id, category=body.category, size=body.size, price=body.price,
                                           story=body.story, by=api_person())
    return product_json(product)
