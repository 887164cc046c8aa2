"""Dates and times on pages: the shop's time zone, the reader's language, as Babel writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.dates import format_datetime
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boutique.i18n import localtime_filter
from boutique.models import LANGUAGES

STOCKHOLM = "Europe/Stockholm"
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("length", ["short", "medium", "long", "full"])
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read
@given(moment=MOMENTS)
def test_a_moment_reads_as_babel_writes_it_in_the_shops_time_zone(app: Flask, language, length, moment):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert localtime_filter(moment, length) == format_datetime(moment, length, tzinfo=STOCKHOLM, locale=language)


def test_the_hour_after_the_clocks_go_forward_is_summer_time(app: Flask):
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        assert localtime_filter(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == "2026-03-29 01:59"
        assert localtime_filter(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == "2026-03-29 03:00"
        assert localtime_filter(datetime(2026, 3, 29, 1, 0)) == "2026-03-29 03:00"  # naive: UTC
        assert localtime_filter(None) == ""
