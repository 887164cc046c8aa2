"""Demo data: one shop with people in every role and a year of donations, garments and sales.

The people and the shop are made through the services. The history is generated in
Python and written with bulk inserts (a year is some 150,000 rows), yet it is what real
use would leave: every step of a donation and a garment has its event, item codes come
from the `item_code` counter (bumped once for the batch), every sale has its lines and
payments, every till day is opened with a float and closed with a Z report, and each
till's journal is a valid hash chain built with the journal's own `canonical` and
`chain_hash`, so `flask journal verify` passes.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, text, update

from boutique.clock import frozen_at, utcnow
from boutique.db import db, refresh_statistics, use_case
from boutique.models import Counter, Event, Person, Shop, Till
from boutique.services import create_cohort, create_person, create_shop
from inventory.codes import make_item_code
from inventory.donations.models import Donation
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services
from inventory.garments.forms import COLOURS, SIZES
from inventory.garments.models import Category, Item
from inventory.workshop.models import (
    ProductSource,
    ProjectDesigner,
    ProjectSource,
    ProjectStep,
    RedesignProduct,
    RedesignProject,
    RedesignTag,
)

from ..journal.services import GENESIS, canonical, chain_hash
from ..models import JournalEntry, Payment, Sale, SaleLine, TillSession
from .training_attendance import load_attendance
from .training_plans import add_training_plans
from .training_ratings import add_training_ratings
from .training_report import add_training_report_demo

DEMO_PASSWORD = "demo"
DEMO_PIN = "1234"
DEMO_PEOPLE = (
    # username, role, display name, kind, language
    ("admin", "admin", "Admin", "staff", "sv"),
    ("handledare", "supervisor", "Maria (handledare)", "staff", "sv"),
    ("lager", "warehouse", "Ahmed", "participant", "sv"),
    ("kassa", "counter", "Leila", "participant", "sv"),
    ("design", "designer", "Sara (Beckmans)", "student", "en"),
    ("lager2", "warehouse", "Yonas", "participant", "en"),
    ("lager3", "warehouse", "Fatima", "volunteer", "sv"),
)
DISPLAY_NAMES = {username: name for username, _role, name, _kind, _language in DEMO_PEOPLE}
DAYS_PER_YEAR = 365
FLOAT = 50000

# How often each category turns up in a bag, and how brands and conditions are spread.
CATEGORY_SHARES = {"tops": 18, "shirts": 12, "knitwear": 9, "dresses": 8, "skirts": 5, "trousers": 8, "jeans": 9,
                   "jackets": 6, "suits": 2, "sportswear": 4, "children": 10, "shoes": 5, "bags": 3,
                   "accessories": 5, "home_textiles": 4}
BRANDS = {"": 40, "H&M": 14, "Lindex": 7, "KappAhl": 5, "Gina Tricot": 4, "Cubus": 3, "Zara": 5, "Mango": 3,
          "Levi's": 3, "Filippa K": 2, "Acne Studios": 1, "Whyred": 1, "Tiger of Sweden": 1, "Nudie Jeans": 1,
          "Polarn O. Pyret": 2, "Marimekko": 1, "Odd Molly": 1, "Dagmar": 1, "Björn Borg": 1, "Ellos": 2}
PREMIUM = {"Filippa K": 1.6, "Acne Studios": 2.2, "Whyred": 1.5, "Tiger of Sweden": 1.6, "Nudie Jeans": 1.5,
           "Marimekko": 1.5, "Odd Molly": 1.3, "Dagmar": 1.5, "Levi's": 1.3, "Polarn O. Pyret": 1.2}
CONDITIONS = {5: 10, 4: 35, 3: 38, 2: 14, 1: 3}
CONDITION_FACTOR = {5: 1.3, 4: 1.1, 3: 1.0, 2: 0.7, 1: 0.5}
MATERIALS = ("bomull", "bomull", "ull", "linne", "viskos", "polyester", "denim", "blandat", "")
CHANNELS = {"drop_off": 60, "collection": 25, "pickup": 10, "corporate": 5}
CHANNEL_KILOS = {"drop_off": (2, 12), "collection": (10, 45), "pickup": (8, 30), "corporate": (15, 60)}
PAYMENTS = {"card": 55, "swish": 30, "cash": 15}

# The workshop: Sara makes a piece about once a week from garments on the redesign route,
# often with a participant, and the pieces go on sale beside the donated garments.
PROJECT_EVERY_DAYS = 6
WORKSHOP_PARTNERS = ("kassa", "lager2", None, None)  # a participant on the project, or Sara alone
PIECES = (  # title, category of the piece, source garments, what the story says
    ("Patchwork jacket", "jackets", 3, "Three worn denim garments became one jacket."),
    ("Shirt kimono", "tops", 2, "Two men's shirts, cut and joined into a kimono."),
    ("Tote bag from jeans", "bags", 2, "Jeans legs and a pocket made a sturdy bag."),
    ("Skirt from shirts", "skirts", 3, "Striped shirts pieced into a full skirt."),
    ("Embroidered waistcoat", "jackets", 1, "A plain waistcoat with hand embroidery."),
    ("Quilted cushion cover", "home_textiles", 2, "Leftover fabric quilted into a cushion cover."),
    ("Dress with new sleeves", "dresses", 2, "A dress given the sleeves of another."),
    ("Scarf from knitwear", "accessories", 2, "Two worn jumpers felted and knitted into a scarf."),
)
MOTIFS = ("flowers", "stripes", "geometry", "birds", "waves")
CULTURES = ("Eritrean embroidery", "Swedish folk art", "Syrian cross-stitch", "Sami ribbon weaving")
TECHNIQUES = ("patchwork", "embroidery", "appliqué", "dyeing", "quilting", "visible mending")


def demo_exists() -> bool:
    """True once anyone can sign in: the demo is only for a new, empty database."""
    return db.session.scalar(select(Person.id).limit(1)) is not None


def load_demo(days: int | None = None, scale: float = 1.0, seed: int = 7) -> str:
    """Create the demo shop, people and history unless they exist; say what was done.

    `scale` 1.0 is a year of one shop; 2.0 two years, for benchmarks. `days` overrides it.
    """
    if demo_exists():
        return "The database already has people in it; no demo data loaded."
    started = time.perf_counter()
    days = days if days is not None else max(1, round(DAYS_PER_YEAR * scale))
    end = utcnow().replace(minute=0, second=0, microsecond=0)
    start = (end - timedelta(days=days)).replace(hour=7)
    with frozen_at(start):
        shop = create_shop("Röda Korset Redesign", org_no="802000-0000", address="Storgatan 1, 123 45 Staden")
        people = {username: create_person(username, role=role, display_name=name, kind=kind, language=lang,
                                          password=DEMO_PASSWORD, pin=DEMO_PIN, shop_id=shop.id,
                                          demo_password=True)
                  for username, role, name, kind, lang in DEMO_PEOPLE}
        # Sara's course, followed by the supervisor: the cohort view has something to show.
        cohort = create_cohort("Beckmans HT26", teacher_id=people["handledare"].id, by=people["admin"])
        people["design"].cohort_id = cohort.id
        db.session.commit()
    history = _History(random.Random(seed), shop, {u: p.id for u, p in people.items()}, start, end)
    history.make(days)
    rows = _write(history, shop.tills[0].id)
    add_training_plans(people, end)
    load_attendance(shop, end)  # after the plans: it gives card codes to their agreements
    add_training_ratings(shop, start, end)
    add_training_report_demo(shop, end, DEMO_PASSWORD)
    return (f"Demo data loaded: shop {shop.id}, {len(DEMO_PEOPLE)} people, {days} days of history, "
            f"{len(history.donations)} donations, {len(history.items)} garments, {len(history.sales)} sales, "
            f"{rows} rows in {time.perf_counter() - started:.1f} s.")


def _weighted(rng: random.Random, shares: dict[Any, int]) -> Any:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _next_open_moment(moment: datetime, rng: random.Random) -> datetime:
    """A moment in opening hours (10–18 in Sweden, Monday to Saturday) not before `moment`."""
    day = moment
    while day.weekday() == 6:
        day += timedelta(days=1)
    chosen = day.replace(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
    return chosen if chosen >= moment else moment + timedelta(minutes=rng.randint(10, 90))


@dataclass
class _History:
    """A year of the shop as rows, made in memory before one bulk write."""

    rng: random.Random
    shop: Shop
    ids: dict[str, int]
    start: datetime
    end: datetime
    donations: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sold: dict[Any, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    sales: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)

    def event(self, at: datetime, kind: str, subject: str, subject_id: int, by: str, station: str,
              **data: Any) -> None:
        self.events.append({"at": at, "kind": kind, "subject_type": subject, "subject_id": subject_id,
                            "person_id": self.ids[by], "shop_id": self.shop.id, "till_id": None,
                            "station": station, "data": data})

    def make(self, days: int) -> None:
        """Donations day by day, each sorted into garments that are valued, priced, sold or withdrawn."""
        self.categories = {c.key: c for c in garment_categories.list_categories() if c.key in CATEGORY_SHARES}
        self.next_donation = (db.session.scalar(select(func.max(Donation.id))) or 0) + 1
        self.next_item = (db.session.scalar(select(func.max(Item.id))) or 0) + 1
        for day in range(days):
            morning = self.start + timedelta(days=day)
            if morning.weekday() == 6:
                continue
            for _ in range(self.rng.randint(6, 14)):
                self.donation(morning + timedelta(hours=2, minutes=self.rng.randint(0, 420)))
        self.workshop()

    def donation(self, received: datetime) -> None:
        """One donation through its stages, as far as time has come."""
        rng = self.rng
        channel = _weighted(rng, CHANNELS)
        low, high = CHANNEL_KILOS[channel]
        weight = rng.randint(low * 10, high * 10) * 100
        sorter = rng.choice(("lager", "lager", "lager2", "lager3"))
        donation_id = self.next_donation
        self.next_donation += 1
        row = {"id": donation_id, "shop_id": self.shop.id, "channel": channel, "stage": "received",
               "weight_grams": weight, "bags": max(1, weight // 6000 + rng.randint(0, 1)), "note": "",
               "recycled_grams": 0, "discarded_grams": 0, "received_at": received,
               "received_by_id": self.ids[sorter], "closed_at": None}
        self.donations.append(row)
        self.event(received, "donation.received", "donation", donation_id, sorter, "intake", channel=channel,
                   weight_grams=weight, bags=row["bags"])
        moment = received
        for stage, after in (("unpacked", (2, 26)), ("washed", (4, 40)), ("sorted", (4, 40))):
            moment += timedelta(hours=rng.randint(*after))
            if moment >= self.end:
                return
            row["stage"] = stage
            self.event(moment, f"donation.{stage}", "donation", donation_id, sorter, "sorting")
        sorted_grams, moment = self.garments(donation_id, weight, moment, sorter)
        closed = moment + timedelta(minutes=rng.randint(10, 90))
        if closed >= self.end:
            return
        rest = max(0, weight - sorted_grams)
        recycled = rest * rng.randint(70, 92) // 100
        row.update(stage="closed", closed_at=closed, recycled_grams=recycled, discarded_grams=rest - recycled)
        self.event(closed, "donation.closed", "donation", donation_id, sorter, "sorting",
                   recycled_grams=recycled, discarded_grams=rest - recycled)

    def garments(self, donation_id: int, weight: int, sorting: datetime, sorter: str) -> tuple[int, datetime]:
        """Sort a share of the donation into garments; return what they weigh and when sorting stopped."""
        rng = self.rng
        target = weight * rng.randint(25, 45) // 100
        total = 0
        moment = sorting
        while total < target:
            category = self.categories[_weighted(rng, CATEGORY_SHARES)]
            grams = max(50, category.typical_weight_grams * rng.randint(70, 130) // 100 // 10 * 10)
            moment += timedelta(minutes=rng.randint(1, 4))
            if moment >= self.end:
                break
            total += grams
            self.item(donation_id, category, grams, moment, sorter)
        return total, moment

    def item(self, donation_id: int, category: Category, grams: int, sorted_at: datetime, sorter: str) -> None:
        """One garment and what happens to it."""
        rng = self.rng
        item_id = self.next_item
        self.next_item += 1
        sizes = SIZES[category.size_scale]
        brand = _weighted(rng, BRANDS) if category.key not in ("home_textiles",) else ""
        condition = _weighted(rng, CONDITIONS)
        route = "redesign" if condition == 1 or rng.random() < 0.05 else "shop"
        row = {"id": item_id, "code": "", "donation_id": donation_id, "category_id": category.id,
               "status": "sorted", "route": route, "size": rng.choice(sizes) if sizes else "",
               "colour": rng.choice(list(COLOURS)), "brand": brand, "material": rng.choice(MATERIALS),
               "condition": condition, "weight_grams": grams, "estimate": None, "price": None, "first_price": None,
               "tag_colour": "", "shop_id": self.shop.id, "withdraw_reason": "", "withdraw_note": "",
               "withdrawn_at": None, "sorted_at": sorted_at, "sorted_by_id": self.ids[sorter],
               "valued_by_id": None, "priced_at": None, "priced_by_id": None, "sold_at": None,
               "sold_price": None, "sold_days": None}
        self.items.append(row)
        self.event(sorted_at, "item.sorted", "item", item_id, sorter, "sorting", category=category.key,
                   condition=condition, route=route, donation_id=donation_id)
        if route != "shop":
            return
        worth = category.default_price * PREMIUM.get(brand, 1.0) * CONDITION_FACTOR[condition]
        price = max(1000, round(worth * rng.uniform(0.8, 1.25) / 1000) * 1000)
        valued = sorted_at + timedelta(hours=rng.randint(1, 48))
        if rng.random() < 0.6 and valued < self.end:
            row.update(status="valued", estimate=max(1000, price + rng.choice((-1000, 0, 0, 1000))),
                       valued_by_id=self.ids[sorter])
            self.event(valued, "item.valued", "item", item_id, sorter, "pricing", estimate=row["estimate"])
        priced = _next_open_moment(valued + timedelta(days=rng.randint(0, 3)), rng)
        if priced >= self.end:
            return
        pricer = rng.choice(("handledare", "handledare", "lager"))
        tag = garment_services.tag_colour_for(priced)
        row.update(status="priced", price=price, first_price=price, priced_at=priced,
                   priced_by_id=self.ids[pricer], tag_colour=tag)
        self.event(priced, "item.priced", "item", item_id, pricer, "pricing", price=price, previous_price=None,
                   tag_colour=tag)
        chance = 0.55 + 0.08 * (condition - 3) + (0.1 if brand in PREMIUM else 0)
        sold = _next_open_moment(priced + timedelta(days=min(150, rng.expovariate(1 / 16))), rng)
        if rng.random() < chance and sold < self.end:
            row.update(status="sold", sold_at=sold)
            self.sold[sold.date()].append(row)
        elif self.end - priced > timedelta(days=120) and rng.random() < 0.5:
            reason = _weighted(rng, {"recycling": 6, "given_away": 3, "waste": 1})
            gone = priced + timedelta(days=120)
            row.update(status="withdrawn", withdraw_reason=reason, withdrawn_at=gone)
            self.event(gone, "item.withdrawn", "item", item_id, "lager", "pricing", reason=reason,
                       weight_grams=grams, note="")


    def workshop(self) -> None:
        """Redesign projects: garments of the redesign route made into pieces that go on sale.

        What the workshop's use cases would leave (`inventory.workshop.services`), decided here and
        written with the rest: a project's events need its garments' codes, which `_write`
        gives out, so `workshop_rows` makes the rows and events then.
        """
        rng = self.rng
        free = [row for row in self.items if row["route"] == "redesign" and row["status"] == "sorted"]
        start = self.start + timedelta(days=3)
        while start < self.end:
            ready = [row for row in free if row["sorted_at"] < start]
            title, category_key, wanted, story = rng.choice(PIECES)
            if len(ready) >= wanted and category_key in self.categories:
                sources = ready[:wanted]
                free = [row for row in free if row not in sources]
                self.project(_next_open_moment(start, rng), title, self.categories[category_key], sources, story)
            start += timedelta(days=rng.randint(PROJECT_EVERY_DAYS - 2, PROJECT_EVERY_DAYS + 2))

    def project(self, started: datetime, title: str, category: Category, sources: list[dict[str, Any]],
                story: str) -> None:
        """One project; finished into a piece, priced at once, unless time has not come that far."""
        rng = self.rng
        partner = rng.choice(WORKSHOP_PARTNERS)
        designers = ["design", *([partner] if partner else [])]
        steps = []
        moment = started
        for _ in range(rng.randint(1, 3)):
            moment = _next_open_moment(moment + timedelta(days=rng.randint(1, 4)), rng)
            steps.append((moment, rng.choice(designers), rng.randint(2, 8) * 30, rng.choice(TECHNIQUES)))
        finished = _next_open_moment(moment + timedelta(days=rng.randint(1, 3)), rng)
        project = {"title": title, "category": category.key, "started": started, "designers": designers,
                   "sources": sources,
                   "steps": [step for step in steps if step[0] < self.end], "story": story,
                   "tags": [("motif", rng.choice(MOTIFS)), ("technique", steps[0][3])]
                   + ([("culture", rng.choice(CULTURES))] if rng.random() < 0.5 else []),
                   "piece": None}
        self.projects.append(project)
        if finished >= self.end:
            for row in sources:
                row["status"] = "in_redesign"
            return
        for row in sources:
            row["status"] = "consumed"
        price = max(2000, round(category.default_price * rng.uniform(1.5, 3.0) / 1000) * 1000)
        sizes = SIZES[category.size_scale]
        piece = {"id": self.next_item, "code": "", "donation_id": None, "category_id": category.id,
                 "status": "priced", "route": "shop", "size": rng.choice(sizes) if sizes else "",
                 "colour": rng.choice(list(COLOURS)), "brand": "", "material": "", "condition": 5,
                 "weight_grams": None, "estimate": None, "price": price, "first_price": price,
                 "tag_colour": garment_services.tag_colour_for(finished), "shop_id": self.shop.id, "withdraw_reason": "",
                 "withdraw_note": "", "withdrawn_at": None, "sorted_at": finished, "sorted_by_id": self.ids["design"],
                 "valued_by_id": None, "priced_at": finished, "priced_by_id": self.ids["design"], "sold_at": None,
                 "sold_price": None, "sold_days": None}
        self.next_item += 1
        self.items.append(piece)
        project["piece"], project["finished"] = piece, finished
        sold = _next_open_moment(finished + timedelta(days=min(90, rng.expovariate(1 / 12))), rng)
        if rng.random() < 0.7 and sold < self.end:
            piece.update(status="sold", sold_at=sold)
            self.sold[sold.date()].append(piece)

    def workshop_rows(self) -> dict[Any, list[dict[str, Any]]]:
        """The projects' rows, table by table, and their events (once every garment has its code)."""
        rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        next_id = {model: (db.session.scalar(select(func.max(model.id))) or 0) + 1
                   for model in (RedesignProject, ProjectDesigner, ProjectSource, RedesignTag, ProjectStep)}

        def new_id(model: Any) -> int:
            next_id[model] += 1
            return next_id[model] - 1

        def log(at: datetime, kind: str, project_id: int, by: str, **data: Any) -> None:
            self.event(at, kind, "redesign", project_id, by, "workshop", **data)

        for project in self.projects:
            started, piece = project["started"], project["piece"]
            pid = new_id(RedesignProject)
            rows[RedesignProject].append({
                "id": pid, "title": project["title"], "status": "finished" if piece else "open", "materials": "",
                "shop_id": self.shop.id, "created_at": started, "created_by_id": self.ids["design"],
                "finished_at": project.get("finished")})
            log(started, "redesign.created", pid, "design", title=project["title"])
            for username in project["designers"]:
                rows[ProjectDesigner].append({"id": new_id(ProjectDesigner), "project_id": pid,
                                              "person_id": self.ids[username], "credit_name": "",
                                              "added_at": started})
                log(started, "redesign.designer_added", pid, "design", person_id=self.ids[username],
                    name=DISPLAY_NAMES[username])
            for row in project["sources"]:
                rows[ProjectSource].append({"id": new_id(ProjectSource), "project_id": pid, "item_id": row["id"],
                                            "previous_status": "sorted", "added_at": started,
                                            "added_by_id": self.ids["design"]})
                self.event(started, "item.in_redesign", "item", row["id"], "design", "workshop", project_id=pid)
                log(started, "redesign.source_added", pid, "design", code=row["code"], donation_id=row["donation_id"])
            for kind, name in project["tags"]:
                rows[RedesignTag].append({"id": new_id(RedesignTag), "project_id": pid, "kind": kind, "name": name})
                log(started, "redesign.tag_added", pid, "design", tag_kind=kind, name=name)
            for at, username, minutes, technique in project["steps"]:
                step_id = new_id(ProjectStep)
                rows[ProjectStep].append({"id": step_id, "project_id": pid, "person_id": self.ids[username], "at": at,
                                          "minutes": minutes, "note": "", "techniques": [technique]})
                log(at, "redesign.step_logged", pid, username, step_id=step_id, minutes=minutes)
            if piece is None:
                continue
            finished, made_from = project["finished"], [row["code"] for row in project["sources"]]
            rows[RedesignProduct].append({"item_id": piece["id"], "project_id": pid, "story": project["story"],
                                          "made_at": finished, "made_by_id": self.ids["design"]})
            rows[ProductSource].extend({"product_id": piece["id"], "source_id": row["id"]}
                                       for row in project["sources"])
            self.event(finished, "item.made", "item", piece["id"], "design", "workshop", code=piece["code"],
                       category=project["category"],
                       project_id=pid, made_from=made_from,
                       designers=[self.ids[username] for username in project["designers"]])
            self.event(finished, "item.priced", "item", piece["id"], "design", "workshop", price=piece["price"],
                       previous_price=None, tag_colour=piece["tag_colour"])
            for row in project["sources"]:
                self.event(finished, "item.consumed", "item", row["id"], "design", "workshop", project_id=pid,
                           product=piece["code"])
            log(finished, "redesign.product_made", pid, "design", code=piece["code"], made_from=made_from)
        return rows


def _till_days(history: _History, till: Till, categories: dict[int, Category]) -> dict[str, list[dict[str, Any]]]:
    """Till sessions, receipts, lines, payments and the journal for every day something sold."""
    rng = history.rng
    cashier, boss = history.ids["kassa"], history.ids["handledare"]
    next_id = {model: (db.session.scalar(select(func.max(model.id))) or 0) + 1
               for model in (TillSession, Sale, SaleLine, Payment, JournalEntry)}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    state = {"seq": till.journal_seq, "head": till.journal_head if till.journal_seq else GENESIS,
             "receipt": till.last_receipt_no, "z": till.last_z_no, "grand": till.grand_sales}
    quick = [c for c in categories.values() if c.key in ("accessories", "children", "tops")]

    def journal(at: datetime, kind: str, person_id: int, data: dict[str, Any]) -> None:
        state["seq"] += 1
        body = canonical(till.id, state["seq"], at.isoformat(), kind, person_id, data)
        digest = chain_hash(state["head"], body)
        rows["journal"].append({"id": next_id[JournalEntry], "till_id": till.id, "seq": state["seq"], "at": at,
                                "kind": kind, "person_id": person_id, "body": body, "prev_hash": state["head"],
                                "hash": digest})
        next_id[JournalEntry] += 1
        state["head"] = digest

    for day in sorted(history.sold):
        garments = sorted(history.sold[day], key=lambda r: r["sold_at"])
        opened = garments[0]["sold_at"].replace(hour=8, minute=45)
        session_id = next_id[TillSession]
        next_id[TillSession] += 1
        journal(opened, "float", cashier, {"session_id": session_id, "opening_float": FLOAT})
        totals = {"sales": 0, "receipts": 0, "items": 0, "cash": 0, "per_category": defaultdict(int),
                  "payments": defaultdict(int)}
        while garments:
            size = rng.choice((1, 1, 1, 2, 2, 3))
            basket, garments = garments[:size], garments[size:]
            at = basket[-1]["sold_at"]
            lines = [(g["id"], categories[g["category_id"]], g["price"], g["size"]) for g in basket]
            if rng.random() < 0.1:
                extra = rng.choice(quick)
                lines.append((None, extra, extra.default_price, ""))
            state["receipt"] += 1
            sale_id = next_id[Sale]
            next_id[Sale] += 1
            total = sum(price for _item, _cat, price, _size in lines)
            method = _weighted(rng, PAYMENTS)
            tendered = -(-total // 10000) * 10000 if method == "cash" else None
            change = tendered - total if tendered is not None else 0
            line_rows = []
            for item_id, category, price, size in lines:
                line_rows.append({"id": next_id[SaleLine], "sale_id": sale_id, "item_id": item_id,
                                  "category_id": category.id,
                                  "description": (category.name_sv + (f" {size}" if size else ""))[:120],
                                  "price": price, "vat_rate": 0, "vat_amount": 0, "returns_line_id": None})
                next_id[SaleLine] += 1
                totals["per_category"][category.key] += price
            for g in basket:
                g["sold_at"] = at
                g["sold_price"], g["sold_days"] = g["price"], (at - g["priced_at"]).days
                history.events.append({"at": at, "kind": "item.sold", "subject_type": "item",
                                       "subject_id": g["id"], "person_id": cashier, "shop_id": history.shop.id,
                                       "till_id": till.id, "station": "", "data": {
                                           "till_id": till.id, "sale_id": sale_id, "price": g["price"]}})
            payment = {"id": next_id[Payment], "sale_id": sale_id, "method": method, "amount": total,
                       "tendered": tendered, "reference": ""}
            next_id[Payment] += 1
            sale = {"id": sale_id, "till_id": till.id, "session_id": session_id, "receipt_no": state["receipt"],
                    "kind": "sale", "training": False, "at": at, "person_id": cashier, "total": total,
                    "rounding": 0, "change": change, "vat_mode": "exempt", "original_sale_id": None, "prints": 1}
            rows["sales"].append(sale)
            rows["lines"].extend(line_rows)
            rows["payments"].append(payment)
            journal(at, "sale", cashier, {
                "sale_id": sale_id, "receipt_no": sale["receipt_no"], "kind": "sale", "training": False,
                "total": total, "rounding": 0, "change": change, "original_sale_id": None,
                "lines": [{k: line[k] for k in ("item_id", "category_id", "description", "price", "vat_rate",
                                                "vat_amount")} for line in line_rows],
                "payments": [{k: payment[k] for k in ("method", "amount", "tendered", "reference")}]})
            totals["sales"] += total
            totals["receipts"] += 1
            totals["items"] += len(line_rows)
            totals["payments"][method] += total
            state["grand"] += total
        closed = opened.replace(hour=17, minute=5)
        state["z"] += 1
        expected = FLOAT + totals["payments"].get("cash", 0)
        counted = expected + rng.choice((0,) * 18 + (-1000, 500))
        report = {
            "kind": "Z", "shop": {"id": history.shop.id, "name": history.shop.name, "org_no": history.shop.org_no},
            "till": {"id": till.id, "name": till.name}, "session_id": session_id, "opened_at": opened.isoformat(),
            "generated_at": closed.isoformat(), "total_sales": totals["sales"],
            "sales_per_category": dict(sorted(totals["per_category"].items())), "vat": {}, "opening_float": FLOAT,
            "receipts": totals["receipts"], "items_sold": totals["items"], "no_sale_openings": 0,
            "copies": {"count": 0, "amount": 0}, "training": {"count": 0, "amount": 0},
            "payments": dict(sorted(totals["payments"].items())), "rounding": 0,
            "returns": {"count": 0, "amount": 0}, "discounts": 0, "expected_cash": expected,
            "grand_totals": {"sales": state["grand"], "returns": till.grand_returns,
                             "net": state["grand"] + till.grand_returns},
            "z_number": state["z"], "counted_cash": counted, "difference": counted - expected}
        rows["sessions"].append({"id": session_id, "till_id": till.id, "opened_at": opened, "opened_by_id": cashier,
                                 "opening_float": FLOAT, "closed_at": closed, "closed_by_id": boss,
                                 "expected_cash": expected, "counted_cash": counted, "z_number": state["z"]})
        journal(closed, "z_report", boss, report)
        history.events.append({"at": closed, "kind": "till.closed", "subject_type": "till", "subject_id": till.id,
                               "person_id": boss, "shop_id": history.shop.id, "till_id": till.id, "station": "",
                               "data": {"z_number": state["z"], "difference": counted - expected}})
    history.sales = rows["sales"]
    rows["till"] = [state]
    return rows


@use_case
def _write(history: _History, till_id: int) -> int:
    """Write the generated history in bulk, in one transaction; return the number of rows."""
    till = db.session.get(Till, till_id)
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    till_rows = _till_days(history, till, categories)
    last = db.session.execute(update(Counter).where(Counter.name == "item_code")
                              .values(value=Counter.value + len(history.items)).returning(Counter.value)).scalar_one()
    prefix = current_app.config["ITEM_CODE_PREFIX"]
    for serial, row in enumerate(history.items, start=last - len(history.items) + 1):
        row["code"] = make_item_code(serial, prefix)
    state = till_rows.pop("till")[0]
    workshop = history.workshop_rows()
    batches = ((Donation, history.donations), (Item, history.items),
               *((model, workshop[model]) for model in (RedesignProject, ProjectDesigner, ProjectSource, RedesignTag,
                                                        ProjectStep, RedesignProduct, ProductSource)),
               (TillSession, till_rows["sessions"]),
               (Sale, till_rows["sales"]), (SaleLine, till_rows["lines"]), (Payment, till_rows["payments"]),
               (JournalEntry, till_rows["journal"]),
               (Event, sorted(history.events, key=lambda e: e["at"])))
    written = 0
    for model, rows in batches:
        if rows:
            db.session.execute(model.__table__.insert(), rows)
            written += len(rows)
    db.session.execute(update(Till).where(Till.id == till.id).values(
        journal_seq=state["seq"], journal_head=state["head"], last_receipt_no=state["receipt"],
        last_z_no=state["z"], grand_sales=state["grand"]))
    if db.engine.dialect.name == "postgresql":
        # Explicit ids leave the sequences behind; move them past the new rows.
        for model, _rows in batches:
            if "id" not in model.__table__.c:  # keyed by their garments
                continue
            table = model.__table__.name
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
    refresh_statistics(db.session.connection())
    return written
