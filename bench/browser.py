"""Browser rows: Playwright drives Debian's Chromium against gunicorn on the bench database.

While simulated counters (`bench.load.Counters`) make a paced background load of sales, a
cashier in Chromium scans a garment into the cart (Enter → the new cart line drawn, in
place), pays cash (click → the receipt drawn, in place of the counter), and a sorter saves a
garment at the sorting station (Enter → the form ready for the next garment, in place).
Beside them the same browser's floors, in the same run and interleaved with them: a
click to a tiny page of the bench's own (bare navigation) and a fetch of a constant plus
one element appended (fetch + one DOM change).

Every time is taken inside the page with the page's own clock (`performance.now()`,
across a navigation `performance.timeOrigin + performance.now()`), from the key or the
click to the animation frame after the awaited element is in the DOM with a layout box:
the frame that draws it. Playwright's own round trips are outside the timings.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from .common import Row, bench_config
from .load import Counters, add_counters, gunicorn, open_till

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The same flags as the browser tests (tests/browser/conftest.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TILL_SCREEN = {"width": 1366, "height": 768}
PAGE = "<!doctype html><html lang=en><title>bench</title><p data-bench-page>pong</p></html>"
NAV_FLOOR = "Browser floor: bare navigation (click → a tiny page drawn)"
FETCH_FLOOR = "Browser floor: fetch + one DOM change (`fetch` of a constant → one element drawn)"


def bench_app() -> Any:
    """The shop's app as gunicorn serves it, plus the bench's trivial routes: the browser's floors."""
    from app import create_app

    app = create_app()
    app.add_url_rule("/bench/ping", "bench_ping", lambda: "pong")
    app.add_url_rule("/bench/page", "bench_page", lambda: PAGE)
    return app


# Arms the in-place timer: Enter's keydown (the scan, the save) or the click (Pay) starts it; it
# ends on the animation frame after `ready()` holds, checked on every DOM change and focus change.
# window.benchDone gives [ms in all, ms to the last byte of the last XHR/fetch answer since the start
# (Resource Timing)].
ARM_IN_PLACE = """([kind, code, before]) => {
  const visible = (el) => el && el.getClientRects().length > 0;
  const ready = {
    scan: () => [...document.querySelectorAll('[data-testid=cart] tbody tr .line-code')]
      .some((el) => el.textContent.trim() === code && visible(el)),
    pay: () => visible(document.querySelector('[data-testid=receipt]')),
    sort: () => {
      const first = document.querySelector('[data-testid=recent-garments] tbody tr');
      const focused = document.activeElement;
      return visible(first) && first.textContent !== before && focused && focused.matches('input[name=category]');
    },
  }[kind];
  window.benchDone = new Promise((resolve, reject) => {
    let t0 = null;
    let done = false;
    const check = () => {
      if (t0 === null || done || !ready()) return;
      done = true;
      observer.disconnect();
      document.removeEventListener('focusin', check);
      requestAnimationFrame(() => {
        const ends = performance.getEntriesByType('resource')
          .filter((e) => e.startTime >= t0 && ['xmlhttprequest', 'fetch'].includes(e.initiatorType))
          .map((e) => e.responseEnd);
        resolve([performance.now() - t0, Math.max(0, ...ends) - t0]);
      });
    };
    const observer = new MutationObserver(check);
    const start = (event) => {
      if (t0 !== null || (event.type === 'keydown' && event.key !== 'Enter')) return;
      performance.clearResourceTimings();
      t0 = performance.now();
      observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true});
      document.addEventListener('focusin', check);
    };
    window.addEventListener(kind === 'pay' ? 'click' : 'keydown', start, {capture: true});
    setTimeout(() => reject(new Error(kind + ': not ready 30 s after the key or click')), 30000);
  });
}"""

# Arms the navigation timer: the next click notes the time (epoch ms, high resolution) and
# what the next document must show; NAVIGATED, run in every new document, ends it:
# window.benchDone gives the ms in all. ANSWERED, after the load event (when the navigation
# entry is complete), the ms to the last byte of the new document's answer.
ARM_NAVIGATION = """(selector) => {
  window.addEventListener('click', () => {
    sessionStorage.setItem('benchStart', String(performance.timeOrigin + performance.now()));
    sessionStorage.setItem('benchSelector', selector);
  }, {capture: true, once: true});
}"""
NAVIGATED = """(() => {
  const start = sessionStorage.getItem('benchStart');
  const selector = sessionStorage.getItem('benchSelector');
  if (start === null || selector === null) return;
  sessionStorage.removeItem('benchStart');
  window.benchStart = Number(start);
  window.benchDone = new Promise((resolve) => {
    let done = false;
    const check = () => {
      const el = document.querySelector(selector);
      if (done || !el || el.getClientRects().length === 0) return;
      done = true;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now() - Number(start)));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {childList: true, subtree: true});
    document.addEventListener('DOMContentLoaded', check);
  });
})();"""

ANSWERED = """() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].responseEnd
  - window.benchStart"""

FETCH_AND_APPEND = """async () => {
  const t0 = performance.now();
  const answer = await fetch('/bench/ping', {cache: 'no-store'});
  const line = document.createElement('p');
  line.textContent = await answer.text();
  document.body.append(line);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const ms = performance.now() - t0;
  line.remove();
  return [ms, ms];
}"""

ADD_LINK = """() => {
  const link = document.createElement('a');
  link.href = '/bench/page';
  link.textContent = 'bench';
  link.id = 'bench-link';
  document.body.prepend(link);
}"""


def sorting_donation(url: str) -> int:
    """A donation of shop 1 that can be sorted (washed or sorted): the demo's newest."""
    from app import create_app
    from boutique.db import db, dispose_engines
    from inventory.donations.models import Donation

    app = create_app(bench_config(url))
    with app.app_context():
        donation = db.session.scalar(select(Donation.id).where(Donation.shop_id == 1,
                                                               Donation.stage.in_(("washed", "sorted")))
                                     .order_by(Donation.id.desc()).limit(1))
        db.session.remove()
        dispose_engines()
    if donation is None:
        raise RuntimeError("no donation of shop 1 is washed or sorted: nothing for the sorting station")
    return donation


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, with the browser tests' flags."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def signed_in(browser: Any, base: str, username: str) -> Any:
    """A new tab of its own (its own cookies) signed in as a demo person, with the navigation timer installed."""
    import re

    context = browser.new_context(base_url=base, locale="sv-SE", viewport=TILL_SCREEN)
    context.set_default_timeout(30000)
    context.add_init_script(NAVIGATED)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label(re.compile("Användarnamn|Username")).fill(username)
    page.get_by_label(re.compile("Lösenord|Password")).fill("demo")
    with page.expect_navigation():
        page.get_by_label(re.compile("Lösenord|Password")).press("Enter")
    if "/login" in page.url:
        raise RuntimeError(f"{username} could not sign in")
    return page


def ns(ms: float) -> int:
    return int(ms * 1e6)


class Measure:
    """The cashier's and the sorter's tabs and the five things timed in them."""

    def __init__(self, cashier: Any, sorter: Any, till_id: int, donation_id: int) -> None:
        self.cashier, self.sorter = cashier, sorter
        self.counter_url = f"/till/{till_id}"
        self.sort_url = f"/donations/{donation_id}/sort"
        cashier.goto(self.counter_url)
        sorter.goto(self.sort_url)
        sorter.locator("input[name=category]:focus").wait_for()
        sorter.keyboard.press("Space")  # the first category; the station remembers it after the first save

    def scan(self, code: str) -> list[float]:
        """Enter in the scan field → the garment's cart line drawn (the cart updates in place)."""
        page = self.cashier
        field = page.locator("[data-scan-input]")
        field.fill(code)
        page.evaluate(ARM_IN_PLACE, ["scan", code, ""])
        field.press("Enter")
        return page.evaluate("window.benchDone")

    def pay(self) -> list[float]:
        """A click on "Pay with cash" (exact amount) → the receipt drawn (in place of the counter); then back to the counter."""
        page = self.cashier
        page.evaluate(ARM_IN_PLACE, ["pay", "", ""])
        page.locator("form.pay-cash button.btn-cash").click()
        ms = page.evaluate("window.benchDone")
        page.goto(self.counter_url)
        return ms

    def navigation(self) -> list[float]:
        """A click on a link → the bench's tiny page drawn; then back to the counter."""
        page = self.cashier
        page.evaluate(ADD_LINK)
        page.evaluate(ARM_NAVIGATION, "[data-bench-page]")
        with page.expect_navigation(url="**/bench/page"):
            page.locator("#bench-link").click()
        ms = [page.evaluate("window.benchDone"), page.evaluate(ANSWERED)]
        page.goto(self.counter_url)
        return ms

    def fetch(self) -> list[float]:
        """fetch() of a constant → one element appended and drawn, on the counter page."""
        return self.cashier.evaluate(FETCH_AND_APPEND)

    def sort(self) -> list[float]:
        """Enter at the sorting station → the next garment's form ready (focus on the categories, the new one listed)."""
        page = self.sorter
        page.locator("input[name=category]:focus").wait_for()
        before = page.evaluate("() => document.querySelector('[data-testid=recent-garments] tbody tr')"
                               "?.textContent ?? ''")
        page.evaluate(ARM_IN_PLACE, ["sort", "", before])
        page.keyboard.press("Enter")
        return page.evaluate("window.benchDone")


def browser_rows(url: str, name: str, size: int, *, runs: int, rate: float, counters: int, workers: int,
                 log: Callable[[str], None], max_seconds: float = 600) -> tuple[list[Row], dict[str, Any]]:
    """The browser rows on the built database at `url`, with `rate` sales/s from `counters` simulated counters."""
    warmup = 3
    plan = add_counters(url, counters + 1, log, first_till=False, reserve=runs + warmup)
    till_id, codes = plan["tills"][-1], [code for code, _price in plan["reserved"]]
    if len(codes) < warmup + 2:
        raise RuntimeError(f"{len(codes)} priced garments: too few for the browser rows")
    donation_id = sorting_donation(url)
    samples: dict[str, list[int]] = {k: [] for k in ("scan", "pay", "sort", "navigation", "fetch")}
    answered: dict[str, list[int]] = {k: [] for k in samples}  # the same, to the last byte of the answer
    with gunicorn(url, workers, app="bench.browser:bench_app()") as base, chromium() as browser:
        open_till(base, till_id).close()
        measure = Measure(signed_in(browser, base, "kassa"), signed_in(browser, base, "lager"), till_id,
                          donation_id)
        # No background load at a rate of 0 (Counters without a rate would go flat out).
        background = Counters(base, plan["tills"][:-1] if rate > 0 else [], plan["pools"][:-1],
                              seconds=max_seconds + 120, rate=rate or None,
                              max_sales_per_counter=10**9)  # bounded by the garments and the browser's runs
        background.start()
        try:
            give_up = time.monotonic() + max_seconds
            for i, code in enumerate(codes):
                figures = {"scan": measure.scan(code), "pay": measure.pay(), "sort": measure.sort(),
                           "navigation": measure.navigation(), "fetch": measure.fetch()}
                if i >= warmup:
                    for key, (ms, answer_ms) in figures.items():
                        samples[key].append(ns(ms))
                        answered[key].append(ns(answer_ms))
                if len(samples["scan"]) >= 3 and time.monotonic() > give_up:
                    break
        finally:
            load = background.stop()
    if load["errors"]:
        log(f"background load errors ({load['errors']}), first: {background.errors[:3]}")
    load.update(db=name, rate=rate)
    log(f"{name}: browser runs {len(samples['scan'])}, background {load['sps']:.1f} sales/s "
        f"(asked {rate:g}), {load['errors']} errors")
    fetch = ("fetch + DOM change", samples["fetch"])
    rows = [Row(name, size, "Browser: scan → line visible (Enter → the new cart line drawn, in place)",
                samples["scan"], *fetch, target="p99 < 50 ms"),
            Row(name, size, "Browser: Pay → receipt shown (click on cash → the post, its redirect and the receipt "
                "drawn in place of the counter)", samples["pay"], *fetch, target="p99 < 150 ms"),
            Row(name, size, "Browser: sorting station save → next garment ready (Enter → form reset, focused, "
                "garment listed)", samples["sort"], *fetch, target="p99 < 100 ms"),
            Row(name, size, NAV_FLOOR, samples["navigation"], note="the browser's floor of a page load"),
            Row(name, size, "Browser floor: bare navigation, to the answer's last byte", answered["navigation"],
                note="the rest is the browser's"),
            Row(name, size, FETCH_FLOOR, samples["fetch"], note="the browser's floor of an in-place update")]
    for row, limit in zip(rows, (50, 150, 100)):
        row.met = row.p99 < limit
    # Where the time goes: from the key or click to the last byte of the server's last answer.
    for at, key, what in ((1, "scan", "scan"), (3, "pay", "Pay"), (5, "sort", "save")):
        rows.insert(at, Row(name, size, f"… the {what} to the last byte of the server's answer", answered[key],
                            note="Resource/Navigation Timing; the rest is the browser's (swap, layout, frame)"))
    return rows, load


def render_background(loads: list[dict[str, Any]]) -> list[str]:
    """The Markdown lines of the background load that ran during the browser rows."""
    if not loads:
        return []
    out = ["", "Background load during the browser rows (gunicorn on the bench database; each counter: scan, scan, "
           "pay, paced):", "",
           "| Database | Counters | Asked sales/s | Achieved sales/s | Sales | Seconds | Request p99 | Errors |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in loads:
        out.append(f"| {r['db']} | {r['counters']} | {r['rate']:g} | {r['sps']:,.1f} | {r['sales']:,} | "
                   f"{r['seconds']:.1f} | {r['p99']:,.1f} | {r['errors']} |")
    return out
