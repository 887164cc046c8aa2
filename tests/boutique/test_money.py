"""Money is int öre in, formatted once out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from boutique.errors import ValidationFailed
from boutique.models import LANGUAGES
from boutique.money import format_ore, parse_ore, swish_amount


@pytest.mark.parametrize("text, ore", [("149", 14900), ("149,50", 14950), ("149.5", 14950), (" 1 149 kr ", 114900),
                                       ("0", 0), ("0,05", 5)])
def test_kronor_typed_by_a_person_become_ore(text, ore):
    assert parse_ore(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,234", "12e3", "NaN", "1.2.3"])
def test_anything_else_is_refused_with_a_message(text):
    with pytest.raises(ValidationFailed):
        parse_ore(text)


def test_format_drops_decimals_for_whole_kronor():
    assert format_ore(14900) == "149\u00a0kr"
    assert format_ore(14950) == "149,50\u00a0kr"
    assert format_ore(123456700) == "1\u00a0234\u00a0567\u00a0kr"
    assert format_ore(14950, locale="en") == "149.50\u00a0kr"


def test_swish_amounts_have_two_decimals_and_a_comma():
    assert swish_amount(14900) == "149,00"
    assert swish_amount(5) == "0,05"


@given(st.integers(min_value=0, max_value=999_999_999))
def test_formatting_then_parsing_gives_the_same_ore(ore):
    assert parse_ore(format_ore(ore)) == ore


@pytest.mark.parametrize("locale", [*LANGUAGES, "sv_SE", "de", "fr", "uk"])
@given(ore=st.integers(min_value=-10**12, max_value=10**12) | st.sampled_from([0, -1, -50, -100, 5, 99, 100, 101]))
def test_amounts_read_as_babel_writes_them_in_every_language(locale, ore):
    pattern = "#,##0" if ore % 100 == 0 else "#,##0.00"
    assert format_ore(ore, locale=locale) == f"{format_decimal(Decimal(ore) / 100, format=pattern, locale=locale)}\u00a0kr"
