import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import npi_is_valid, validate_npi, validate_taxonomy, validate_tin
from revcycle.practice.identifiers import luhn_is_valid


def test_npi_check_digit_uses_the_80840_prefix():
    # given the CMS example NPI 123456789 with check digit 3
    # when checked / then only the right check digit passes
    assert npi_is_valid("1234567893") is True
    assert [d for d in "0123456789" if npi_is_valid("123456789" + d)] == ["3"]


def test_npi_without_the_prefix_would_give_another_check_digit():
    # given the plain Luhn check over the 10 digits (without 80840)
    # then the NPI check digit differs: the prefix matters
    assert luhn_is_valid("1234567893") is False
    assert luhn_is_valid("808401234567893") is True


@pytest.mark.parametrize(
    "bad", ["1234567890", "123456789", "12345678931", "12345678a3", "", "１２３４５６７８９３"]
)
def test_invalid_npis_are_rejected_with_a_message(bad):
    with pytest.raises(RevcycleError) as raised:
        validate_npi(bad)
    assert raised.value.code is ErrorCode.INVALID_NPI
    assert "Luhn" in raised.value.message


def test_validate_npi_strips_blanks():
    assert validate_npi(" 1234567893 ") == "1234567893"


def test_tin_accepts_ein_and_ssn_forms_and_normalises_to_nine_digits():
    assert validate_tin("12-3456789") == "123456789"
    assert validate_tin("123456789") == "123456789"
    assert validate_tin("123-45-6789") == "123456789"


@pytest.mark.parametrize(
    "bad", ["12-345678", "1234567890", "00-1234567", "07-1234567", "666-12-3456", "900-12-3456", "12 3456789"]
)
def test_malformed_or_unissuable_tins_are_rejected(bad):
    with pytest.raises(RevcycleError) as raised:
        validate_tin(bad)
    assert raised.value.code is ErrorCode.INVALID_TIN


def test_taxonomy_codes_are_ten_characters_ending_in_x():
    assert validate_taxonomy("207q00000x") == "207Q00000X"
    with pytest.raises(RevcycleError) as raised:
        validate_taxonomy("207Q00000")
    assert raised.value.code is ErrorCode.VALIDATION
