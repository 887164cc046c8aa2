"""Pages of the redesign workshop, phone first: a designer's home, a project from garments to product,
the cookbook PDF, labels, and the public page of each piece (no sign-in)."""

from __future__ import annotations

from typing import Any

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from boutique.auth import DESIGNER, WAREHOUSE, login_manager, public, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS
from boutique.pages import flash_form_errors, interface_locale, me, run_and_flash

from ..labels import render_label_png
from ..labels.data import label_data_for
from . import models, photos, services
from inventory.garments import categories as garment_categories
from .cookbook import cookbook_pdf, hours_text
from .forms import (PHOTO_KIND_NAMES, TAG_KIND_NAMES, CodeForm, CreditForm, DesignerForm, FinishForm, PhotoForm,
                    ProjectForm, StepForm, StoryForm, TagForm)

bp = Blueprint("workshop", __name__)


# --------------------------------------------------------------------------- helpers


def _to_project(project_id: int, anchor: str = "") -> Any:
    return redirect(url_for("workshop.project", project_id=project_id) + (f"#{anchor}" if anchor else ""))



def _existing_project(project_id: int) -> models.RedesignProject:
    """The project for a page, or 404 before anything else is checked."""
    project = db.session.get(models.RedesignProject, project_id)
    if project is None:
        abort(404)
    return project


def _finish_form(data: dict[str, Any] | None = None) -> FinishForm:
    form = FinishForm(data=data)
    form.category.choices = select_choices([(c.key, c.name(interface_locale())) for c in garment_categories.list_categories()])
    return form


def _designer_form(project: models.RedesignProject) -> DesignerForm:
    form = DesignerForm()
    on_project = {d.person_id for d in project.designers}
    form.person_id.choices = select_choices([(p.id, p.display_name) for p in services.possible_designers()
                                             if p.id not in on_project])
    return form


# --------------------------------------------------------------------------- pages


@bp.get("/workshop")
@roles_required(DESIGNER)
def home() -> Any:
    """A designer's home: their projects and pieces, with status, and where their feedback is."""
    mine = services.projects_of(me())
    others = [p for p in services.open_projects() if p not in mine] if current_user.role != "designer" else []
    pieces = [product for project in mine for product in project.products]
    return render_template("workshop/home.html", projects=mine, others=others, pieces=pieces)


@bp.route("/workshop/projects/new", methods=["GET", "POST"])
@roles_required(DESIGNER)
def new_project() -> Any:
    """Start a project: a title, and who makes it together."""
    form = ProjectForm()
    people = services.possible_designers()
    chosen = [int(v) for v in request.form.getlist("designer_ids") if v.isdigit()]
    if form.validate_on_submit():
        try:
            project = services.create_project(title=form.title.data, designer_ids=chosen, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Project started. Now scan the garments you use."), "success")
            return _to_project(project.id, "garments")
    elif form.errors:
        flash_form_errors(form)
    return render_template("workshop/new_project.html", form=form, people=people,
                           chosen=set(chosen) or {current_user.id})


@bp.get("/workshop/projects/<int:project_id>")
@roles_required(DESIGNER)
def project(project_id: int) -> Any:
    """A project: designers, garments, motifs, photos, steps, and finishing it into a product."""
    row = _existing_project(project_id)
    return render_template(
        "workshop/project.html", project=row, can_change=services.may_change(row, me()),
        is_designer=services.is_designer(row, me()), designer_form=_designer_form(row),
        credit_form=CreditForm(data={"credit_name": next((d.credit_name for d in row.designers
                                                   if d.person_id == current_user.id), "")}),
        tag_form=TagForm(), step_form=StepForm(), photo_form=PhotoForm(), finish_form=_finish_form(),
        history=services.project_history(row), tag_kinds=TAG_KIND_NAMES, photo_kinds=PHOTO_KIND_NAMES,
    )


@bp.post("/workshop/projects/<int:project_id>/designers")
@roles_required(DESIGNER)
def add_designer(project_id: int) -> Any:
    """Put another designer on the project."""
    row = _existing_project(project_id)
    form = _designer_form(row)
    if form.validate():
        run_and_flash(lambda: services.add_designer(row.id, form.person_id.data, by=me()), _("Designer added."))
    else:
        flash_form_errors(form)
    return _to_project(row.id, "designers")


@bp.post("/workshop/projects/<int:project_id>/designers/<int:person_id>/remove")
@roles_required(DESIGNER)
def remove_designer(project_id: int, person_id: int) -> Any:
    """Take a designer off the project."""
    row = _existing_project(project_id)
    run_and_flash(lambda: services.remove_designer(row.id, person_id, by=me()), _("Designer removed."))
    return _to_project(row.id, "designers")


@bp.post("/workshop/projects/<int:project_id>/credit")
@roles_required(DESIGNER)
def set_credit(project_id: int) -> Any:
    """Choose the name one's work is credited with."""
    row = _existing_project(project_id)
    form = CreditForm()
    if form.validate():
        run_and_flash(lambda: services.set_credit_name(row.id, name=form.credit_name.data or "", by=me()),
             _("Your name is saved."))
    else:
        flash_form_errors(form)
    return _to_project(row.id, "designers")


@bp.post("/workshop/projects/<int:project_id>/garments")
@roles_required(DESIGNER)
def add_source(project_id: int) -> Any:
    """Scan a garment from the redesign route into the project."""
    row = _existing_project(project_id)
    form = CodeForm()
    if form.validate():
        run_and_flash(lambda: services.add_source(row.id, form.code.data, by=me()), _("Garment added to the project."))
    else:
        flash(_("Scan or type the garment's code."), "error")
    return _to_project(row.id, "garments")


@bp.post("/workshop/projects/<int:project_id>/garments/<code>/remove")
@roles_required(DESIGNER)
def remove_source(project_id: int, code: str) -> Any:
    """Give a garment back from the project."""
    row = _existing_project(project_id)
    run_and_flash(lambda: services.remove_source(row.id, code, by=me()), _("Garment given back."))
    return _to_project(row.id, "garments")


@bp.post("/workshop/projects/<int:project_id>/tags")
@roles_required(DESIGNER)
def add_tag(project_id: int) -> Any:
    """Tag the project with a motif, cultural reference or technique."""
    row = _existing_project(project_id)
    form = TagForm()
    if form.validate():
        run_and_flash(lambda: services.add_tag(row.id, form.tag_kind.data, form.tag_name.data, by=me()), _("Added."))
    else:
        flash_form_errors(form)
    return _to_project(row.id, "tags")


@bp.post("/workshop/projects/<int:project_id>/tags/<int:tag_id>/remove")
@roles_required(DESIGNER)
def remove_tag(project_id: int, tag_id: int) -> Any:
    """Take a tag off the project."""
    row = _existing_project(project_id)
    run_and_flash(lambda: services.remove_tag(row.id, tag_id, by=me()), _("Removed."))
    return _to_project(row.id, "tags")


@bp.post("/workshop/projects/<int:project_id>/steps")
@roles_required(DESIGNER)
def log_step(project_id: int) -> Any:
    """Write down a working session."""
    row = _existing_project(project_id)
    form = StepForm()
    if form.validate():
        techniques = [t for t in (form.techniques.data or "").split(",") if t.strip()]
        run_and_flash(lambda: services.log_step(row.id, minutes=form.hours.data, note=form.note.data or "",
                                       techniques=techniques, by=me()), _("Step saved."))
    else:
        flash_form_errors(form)
    return _to_project(row.id, "steps")


@bp.post("/workshop/projects/<int:project_id>/photos")
@roles_required(DESIGNER)
def add_photo(project_id: int) -> Any:
    """Upload a before, after or detail photo from the phone."""
    row = _existing_project(project_id)
    try:
        form = PhotoForm()
        upload = request.files.get("photo")
    except RequestEntityTooLarge:
        flash(str(photos.PhotoTooLarge.default_message), "error")
        return _to_project(row.id, "photos")
    if not form.validate() or upload is None or not upload.filename:
        flash(_("Choose or take a photo first."), "error")
    else:
        run_and_flash(lambda: services.add_photo(row.id, kind=form.photo_kind.data, upload=upload.stream, by=me(),
                                        product_code=request.form.get("product") or None), _("Photo added."))
    return _to_project(row.id, "photos")


@bp.post("/workshop/photos/<int:photo_id>/remove")
@roles_required(DESIGNER)
def remove_photo(photo_id: int) -> Any:
    """Delete a photo."""
    photo = db.get_or_404(models.Photo, photo_id)
    project_id = photo.project_id
    run_and_flash(lambda: services.remove_photo(photo_id, by=me()), _("Photo deleted."))
    return _to_project(project_id, "photos")


@bp.post("/workshop/projects/<int:project_id>/finish")
@roles_required(DESIGNER)
def finish(project_id: int) -> Any:
    """Finish the project into a product with its story, price and label."""
    row = _existing_project(project_id)
    form = _finish_form()
    if not form.validate():
        flash_form_errors(form)
        return _to_project(row.id, "finish")
    try:
        product = services.finish_into_product(row.id, category=form.category.data, size=form.size.data or "",
                                               price=form.price.data, story=form.story.data or "", by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return _to_project(row.id, "finish")
    flash(_("Finished! %(code)s is a new piece. Print its label.", code=product.item.code), "success")
    return _to_project(row.id, f"piece-{product.item.code}")


@bp.post("/workshop/pieces/<code>/story")
@roles_required(DESIGNER)
def edit_story(code: str) -> Any:
    """Rewrite a piece's story."""
    form = StoryForm()
    product = services.get_product(code)
    if form.validate():
        run_and_flash(lambda: services.edit_story(code, story=form.story.data or "", by=me()), _("Story saved."))
    else:
        flash_form_errors(form)
    return _to_project(product.project_id, f"piece-{product.item.code}")


@bp.get("/workshop/pieces/<code>/label.png")
@roles_required(DESIGNER)
def label(code: str) -> Any:
    """The piece's label as a PNG at the printer's resolution, with its designers and QR code."""
    dpi = request.args.get("dpi", 300, type=int)
    if dpi not in (203, 300):
        abort(400)
    product = services.get_product(code)
    return Response(render_label_png(label_data_for(product.item), dpi=dpi), mimetype="image/png")


@bp.get("/workshop/projects/<int:project_id>/cookbook.pdf")
@roles_required(DESIGNER)
def cookbook(project_id: int) -> Any:
    """The project as a cookbook others can learn from: photos, materials, techniques, steps, story."""
    row = _existing_project(project_id)
    pdf = cookbook_pdf(row, interface_locale())
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="redesign-{row.id}.pdf"'})


@bp.get("/p/<code>")
@public
def product_page(code: str) -> Any:
    """A piece's public page for customers: photos, story, designers' names, motifs, price, availability."""
    try:
        product = services.get_product(code)
    except DomainError:
        abort(404)
    if product.item.code != code:
        return redirect(url_for("workshop.product_page", code=product.item.code))
    staff = current_user.is_authenticated and current_user.role in WAREHOUSE
    return render_template("workshop/product.html", product=product, project=product.project, item=product.item,
                           staff=staff, tag_kinds=TAG_KIND_NAMES)


@bp.get("/photos/<int:photo_id>/<size>.jpg")
@public
def photo_file(photo_id: int, size: str) -> Any:
    """A stored photo: public once its project became a product, otherwise for signed-in people only."""
    photo = db.get_or_404(models.Photo, photo_id)
    if size not in photos.SIZES:
        abort(404)
    if not photo.is_public and not current_user.is_authenticated:
        return login_manager.unauthorized()
    response = send_from_directory(photos.photo_folder(), photos.file_name(photo.stem, size), max_age=86400)
    response.cache_control.public = photo.is_public
    response.cache_control.private = not photo.is_public
    return response


EVENT_LABELS.update({
    "redesign.created": _l("Project started"), "redesign.designer_added": _l("Designer added"),
    "redesign.designer_removed": _l("Designer removed"), "redesign.credit_changed": _l("Name on the label chosen"),
    "redesign.source_added": _l("Garment added"), "redesign.source_removed": _l("Garment given back"),
    "redesign.tag_added": _l("Tag added"), "redesign.tag_removed": _l("Tag removed"),
    "redesign.step_logged": _l("Step written down"), "redesign.photo_added": _l("Photo added"),
    "redesign.photo_removed": _l("Photo deleted"), "redesign.product_made": _l("Piece finished"),
    "redesign.story_edited": _l("Story rewritten"), "item.in_redesign": _l("Taken into redesign"),
    "item.redesign_removed": _l("Given back from redesign"), "item.consumed": _l("Used in a redesign"),
    "item.made": _l("Made in the workshop"),
})


def photo_limit_mb() -> int:
    """The photo size limit in whole megabytes, for the upload form's hint."""
    return int(current_app.config.get("MAX_PHOTO_BYTES", photos.MAX_PHOTO_BYTES)) // (1024 * 1024)


@bp.record_once
def _template_names(state: Any) -> None:
    """Helpers for the workshop's templates."""
    state.app.jinja_env.globals.update(photo_limit_mb=photo_limit_mb, hours_text=hours_text)
