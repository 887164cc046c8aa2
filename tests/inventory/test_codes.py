"""Item codes: RCN-13 construction, scanner/keyboard normalisation, check-digit refusal."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from boutique.errors import DomainError, InvalidCheckDigit, MalformedCode
from inventory.codes import ean13_check_digit, is_internal_code, make_item_code, normalise_code

# No example database on disk: the test run must leave the working tree as it found it.
property_test = settings(database=None, deadline=None, max_examples=200)

serials = st.integers(min_value=0, max_value=10**10 - 1)
two_digit_prefixes = st.from_regex(r"\A[0-9]{2}\Z")
# What scanners and keyboards put around the digits.
leading_noise = st.sampled_from(["", " ", "  ", "\t", "\n", "\x02", "]E0", "\x02]E0", " ]E0", "*", "\ufeff"])
trailing_noise = st.sampled_from(["", " ", "\r", "\n", "\r\n", "\t", "\x03", "\x03\r\n", "*", " \t\r\n"])


def _refusal_code(raw: str) -> str:
    """The error code normalise_code raises for `raw` (fails the test if it accepts it)."""
    with pytest.raises(DomainError) as caught:
        normalise_code(raw)
    return caught.value.code


# --------------------------------------------------------------------------- check digit


@pytest.mark.parametrize(
    ("first12", "check"),
    [("400638133393", "1"), ("590123412345", "7"), ("040000000001", "5"), ("000000000000", "0")],
)
def test_ean13_check_digit_matches_published_examples(first12: str, check: str) -> None:
    assert ean13_check_digit(first12) == check


@pytest.mark.parametrize("bad", ["", "12345678901", "1234567890123", "40063813339a", "４００６３８１３３３９３"])
def test_ean13_check_digit_refuses_anything_but_twelve_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        ean13_check_digit(bad)


# --------------------------------------------------------------------------- making codes


def test_make_item_code_pads_the_serial_between_prefix_and_check_digit() -> None:
    assert make_item_code(1) == "0400000000015"
    assert make_item_code(1234) == "0400000012346"
    assert make_item_code(1, prefix="02") == "0200000000011"


@property_test
@given(serial=serials, prefix=two_digit_prefixes)
def test_every_made_code_is_thirteen_digits_with_its_prefix_and_a_valid_check_digit(serial: int, prefix: str) -> None:
    code = make_item_code(serial, prefix=prefix)
    assert len(code) == 13 and code.isdigit()
    assert code.startswith(prefix)
    assert int(code[len(prefix) : 12]) == serial
    assert code[12] == ean13_check_digit(code[:12])


@pytest.mark.parametrize(
    ("serial", "prefix"),
    [(10**10, "04"), (-1, "04"), (1, ""), (1, "4a"), (1, "012345678901"), (True, "04"), (1.0, "04")],
)
def test_make_item_code_refuses_serials_that_do_not_fit_and_bad_prefixes(serial: object, prefix: str) -> None:
    with pytest.raises(ValueError):
        make_item_code(serial, prefix=prefix)  # type: ignore[arg-type]


def test_the_largest_serial_still_fits() -> None:
    assert make_item_code(10**10 - 1) == "04" + "9" * 10 + ean13_check_digit("04" + "9" * 10)


# --------------------------------------------------------------------------- normalising (properties)


@property_test
@given(serial=serials, prefix=two_digit_prefixes)
def test_every_made_code_normalises_to_itself(serial: int, prefix: str) -> None:
    code = make_item_code(serial, prefix=prefix)
    assert normalise_code(code) == code


@property_test
@given(serial=serials)
def test_the_upc_a_form_of_a_code_starting_with_zero_normalises_to_the_thirteen_digit_code(serial: int) -> None:
    code = make_item_code(serial)  # "04..." always starts with 0
    assert normalise_code(code[1:]) == code


@property_test
@given(body=st.from_regex(r"\A[0-9]{11}\Z"))
def test_any_valid_upc_a_gains_its_leading_zero(body: str) -> None:
    ean = "0" + body + ean13_check_digit("0" + body)
    assert normalise_code(ean[1:]) == ean


@property_test
@given(serial=serials, position=st.integers(min_value=0, max_value=12), delta=st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_of_a_valid_code_is_refused_as_a_wrong_check_digit(
    serial: int, position: int, delta: int
) -> None:
    code = make_item_code(serial)
    changed = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert _refusal_code(changed) == InvalidCheckDigit.code


@property_test
@given(serial=serials, before=leading_noise, after=trailing_noise, upc=st.booleans())
@example(serial=1, before="]E0", after="\r\n", upc=False)
@example(serial=1, before="\x02]E0", after="\x03", upc=True)
def test_scanner_prefixes_and_surrounding_whitespace_are_stripped(
    serial: int, before: str, after: str, upc: bool
) -> None:
    code = make_item_code(serial)
    scanned = code[1:] if upc else code
    assert normalise_code(before + scanned + after) == code


@property_test
@given(
    serial=serials,
    cuts=st.lists(st.integers(min_value=1, max_value=12), max_size=3),
    sep=st.sampled_from([" ", "-", "\u00a0"]),
)
def test_spaces_and_hyphens_typed_inside_a_code_are_ignored(serial: int, cuts: list[int], sep: str) -> None:
    code = make_item_code(serial)
    typed = code
    for cut in sorted(set(cuts), reverse=True):
        typed = typed[:cut] + sep + typed[cut:]
    assert normalise_code(typed) == code


# --------------------------------------------------------------------------- normalising (examples)


def test_an_ean8_manufacturer_code_is_accepted_as_is() -> None:
    assert normalise_code("96385074") == "96385074"
    assert normalise_code("]E496385074\r\n") == "96385074"


def test_an_ean8_with_a_wrong_check_digit_is_refused() -> None:
    assert _refusal_code("96385075") == InvalidCheckDigit.code


def test_a_wrong_check_digit_is_never_silently_fixed() -> None:
    assert _refusal_code("0400000000016") == InvalidCheckDigit.code
    assert _refusal_code("400000000016") == InvalidCheckDigit.code  # UPC-A form, same mistake


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\r\n",
        "]E0",
        "abc",
        "1234567",  # 7 digits
        "123456789",  # 9 digits
        "12345678901",  # 11 digits
        "04000000000150",  # 14 digits
        "0400000a00015",  # letter inside
        "0400000.000015",  # punctuation inside
        "04000000\x0000015",  # control character inside
        "٠٤٠٠٠٠٠٠٠٠٠١٥",  # Arabic-Indic digits are not what a scanner sends
        "0400000000015 0400000000015",  # two codes in one scan
    ],
)
def test_input_that_is_not_a_code_is_refused_as_malformed(raw: str) -> None:
    assert _refusal_code(raw) == MalformedCode.code


def test_refusals_are_domain_errors_the_api_reports_as_422() -> None:
    for raw, error in (("x", MalformedCode), ("0400000000016", InvalidCheckDigit)):
        with pytest.raises(error) as caught:
            normalise_code(raw)
        assert isinstance(caught.value, DomainError)
        assert caught.value.status == 422


# --------------------------------------------------------------------------- internal or manufacturer


def test_our_codes_are_internal_and_manufacturer_codes_are_not() -> None:
    assert is_internal_code(make_item_code(42))
    assert not is_internal_code("4006381333931")  # a manufacturer's EAN-13
    assert not is_internal_code("96385074")  # EAN-8
    assert not is_internal_code("040000000001")  # 12 digits: not normalised


def test_the_internal_prefix_is_configurable() -> None:
    code = make_item_code(42, prefix="02")
    assert is_internal_code(code, prefix="02")
    assert not is_internal_code(code)
