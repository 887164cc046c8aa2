"""Versioned static files: every `url_for('static', ...)` carries `?v=<content hash>`.

A browser may then keep the file for a year without asking again: a changed file gets a
new hash, so a new URL. A URL whose hash is not the file's current one (an old page after
an upgrade) is served as usual but not cached for long.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

YEAR_SECONDS = 365 * 24 * 3600
HASH_LENGTH = 12


@lru_cache(maxsize=1024)
def _hash_of(path: str, modified_ns: int, size: int) -> str:
    """The content hash of one version of a file (its modification time and size key the cache)."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:HASH_LENGTH]


def static_version(filename: str) -> str | None:
    """The hash of static/<filename> as it is now, or None for a file that does not exist."""
    path = safe_join(current_app.static_folder or "", filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _hash_of(path, stat.st_mtime_ns, stat.st_size)


def init_static_files(app: Flask) -> None:
    """Add the version to static URLs and the long cache lifetime to responses for them."""

    @app.url_defaults
    def add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename"):
            version = static_version(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == static_version(filename):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
