"""The workshop's tables: projects, their designers, source garments, tags, steps, photos, and the
products they become, with provenance back to each donation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person

from ..garments.models import Item

PROJECT_STATUSES = ("open", "finished")
TAG_KINDS = ("motif", "culture", "technique")
PHOTO_KINDS = ("before", "after", "detail")
# A garment on the redesign route may be scanned into a project from these statuses.
USABLE_STATUSES = ("sorted", "valued")
MAX_STEP_MINUTES = 24 * 60
MAX_STORY = 5000
MAX_NOTE = 4000


class RedesignProject(db.Model):
    """A redesign project: a title, its designers, the garments it uses and what it becomes."""

    __tablename__ = "redesign_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10), default="open")
    materials: Mapped[str] = mapped_column(Text, default="")
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    designers: Mapped[list[ProjectDesigner]] = relationship(
        back_populates="project", order_by="ProjectDesigner.id", cascade="all, delete-orphan")
    sources: Mapped[list[ProjectSource]] = relationship(back_populates="project", order_by="ProjectSource.id")
    tags: Mapped[list[RedesignTag]] = relationship(order_by="RedesignTag.id", cascade="all, delete-orphan")
    steps: Mapped[list[ProjectStep]] = relationship(order_by="ProjectStep.id")
    photos: Mapped[list[Photo]] = relationship(back_populates="project", order_by="Photo.id")
    products: Mapped[list[RedesignProduct]] = relationship(back_populates="project",
                                                           order_by="RedesignProduct.made_at")

    def tag_names(self, kind: str) -> list[str]:
        """The project's motifs, cultural references or techniques, in the order they were added."""
        return [tag.name for tag in self.tags if tag.kind == kind]

    @property
    def minutes(self) -> int:
        """Time logged on the project, in minutes."""
        return sum(step.minutes for step in self.steps)

    @property
    def credit(self) -> str:
        """The designers' chosen names as one line: "Amina, Sara & Leo"."""
        return credit_line([d.name for d in self.designers])

    def photos_of(self, *kinds: str) -> list[Photo]:
        """The project's photos of these kinds."""
        return [p for p in self.photos if p.kind in kinds]


class ProjectDesigner(db.Model):
    """A person on a project, and the name they want on labels and the public page."""

    __tablename__ = "project_designers"
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)  # the order designers joined in, for the credit line
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    credit_name: Mapped[str] = mapped_column(String(80), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[RedesignProject] = relationship(back_populates="designers")
    person: Mapped[Person] = relationship()

    @property
    def name(self) -> str:
        """The designer's chosen credit, else their display name."""
        return self.credit_name or self.person.display_name


class ProjectSource(db.Model):
    """A donated garment taken into a project; `previous_status` is where it goes back if removed."""

    __tablename__ = "project_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"), index=True)
    # A garment is in one project at most: the unique index backs up the conditional UPDATE.
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
    previous_status: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    project: Mapped[RedesignProject] = relationship(back_populates="sources")
    item: Mapped[Item] = relationship()


class RedesignTag(db.Model):
    """A motif, cultural reference or technique of a project."""

    __tablename__ = "redesign_tags"
    __table_args__ = (UniqueConstraint("project_id", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))


class ProjectStep(db.Model):
    """One working session: who, when, how long, what was done and with which techniques."""

    __tablename__ = "project_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    minutes: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    techniques: Mapped[list[str]] = mapped_column(JSON, default=list)

    person: Mapped[Person | None] = relationship()


class Photo(db.Model):
    """A photo of a project (before, after, detail), optionally of one of its products."""

    __tablename__ = "redesign_photos"
    __table_args__ = (CheckConstraint("kind IN ('before', 'after', 'detail')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    kind: Mapped[str] = mapped_column(String(10))
    stem: Mapped[str] = mapped_column(String(40), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    project: Mapped[RedesignProject] = relationship(back_populates="photos")

    @property
    def is_public(self) -> bool:
        """Photos of a project that became a product are shown on its public page."""
        return self.project.status == "finished"


class RedesignProduct(db.Model):
    """An item made in the workshop: its project, its story, and the garments it was made from."""

    __tablename__ = "redesign_products"

    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("redesign_projects.id"), index=True)
    story: Mapped[str] = mapped_column(Text, default="")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    item: Mapped[Item] = relationship(foreign_keys=[item_id])
    project: Mapped[RedesignProject] = relationship(back_populates="products")
    made_from: Mapped[list[Item]] = relationship(secondary="product_sources", order_by="Item.id", viewonly=True)


class ProductSource(db.Model):
    """Provenance: one source garment of one product."""

    __tablename__ = "product_sources"

    product_id: Mapped[int] = mapped_column(ForeignKey("redesign_products.item_id"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True, index=True)


def credit_line(names: Sequence[str]) -> str:
    """Names as one line: "Amina", "Amina & Sara", "Amina, Sara & Leo"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]
