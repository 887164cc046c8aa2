"""Real-browser fixtures: the app served on loopback in a thread, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the run; skipped where there is none, except in CI where that fails."""
    if not os.path.exists(CHROMIUM):
        if _ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app served on a free loopback port for the duration of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


DESKTOP = {"width": 1024, "height": 768}


@contextmanager
def open_tab(browser: Any, live_server: str, locale: str, viewport: dict[str, int] = DESKTOP
             ) -> Iterator[tuple[Any, list[str]]]:
    """A fresh page (its own cookies) whose browser asks for `locale`, and the CSP violations it collects."""
    context = browser.new_context(base_url=live_server, locale=locale, viewport=viewport)
    context.set_default_timeout(15000)
    tab = context.new_page()
    try:
        yield tab, watch_policy_violations(tab)
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page (its own cookies) with Swedish as the browser's language."""
    with open_tab(browser, live_server, "sv-SE") as (tab, blocked):
        yield tab
    assert blocked == [], "the page broke its Content-Security-Policy"


def watch_policy_violations(tab: Any) -> list[str]:
    """Collect console errors about the Content-Security-Policy (inline script, foreign hosts)."""
    blocked: list[str] = []
    tab.on("console", lambda msg: blocked.append(msg.text)
           if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return blocked


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, username: str, password: str = "secret-pw") -> None:
    """Sign in through the real page; labels are matched in Swedish or English."""
    import re

    page.goto("/login")
    page.get_by_label(re.compile("Användarnamn|Username")).fill(username)
    page.get_by_label(re.compile("Lösenord|Password")).fill(password)
    page.get_by_label(re.compile("Lösenord|Password")).press("Enter")
    page.wait_for_url(re.compile(r"/$"))
