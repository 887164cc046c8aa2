"""orjson writes the app's JSON: the documents Flask's own encoder wrote, and JSON columns read back as written."""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import jsonify
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext
from sqlalchemy import select

from boutique.db import db
from boutique.jsonio import FastJSONProvider
from boutique.models import Event, record_event


@dataclass
class Point:
    x: int
    label: str


def values() -> dict[str, Any]:
    """Everything an answer may hold: what Flask converts, and text no ASCII encoder writes as it is."""
    return {
        "text": "Åsa's “fina” kofta\n\t\\ / </script>", "money": 12345, "ratio": 0.25, "none": None,
        "nested": {"b": [1, 2, {"z": True, "a": False}], "a": []},
        "when": datetime(2026, 11, 24, 17, 5, 3, 120000, tzinfo=UTC), "day": date(2026, 11, 24),
        "amount": Decimal("12.50"), "id": uuid.UUID(int=7), "point": Point(3, "ö"),
        "lazy": lazy_gettext("Sold"),
    }


def test_an_answer_holds_what_flask_s_own_encoder_wrote(app):
    with app.test_request_context():
        fast = jsonify(values())
        standard = DefaultJSONProvider(app).response(values())
    assert isinstance(app.json, FastJSONProvider)
    assert fast.mimetype == standard.mimetype == "application/json"
    assert json.loads(fast.data) == json.loads(standard.data)
    # The same keys in the same (sorted) order, dates as Flask writes them (an HTTP date).
    assert list(json.loads(fast.data)) == list(json.loads(standard.data))
    assert json.loads(fast.data)["when"] == "Tue, 24 Nov 2026 17:05:03 GMT"
    assert "Åsa" in fast.get_data(as_text=True)  # UTF-8, not \u escapes: the same JSON to any reader


def test_what_orjson_cannot_write_is_written_as_before(app):
    huge = {"count": 2**70, "text": "ö"}
    with app.test_request_context():
        assert json.loads(jsonify(huge).data) == json.loads(DefaultJSONProvider(app).response(huge).data) == huge
        assert json.loads(app.json.dumps(huge)) == huge


def test_answers_are_compact_utf8_with_sorted_keys_and_indented_in_debug(app):
    document = {"b": [1, 2], "a": "ö"}
    with app.test_request_context():
        compact = jsonify(document).get_data(as_text=True)
        app.json.compact = False  # what debug mode asks for: the standard encoder, indented
        try:
            indented = jsonify(document).get_data(as_text=True)
        finally:
            app.json.compact = None
    assert compact == '{"a":"ö","b":[1,2]}\n'
    assert json.loads(indented) == document and "\n  " in indented


def test_json_columns_read_back_what_was_written_and_refuse_what_is_not_json(app, cashier):
    data = {"text": "Åsa \"fina\" \\ kofta", "big": 2**53 + 1, "small": -0.5, "list": [None, True, {"k": []}]}
    record_event("test.json", "item", 1, cashier, **data)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalars(select(Event.data).where(Event.kind == "test.json")).one()
    assert stored == data
    record_event("test.nan", "item", 1, cashier, ratio=math.nan)
    with pytest.raises(Exception, match="JSON compliant|Out of range float"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(select(Event.id).where(Event.kind == "test.nan")).all() == []
