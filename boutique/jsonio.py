"""JSON in and out of the app, written and read by orjson where it is hot.

Every API response and every JSON column of every row goes through here. The standard
library's encoder and decoder are written in Python around a C core; for the small documents
of a scan (a garment's card, its history's data) their per-call overhead is most of the cost:
about a tenth of a scan lookup on PostgreSQL (docs/PERFORMANCE.md). orjson writes and reads
the same JSON in C.

What stays as it was:
- the documents: keys sorted as Flask sorts them; dates, decimals, dataclasses, UUIDs and
  lazy (translated) strings converted by Flask's own `default`, so a datetime given straight
  to `jsonify` is still an HTTP date; only non-ASCII text is written as UTF-8 rather than as
  `\\u` escapes (the same JSON to any reader);
- request bodies are read by Flask's decoder, so malformed or unusual JSON gets the answer
  it always got;
- JSON columns are written by the standard library, refusing NaN and infinities (which are
  not JSON and which orjson would refuse to read back).
"""

from __future__ import annotations

import functools
import json
from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)

# SQLAlchemy engine options: how every engine's dialect reads and writes JSON columns
# (on PostgreSQL, psycopg's loader for json and jsonb is set to the same function).
ENGINE_JSON_OPTIONS: dict[str, Any] = {
    "json_deserializer": orjson.loads,
    "json_serializer": functools.partial(json.dumps, allow_nan=False),
}


class Written:
    """A JSON document written already (by the database), for `jsonify` to send as it is."""

    __slots__ = ("document",)

    def __init__(self, document: str) -> None:
        self.document = document


def plain(value: Any) -> Any:
    """`value` with a `Written` document parsed back (to check an answer against its model)."""
    return orjson.loads(value.document) if isinstance(value, Written) else value


def _default(value: Any) -> Any:
    """Flask's conversions, and a `Written` document parsed for the standard encoder (indented output)."""
    if isinstance(value, Written):
        return plain(value)
    return DefaultJSONProvider.default(value)


def _fast_default(value: Any) -> Any:
    """orjson's: a `Written` document goes out as its text, unparsed."""
    if isinstance(value, Written):
        return orjson.Fragment(value.document)
    return DefaultJSONProvider.default(value)


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing compact responses and `dumps` without options."""

    default = staticmethod(_default)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # options asked for (the `tojson` filter, indentation): the standard encoder has them all
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=_fast_default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:  # what orjson does not write (an integer beyond 64 bits): as before
            return super().dumps(obj)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # indented for people reading it
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=_fast_default, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError:
            return super().response(obj)
        return self._app.response_class(body, mimetype=self.mimetype)
