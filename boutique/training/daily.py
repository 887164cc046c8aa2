"""Jobs the app runs once a day while it runs: close the check-ins left open at closing time, erase
self-ratings past their retention date, and whatever else registers here.

Register a job with one line, beside the use case it runs (any callable that takes no arguments):

    daily.register(close_open_stays)

`create_app` calls `start(app)`: a daemon thread that sleeps until `DAILY_JOBS_AT` (the shop's local
time, "23:00" by default, after every closing time) and then runs each registered job in an app
context, one after the other; a job that fails is logged and the others still run. Not started in
tests (`app.testing`) or when `DAILY_JOBS` is false (`FLASK_DAILY_JOBS=false`, e.g. on all but one
app server). Every job must be idempotent: with several app processes each runs it, and
`flask --app app training daily` runs them all by hand or from cron.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from flask import Flask

from boutique.clock import SHOP_TZ, utcnow

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[], object]] = {}


def register(job: Callable[[], object]) -> Callable[[], object]:
    """Run `job` once a day; registering the same function again changes nothing. Usable as a decorator."""
    JOBS[f"{job.__module__}.{job.__qualname__}"] = job
    return job


def run_jobs() -> list[str]:
    """Run every registered job now, in the current app context; the names of those that failed."""
    failed = []
    for name, job in list(JOBS.items()):
        try:
            job()
        except Exception:
            log.exception("daily job %s failed", name)
            failed.append(name)
    return failed


def next_run(now: datetime, at: time) -> datetime:
    """The next moment after `now` when the shop's clock shows `at` (UTC)."""
    local = now.astimezone(SHOP_TZ)
    moment = datetime.combine(local.date(), at, SHOP_TZ)
    if moment <= local:
        moment = datetime.combine(local.date() + timedelta(days=1), at, SHOP_TZ)
    return moment.astimezone(UTC)


def _at(app: Flask) -> time:
    hours, minutes = (int(part) for part in str(app.config.get("DAILY_JOBS_AT", "23:00")).split(":"))
    return time(hours, minutes)


def start(app: Flask, stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the daily thread for `app`, unless testing or DAILY_JOBS is off; `stop` ends it."""
    if app.testing or not app.config.get("DAILY_JOBS", True):
        return None
    at, stop = _at(app), stop or threading.Event()

    def loop() -> None:
        while True:
            now = utcnow()
            if stop.wait((next_run(now, at) - now).total_seconds()):
                return
            with app.app_context():
                run_jobs()

    thread = threading.Thread(target=loop, name="daily-jobs", daemon=True)
    thread.start()
    return thread
