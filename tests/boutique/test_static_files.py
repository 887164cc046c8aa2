"""Static files: URLs carry the file's content hash, and a versioned URL may be cached for a year."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"


def _get(client, url):
    response = client.get(url)
    response.close()  # a static file response holds its file open until closed
    return response


def test_every_static_url_on_a_page_carries_the_hash_of_the_file(client, supervisor):
    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert any("css/boutique.css" in url for url in urls) and any("js/scan.js" in url for url in urls)
    for url in urls:
        path, _, query = url.replace("&amp;", "&").partition("?")
        content = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert query == "v=" + hashlib.sha256(content).hexdigest()[:12], url


def test_a_versioned_url_is_cached_for_a_year_and_never_revalidated(client, supervisor):
    page = client.get("/login").get_data(as_text=True)
    url = re.search(r'href="(/static/css/boutique\.css\?v=[0-9a-f]+)"', page).group(1)
    response = _get(client, url)
    assert response.status_code == 200
    cache = response.cache_control
    assert cache.public and cache.max_age == 31536000 and cache.immutable


def test_an_unversioned_or_outdated_url_is_not_cached_for_long(client):
    for url in ("/static/css/boutique.css", "/static/css/boutique.css?v=000000000000"):
        response = _get(client, url)
        assert response.status_code == 200
        assert not response.cache_control.immutable and not response.cache_control.max_age, url


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    from flask import url_for

    app.static_folder = str(tmp_path)
    asset = tmp_path / "app.js"
    asset.write_text("one")
    with app.test_request_context():
        first = url_for("static", filename="app.js")
        asset.write_text("two, a little longer")
        second = url_for("static", filename="app.js")
        missing = url_for("static", filename="missing.js")
    assert first != second and first.startswith("/static/app.js?v=") and second.startswith("/static/app.js?v=")
    assert missing == "/static/missing.js"
