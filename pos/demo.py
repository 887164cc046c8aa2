"""Demo data: one shop with people in every role and a few months of garments and sales.

Everything is made through the same services the pages use, with the clock set back, so
the demo's history, events and journal are exactly what real use would leave.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from boutique.clock import frozen_at, utcnow
from boutique.db import db
from boutique.models import Person
from boutique.services import create_person, create_shop
from inventory import services as inventory
from inventory.models import Item

from . import services

DEMO_PASSWORD = "demo"
DEMO_PIN = "1234"
DEMO_PEOPLE = (
    # username, role, display name, kind, language
    ("admin", "admin", "Admin", "staff", "sv"),
    ("handledare", "supervisor", "Maria (handledare)", "staff", "sv"),
    ("lager", "warehouse", "Ahmed", "participant", "sv"),
    ("kassa", "counter", "Leila", "participant", "sv"),
    ("design", "designer", "Sara (Beckmans)", "student", "en"),
)
BRANDS = ("", "", "H&M", "Lindex", "Filippa K", "Acne", "Levi's", "KappAhl", "Gina Tricot", "Whyred")
COLOURS = ("svart", "vit", "blå", "röd", "grön", "grå", "beige", "rosa")
SIZES = {"children": ("98", "110", "122", "134"), "shoes": ("37", "38", "40", "42", "44")}
LETTER_SIZES = ("XS", "S", "M", "L", "XL")


def demo_exists() -> bool:
    """True once anyone can sign in: the demo is only for a new, empty database."""
    return db.session.scalar(select(Person.id).limit(1)) is not None


def load_demo(days: int = 90, seed: int = 7) -> str:
    """Create the demo shop, people and history unless they exist; say what was done."""
    if demo_exists():
        return "The database already has people in it; no demo data loaded."
    rng = random.Random(seed)
    start = utcnow().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=days)
    with frozen_at(start):
        shop = create_shop("Röda Korset Redesign", org_no="802000-0000", address="Storgatan 1, 123 45 Staden")
        people = {username: create_person(username, role=role, display_name=name, kind=kind, language=lang,
                                          password=DEMO_PASSWORD, pin=DEMO_PIN, shop_id=shop.id)
                  for username, role, name, kind, lang in DEMO_PEOPLE}
    till_id = shop.tills[0].id
    sorter, cashier, boss = people["lager"], people["kassa"], people["handledare"]
    categories = [c.key for c in inventory.list_categories()]
    for day in range(days):
        morning = start + timedelta(days=day)
        if morning.weekday() == 6:
            continue
        with frozen_at(morning):
            donation = inventory.receive_donation(shop_id=shop.id, channel=rng.choice(
                ("drop_off", "drop_off", "collection", "pickup")), weight_grams=rng.randint(3000, 15000),
                bags=rng.randint(1, 4), by=sorter)
            inventory.advance_donation(donation.id, "unpacked", by=sorter)
            inventory.advance_donation(donation.id, "washed", by=sorter)
        for n in range(rng.randint(2, 5)):
            with frozen_at(morning + timedelta(hours=1, minutes=10 * n)):
                key = rng.choice(categories)
                item = inventory.sort_item(
                    donation_id=donation.id, category=key, condition=rng.randint(2, 5),
                    size=rng.choice(SIZES.get(key, LETTER_SIZES)), colour=rng.choice(COLOURS),
                    brand=rng.choice(BRANDS), route="redesign" if rng.random() < 0.1 else "shop",
                    weight_grams=rng.randint(150, 900), by=sorter)
                if item.route == "shop":
                    base = inventory.get_category(key).default_price
                    inventory.value_item(item.code, estimate=base + rng.choice((-1000, 0, 0, 1000, 2000)), by=sorter)
                    inventory.price_item(item.code, price=base + rng.choice((0, 0, 1000, 2000)), by=boss)
        if day < days - 1:
            with frozen_at(morning + timedelta(hours=3)):
                inventory.advance_donation(donation.id, "closed", by=sorter,
                                           recycled_grams=rng.randint(500, 2000), discarded_grams=rng.randint(0, 500))
        _sell_a_day(rng, till_id, morning, cashier, boss)
    return f"Demo data loaded: shop {shop.id}, {len(DEMO_PEOPLE)} people, {days} days of history."


def _sell_a_day(rng: random.Random, till_id: int, morning: datetime, cashier: Person, boss: Person) -> None:
    """Open the till, sell some of what is on the floor, close with a Z report."""
    on_floor = list(db.session.scalars(
        select(Item.code).where(Item.status == "priced", Item.priced_at < morning).order_by(Item.id)))
    if not on_floor:
        return
    with frozen_at(morning + timedelta(hours=2)):
        services.open_till(till_id, opening_float=50000, by=cashier)
    cash = 0
    for n, code in enumerate(rng.sample(on_floor, k=min(len(on_floor), rng.randint(1, 3)))):
        with frozen_at(morning + timedelta(hours=3, minutes=20 * n)):
            price = inventory.get_item(code).price or 0
            method = rng.choice(("cash", "card", "swish"))
            sale = services.ring_up(till_id, [services.LineRequest(code=code)],
                                    [services.PaymentRequest(method=method, amount=price)], by=cashier)
            services.print_receipt(sale.id, by=cashier)
            if method == "cash":
                cash += price + sale.rounding
    with frozen_at(morning + timedelta(hours=9)):
        services.close_till(till_id, counted_cash=50000 + cash, by=boss)


