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
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)

# SQLAlchemy engine options: how every engine's dialect reads and writes JSON columns
# (on PostgreSQL, psycopg's loader for json and jsonb is set to the same function).
ENGINE_JSON_OPTIONS: dict[str, Any] = {
    "json_deserializer": orjson.loads,
    "json_serializer": functools.partial(json.dumps, allow_nan=False),
}


# What Flask's `response` passes to `dumps` for a compact answer: orjson writes that too.
_COMPACT = {"separators": (",", ":")}


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing compact output: `dumps` without options, compact responses."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs and kwargs != _COMPACT:  # other options (the `tojson` filter, indentation): the standard encoder
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=DefaultJSONProvider.default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:  # what orjson does not write (an integer beyond 64 bits): as before
            return super().dumps(obj, **kwargs)
