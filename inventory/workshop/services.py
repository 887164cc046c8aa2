"""The redesign workshop's use cases: projects, their designers and source garments, tags, steps, photos, and the
products they become, with provenance back to each donation.

Every function that changes state is one use case that records events. A designer changes
only projects they are on; supervisors and admins may change any. Garments move with
conditional UPDATEs, so two projects scanning the same shirt, or a project and the
counter, are settled by the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from boutique.auth import SUPERVISOR
from boutique.clock import utcnow
from boutique.db import db, use_case
from boutique.errors import Forbidden, NotFound, ValidationFailed
from boutique.models import Event, Person, next_counter_value, record_event
from boutique.services import PERSONAL_DATA, PersonalData

from .. import limits
from ..codes import make_item_code
from ..errors import WrongStage
from ..garments import categories as garment_categories
from ..garments import services as garment_services
from ..garments.models import Item
from . import photos
from .errors import GarmentNotForRedesign, ProjectFinished, UnknownProject
from .models import (
    MAX_NOTE,
    MAX_STEP_MINUTES,
    MAX_STORY,
    PHOTO_KINDS,
    TAG_KINDS,
    USABLE_STATUSES,
    Photo,
    ProductSource,
    ProjectDesigner,
    ProjectSource,
    ProjectStep,
    RedesignProduct,
    RedesignProject,
    RedesignTag,
)

PUBLIC_PAGE_ENDPOINT = "workshop.product_page"


# --------------------------------------------------------------------------- reading


def get_project(project_id: int) -> RedesignProject:
    """A project by id, or UnknownProject."""
    project = db.session.get(RedesignProject, project_id)
    if project is None:
        raise UnknownProject(project_id=project_id)
    return project


def is_designer(project: RedesignProject, person: Person) -> bool:
    """True when the person is one of the project's designers."""
    return any(d.person_id == person.id for d in project.designers)


def may_change(project: RedesignProject, person: Person) -> bool:
    """A project's designers change it; supervisors and admins may change any project."""
    return person.role in SUPERVISOR or is_designer(project, person)


def projects_of(person: Person) -> list[RedesignProject]:
    """The projects a person designs, open ones first, newest first."""
    return list(db.session.scalars(
        select(RedesignProject).join(ProjectDesigner).where(ProjectDesigner.person_id == person.id)
        .order_by(RedesignProject.status.desc(), RedesignProject.id.desc())))


def open_projects() -> list[RedesignProject]:
    """Every open project, newest first (what a supervisor oversees)."""
    return list(db.session.scalars(
        select(RedesignProject).where(RedesignProject.status == "open").order_by(RedesignProject.id.desc())))


def possible_designers() -> list[Person]:
    """Who can be named on a project: active designers, students and participants, by name."""
    return list(db.session.scalars(
        select(Person).where(Person.active.is_(True),
                             or_(Person.role == "designer", Person.kind.in_(("student", "participant"))))
        .order_by(func.lower(Person.display_name))))


def product_of(item: Item) -> RedesignProduct | None:
    """The workshop record of an item when it is a redesign product."""
    return db.session.get(RedesignProduct, item.id)


def get_product(code: str) -> RedesignProduct:
    """The redesign product a scanned or typed code names, or NotFound."""
    product = product_of(garment_services.get_item(code))
    if product is None:
        raise NotFound(code=code)
    return product


def project_history(project: RedesignProject) -> list[Event]:
    """The project's events, oldest first."""
    return list(db.session.scalars(
        select(Event).where(Event.subject_type == "redesign", Event.subject_id == project.id).order_by(Event.id)))


def public_url(code: str) -> str | None:
    """The absolute address of a product's public page; PUBLIC_BASE_URL, when set, names the host.

    Printed labels outlive any one request, so a shop sets PUBLIC_BASE_URL to the address
    customers' phones can reach. Without it, the address of the current request is used;
    outside a request there is none.
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        parts = urlsplit(base)
        adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                           url_scheme=parts.scheme or "https")
        return adapter.build(PUBLIC_PAGE_ENDPOINT, {"code": code}, force_external=True)
    if has_request_context():
        return url_for(PUBLIC_PAGE_ENDPOINT, code=code, _external=True)
    return None


def label_extras(item: Item) -> tuple[str, str | None] | None:
    """For a redesign product: "Redesign: <names>" and the public page's address; else None."""
    product = product_of(item)
    if product is None:
        return None
    return str(_l("Redesign: %(names)s", names=product.project.credit)), public_url(item.code)


# --------------------------------------------------------------------------- guards


def _changeable(project_id: int, by: Person, *, open_only: bool = True) -> RedesignProject:
    """The project, when `by` may change it (and, with `open_only`, it is still open)."""
    project = get_project(project_id)
    if not may_change(project, by):
        raise Forbidden(_l("Only the project's designers (or a supervisor) can change it."))
    if open_only and project.status != "open":
        raise ProjectFinished(project_id=project.id)
    return project


def _clean_text(text: str, limit: int, field: str, *, required: bool = False) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValidationFailed(_l("Please fill this in."), field=field)
    if len(value) > limit:
        raise ValidationFailed(_l("That text is too long (at most %(n)s characters).", n=limit), field=field)
    return value


def _active_person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or not person.active:
        raise ValidationFailed(_l("Unknown person."), field="designer_ids")
    return person


def _event(project: RedesignProject, event: str, by: Person, /, **data: object) -> None:
    record_event(event, "redesign", project.id, by, shop_id=project.shop_id, station="workshop", **data)


# --------------------------------------------------------------------------- use cases


@use_case
def create_project(
    *,
    title: str,
    by: Person,
    designer_ids: Iterable[int] = (),
    source_codes: Iterable[str] = (),
    motifs: Iterable[str] = (),
    cultures: Iterable[str] = (),
    techniques: Iterable[str] = (),
    hours: float | None = None,
    materials: str = "",
) -> RedesignProject:
    """Start a project with its designers and garments; a designer who starts one is always on it."""
    title = _clean_text(title, 120, "title", required=True)
    ids = list(dict.fromkeys(designer_ids))
    if by.role == "designer":  # the designer who starts a project is on it, first in its credit line
        ids = [by.id, *(i for i in ids if i != by.id)]
    if not ids:
        raise ValidationFailed(_l("Choose at least one designer."), field="designer_ids")
    people = [_active_person(person_id) for person_id in ids]
    project = RedesignProject(title=title, materials=_clean_text(materials, MAX_NOTE, "materials"),
                              shop_id=by.shop_id, created_at=utcnow(), created_by_id=by.id)
    db.session.add(project)
    db.session.flush()
    _event(project, "redesign.created", by, title=title)
    for person in people:
        _add_designer(project, person, by)
    for code in source_codes:
        add_source(project.id, code, by=by)
    for kind, names in (("motif", motifs), ("culture", cultures), ("technique", techniques)):
        for name in names:
            add_tag(project.id, kind, name, by=by)
    if hours:
        log_step(project.id, by=by, minutes=round(hours * 60), note="")
    return project


def _add_designer(project: RedesignProject, person: Person, by: Person) -> ProjectDesigner:
    membership = ProjectDesigner(project=project, person_id=person.id, person=person, added_at=utcnow())
    db.session.add(membership)
    db.session.flush()
    _event(project, "redesign.designer_added", by, person_id=person.id, name=person.display_name)
    return membership


@use_case
def add_designer(project_id: int, person_id: int, *, by: Person) -> ProjectDesigner:
    """Put another student or participant on an open project."""
    project = _changeable(project_id, by)
    person = _active_person(person_id)
    if any(d.person_id == person.id for d in project.designers):
        raise ValidationFailed(_l("%(name)s is already on this project.", name=person.display_name),
                               field="person_id")
    return _add_designer(project, person, by)


@use_case
def remove_designer(project_id: int, person_id: int, *, by: Person) -> None:
    """Take a designer off an open project (never the last one); the removal is an event."""
    project = _changeable(project_id, by)
    membership = next((d for d in project.designers if d.person_id == person_id), None)
    if membership is None:
        raise NotFound(person_id=person_id)
    if len(project.designers) == 1:
        raise ValidationFailed(_l("A project needs at least one designer."), field="person_id")
    name = membership.name
    project.designers.remove(membership)
    db.session.flush()
    _event(project, "redesign.designer_removed", by, person_id=person_id, name=name)


@use_case
def set_credit_name(project_id: int, *, name: str, by: Person) -> ProjectDesigner:
    """A designer chooses the name their work is credited with on labels and the public page."""
    project = get_project(project_id)
    membership = next((d for d in project.designers if d.person_id == by.id), None)
    if membership is None:
        raise Forbidden(_l("Only the project's designers choose their own names."))
    membership.credit_name = _clean_text(name, 80, "name")
    _event(project, "redesign.credit_changed", by, person_id=by.id, name=membership.name)
    return membership


@use_case
def add_source(project_id: int, code: str, *, by: Person) -> ProjectSource:
    """Scan a donated garment from the redesign route into an open project (409 for any other garment)."""
    project = _changeable(project_id, by)
    item = garment_services.get_item(code)
    previous = item.status
    # The conditional UPDATE is the rule: of two projects (or a project and the pricing
    # station) taking the same garment at once, only one sees a row count of 1.
    taken = db.session.execute(
        update(Item).where(Item.id == item.id, Item.route == "redesign", Item.status.in_(USABLE_STATUSES))
        .values(status="in_redesign").execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(item)
    if taken != 1:
        if item.route != "redesign":
            message = _l("This garment is for the shop floor, not for redesign.")
        elif item.status == "in_redesign":
            message = _l("This garment is already in a redesign project.")
        else:
            message = _l("This garment is %(status)s and cannot be used.", status=garment_services.stage_name(item.status))
        raise GarmentNotForRedesign(message, code=item.code, status=item.status, route=item.route)
    source = ProjectSource(project=project, item=item, previous_status=previous, added_at=utcnow(),
                           added_by_id=by.id)
    db.session.add(source)
    db.session.flush()
    record_event("item.in_redesign", "item", item.id, by, shop_id=item.shop_id, station="workshop",
                 project_id=project.id)
    _event(project, "redesign.source_added", by, code=item.code, donation_id=item.donation_id)
    return source


@use_case
def remove_source(project_id: int, code: str, *, by: Person) -> Item:
    """Give a garment back from an open project: it returns to the status it had; the removal is an event."""
    project = _changeable(project_id, by)
    item = garment_services.get_item(code)
    source = next((s for s in project.sources if s.item_id == item.id), None)
    if source is None:
        raise NotFound(code=item.code)
    back = db.session.execute(
        update(Item).where(Item.id == item.id, Item.status == "in_redesign")
        .values(status=source.previous_status).execution_options(synchronize_session=False)
    ).rowcount
    if back != 1:
        raise WrongStage(code=item.code, status=item.status)
    project.sources.remove(source)
    db.session.delete(source)
    db.session.flush()
    db.session.refresh(item)
    record_event("item.redesign_removed", "item", item.id, by, shop_id=item.shop_id, station="workshop",
                 project_id=project.id, status=item.status)
    _event(project, "redesign.source_removed", by, code=item.code, donation_id=item.donation_id)
    return item


@use_case
def add_tag(project_id: int, kind: str, name: str, *, by: Person) -> RedesignTag:
    """Tag a project with a motif, a cultural reference or a technique (the same one twice is kept once)."""
    project = _changeable(project_id, by, open_only=False)
    if kind not in TAG_KINDS:
        raise ValidationFailed(_l("Unknown kind of tag."), field="kind")
    name = " ".join(_clean_text(name, 60, "name", required=True).split())
    existing = next((t for t in project.tags if t.kind == kind and t.name.casefold() == name.casefold()), None)
    if existing is not None:
        return existing
    tag = RedesignTag(kind=kind, name=name)
    project.tags.append(tag)
    db.session.flush()
    _event(project, "redesign.tag_added", by, tag_kind=kind, name=name)
    return tag


@use_case
def remove_tag(project_id: int, tag_id: int, *, by: Person) -> None:
    """Take a tag off a project."""
    project = _changeable(project_id, by, open_only=False)
    tag = next((t for t in project.tags if t.id == tag_id), None)
    if tag is None:
        raise NotFound(tag_id=tag_id)
    project.tags.remove(tag)
    db.session.flush()
    _event(project, "redesign.tag_removed", by, tag_kind=tag.kind, name=tag.name)


@use_case
def log_step(
    project_id: int, *, by: Person, minutes: int = 0, note: str = "", techniques: Iterable[str] = ()
) -> ProjectStep:
    """Write down a working session: time spent, what was done, techniques used (added to the project's)."""
    project = _changeable(project_id, by)
    if not isinstance(minutes, int) or not 0 <= minutes <= MAX_STEP_MINUTES:
        raise ValidationFailed(_l("Write the hours as a number from 0 to 24."), field="hours")
    note = _clean_text(note, MAX_NOTE, "note")
    names = [" ".join(t.split()) for t in techniques if t.strip()]
    if not note and not minutes and not names:
        raise ValidationFailed(_l("Write what you did, or the hours you worked."), field="note")
    step = ProjectStep(project_id=project.id, person_id=by.id, at=utcnow(), minutes=minutes, note=note,
                       techniques=names)
    db.session.add(step)
    project.steps.append(step)
    db.session.flush()
    for name in names:
        add_tag(project.id, "technique", name, by=by)
    _event(project, "redesign.step_logged", by, step_id=step.id, minutes=minutes)
    return step


@use_case
def add_photo(project_id: int, *, kind: str, upload: IO[bytes], by: Person, product_code: str | None = None) -> Photo:
    """Add a before, after or detail photo to a project (or one of its products), stripped of metadata."""
    project = _changeable(project_id, by, open_only=False)
    if kind not in PHOTO_KINDS:
        raise ValidationFailed(_l("Say whether this is a before, after or detail photo."), field="kind")
    product_id = None
    if product_code:
        product = get_product(product_code)
        if product.project_id != project.id:
            raise ValidationFailed(_l("That piece was not made in this project."), field="product")
        product_id = product.item_id
    stored = photos.store_photo(upload)
    try:
        photo = Photo(project_id=project.id, product_id=product_id, kind=kind, stem=stored.stem, width=stored.width,
                      height=stored.height, uploaded_at=utcnow(), uploaded_by_id=by.id)
        db.session.add(photo)
        project.photos.append(photo)
        db.session.flush()
        _event(project, "redesign.photo_added", by, photo_id=photo.id, photo_kind=kind)
    except BaseException:
        photos.discard_photo(stored.stem)
        raise
    return photo


@use_case
def remove_photo(photo_id: int, *, by: Person) -> None:
    """Delete a photo (both sizes) from a project."""
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound(photo_id=photo_id)
    project = _changeable(photo.project_id, by, open_only=False)
    stem = photo.stem
    project.photos.remove(photo)
    db.session.delete(photo)
    db.session.flush()
    _event(project, "redesign.photo_removed", by, photo_id=photo_id)
    photos.discard_photo(stem)


@use_case
def finish_into_product(
    project_id: int,
    *,
    category: str,
    by: Person,
    size: str = "",
    price: int | None = None,
    story: str = "",
) -> RedesignProduct:
    """Make a product of a project: a new item with its own code, its story and its provenance.

    Every garment still in the project is consumed (a consumed garment is never sold). A
    project may yield several products: a later one is made from the same garments. With a
    price, the product is priced at once, with the colour of the week, ready for its label.
    """
    project = _changeable(project_id, by, open_only=False)
    if not project.sources:
        raise ValidationFailed(_l("Scan in at least one garment first."), field="sources")
    cat = garment_categories.get_category(category)
    if price is not None:
        limits.check_price(price, "price")
    story = _clean_text(story, MAX_STORY, "story")
    remaining = [s.item for s in project.sources if s.item.status == "in_redesign"]
    if remaining:
        consumed = db.session.execute(
            update(Item).where(Item.id.in_([i.id for i in remaining]), Item.status == "in_redesign")
            .values(status="consumed").execution_options(synchronize_session=False)
        ).rowcount
        if consumed != len(remaining):
            raise WrongStage(_l("A garment of this project has changed meanwhile. Open the project again."))
    made_from = remaining or [s.item for s in project.sources]
    now = utcnow()
    product_item = Item(
        code=make_item_code(next_counter_value("item_code"), current_app.config["ITEM_CODE_PREFIX"]),
        category_id=cat.id, route="shop", status="sorted", condition=5, size=_clean_text(size, 20, "size"),
        shop_id=project.shop_id or by.shop_id, sorted_at=now, sorted_by_id=by.id,
    )
    if price is not None:
        product_item.price = product_item.first_price = price
        product_item.status = "priced"
        product_item.priced_at = now
        product_item.priced_by_id = by.id
        product_item.tag_colour = garment_services.tag_colour_for(now)
    db.session.add(product_item)
    db.session.flush()
    product = RedesignProduct(item_id=product_item.id, project=project, story=story, made_at=now, made_by_id=by.id)
    db.session.add(product)
    db.session.flush()
    db.session.add_all(ProductSource(product_id=product_item.id, source_id=i.id) for i in made_from)
    if project.status == "open":
        project.status = "finished"
        project.finished_at = now
    db.session.flush()
    codes = [i.code for i in made_from]
    record_event("item.made", "item", product_item.id, by, shop_id=product_item.shop_id, station="workshop",
                 code=product_item.code, category=cat.key, project_id=project.id, made_from=codes,
                 designers=[d.person_id for d in project.designers])
    if price is not None:
        record_event("item.priced", "item", product_item.id, by, shop_id=product_item.shop_id, station="workshop",
                     price=price, previous_price=None, tag_colour=product_item.tag_colour)
    for item in remaining:
        db.session.refresh(item)
        record_event("item.consumed", "item", item.id, by, shop_id=item.shop_id, station="workshop",
                     project_id=project.id, product=product_item.code)
    _event(project, "redesign.product_made", by, code=product_item.code, made_from=codes)
    return product


@use_case
def edit_story(code: str, *, story: str, by: Person) -> RedesignProduct:
    """Rewrite a product's story (its designers or a supervisor)."""
    product = get_product(code)
    _changeable(product.project_id, by, open_only=False)
    product.story = _clean_text(story, MAX_STORY, "story")
    _event(product.project, "redesign.story_edited", by, code=product.item.code)
    return product


# --------------------------------------------------------------------------- personal data

# The workshop's events that copy a designer's name beside their id.
_NAMING_EVENTS = ("redesign.designer_added", "redesign.designer_removed", "redesign.credit_changed")


def _credits_of(person: Person) -> list[dict[str, object]]:
    """The projects a person designs on, with the name they chose to be credited with."""
    memberships = db.session.scalars(select(ProjectDesigner).where(ProjectDesigner.person_id == person.id)
                                     .order_by(ProjectDesigner.id))
    return [{"project": m.project_id, "title": m.project.title, "credit_name": m.credit_name} for m in memberships]


def _forget_credits(person: Person) -> None:
    """Pseudonymising: the person's chosen credit names go (labels and pages then show the pseudonym),
    and so do the names the workshop's events copied."""
    db.session.execute(update(ProjectDesigner).where(ProjectDesigner.person_id == person.id).values(credit_name=""))
    named = db.session.scalars(select(Event).where(Event.subject_type == "redesign", Event.kind.in_(_NAMING_EVENTS)))
    for event in named:
        data = event.data or {}
        if data.get("person_id") == person.id and "name" in data:
            event.data = {**data, "name": person.display_name}


PERSONAL_DATA.append(PersonalData("workshop_credits", export=_credits_of, forget=_forget_credits))
