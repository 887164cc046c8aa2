"""Garment categories: the active ones for sorting and pricing, and the admin's list to add and change them."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from boutique.db import db, use_case
from boutique.errors import ValidationFailed
from boutique.models import Person, record_event

from ..limits import check_price, check_weight
from .models import SIZE_SCALES, Category

CATEGORY_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def get_category(key: str) -> Category:
    """An active category by key, or a validation error naming the field."""
    category = db.session.scalar(select(Category).where(Category.key == key, Category.active.is_(True)))
    if category is None:
        raise ValidationFailed(_l("Unknown category."), field="category")
    return category


def list_categories() -> list[Category]:
    """Active categories in display order."""
    return list(db.session.scalars(
        select(Category).where(Category.active.is_(True)).order_by(Category.sort_order, Category.key)))



CATEGORY_FIELDS = ("name_sv", "name_en", "pictogram", "default_price", "typical_weight_grams",
                   "co2e_grams_per_kg", "co2e_source", "size_scale", "sort_order", "active")


def list_all_categories() -> list[Category]:
    """Every category, retired ones included, in display order (the admin's list)."""
    return list(db.session.scalars(select(Category).order_by(Category.sort_order, Category.key)))


def category_names(locale: str) -> dict[str, str]:
    """Every category's name in `locale`, by key: for tables and reports that keep keys."""
    return {category.key: category.name(locale) for category in list_all_categories()}


def find_category(key: str) -> Category | None:
    """A category by key, active or not."""
    return db.session.scalar(select(Category).where(Category.key == key))


@use_case
def save_category(
    key: str,
    *,
    by: Person,
    name_sv: str,
    name_en: str,
    default_price: int,
    typical_weight_grams: int,
    pictogram: str = "hanger",
    co2e_grams_per_kg: int = 0,
    co2e_source: str = "",
    size_scale: str = "letters",
    sort_order: int | None = None,
    active: bool = True,
    other_names: dict[str, str] | None = None,
) -> Category:
    """Create a category, or change one: names, pictogram, flat price, typical weight, climate factor.

    `other_names` names it in further interface languages ({"ar": "..."}); an empty name is left out.
    """
    key = key.strip().lower()
    if not key or len(key) > 40 or not set(key) <= CATEGORY_KEY_CHARS:
        raise ValidationFailed(_l("The key may have small letters a–z, digits and _ only."), field="key")
    for field, value in (("name_sv", name_sv), ("name_en", name_en)):
        if not value.strip():
            raise ValidationFailed(_l("Write the name in both languages."), field=field)
    check_price(default_price, "default_price")
    check_weight(typical_weight_grams, "typical_weight_grams")
    if co2e_grams_per_kg < 0 or co2e_grams_per_kg > 1_000_000:
        raise ValidationFailed(_l("The climate factor must be a number from 0."), field="co2e_grams_per_kg")
    if co2e_grams_per_kg and not co2e_source.strip():
        raise ValidationFailed(_l("Say where the climate factor comes from."), field="co2e_source")
    if size_scale not in SIZE_SCALES:
        raise ValidationFailed(_l("Unknown size scale."), field="size_scale")
    if pictogram not in pictograms():
        raise ValidationFailed(_l("Unknown pictogram."), field="pictogram")
    category = find_category(key)
    created = category is None
    if category is None:
        last = db.session.scalar(select(func.max(Category.sort_order))) or 0
        category = Category(key=key, sort_order=last + 10)
        db.session.add(category)
    values = {"name_sv": name_sv.strip()[:80], "name_en": name_en.strip()[:80], "pictogram": pictogram,
              "default_price": default_price, "typical_weight_grams": typical_weight_grams,
              "co2e_grams_per_kg": co2e_grams_per_kg, "co2e_source": co2e_source.strip()[:2000],
              "size_scale": size_scale, "active": active}
    if other_names is not None:
        values["other_names"] = {lang: name.strip()[:80] for lang, name in sorted(other_names.items())
                                 if name.strip()} or None
    if sort_order is not None:
        values["sort_order"] = sort_order
    changed = {name: value for name, value in values.items() if created or getattr(category, name) != value}
    for name, value in values.items():
        setattr(category, name, value)
    db.session.flush()
    record_event("category.created" if created else "category.changed", "category", category.id, by,
                 station="admin", key=key, changed=changed)
    return category


def pictograms() -> list[str]:
    """The pictograms a category may show: the SVG files in static/img/."""
    folder = Path(current_app.static_folder or "static") / "img"
    return sorted(p.stem for p in folder.glob("*.svg"))
