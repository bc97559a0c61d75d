"""Search normalisation: name keys, one search box read as a name, a birth date, an account or a member id."""

from datetime import date

import pytest

from revcycle.kernel.errors import RevcycleError
from revcycle.practice.patient_search import (
    NameMatch,
    PatientQuery,
    PatientSort,
    account_number_for,
    is_account_number,
    member_key,
    name_key,
    name_matches,
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Núñez", "nunez"), ("NUNEZ", "nunez"), ("O'Brien-Smith", "obriensmith"), ("De La Cruz", "delacruz"),
     ("Zoë", "zoe"), ("Søren", "soren"), ("Straße", "strasse"), ("  ", "")],
)  # fmt: skip
def test_a_name_key_drops_accents_case_spaces_and_punctuation(typed, key):
    # when the name is keyed / then accents, case and punctuation are gone
    assert name_key(typed) == key


def test_last_comma_first_is_one_match_of_both_prefixes():
    # when the desk types "núñez, ma"
    # then the last name starts "nunez" and the first "ma"
    assert name_matches("núñez, ma") == (NameMatch("nunez", "ma"),)


def test_two_words_without_a_comma_match_either_way_round_or_as_one_name():
    # when the desk types "maria nunez"
    matches = name_matches("maria nunez")
    # then the words are tried as one name, last+first and first+last
    assert matches == (
        NameMatch(last="marianunez"), NameMatch(first="marianunez"),
        NameMatch("maria", "nunez"), NameMatch("nunez", "maria"),
    )  # fmt: skip


def test_the_account_number_is_seven_digits_of_the_id_and_a_luhn_check_digit():
    # given patient 12 / when it gets its account number
    account = account_number_for(12)
    # then it is 0000012 and the check digit 5, and a mistyped digit is no account number
    assert account == "00000125"
    assert is_account_number("00000125") is True
    assert is_account_number("00000135") is False


def test_one_search_box_reads_a_date_as_a_birth_date():
    # when the box holds 04/02/1990 / then the query is the birth date
    assert PatientQuery.from_text("04/02/1990") == PatientQuery(birth_date=date(1990, 4, 2))


def test_one_search_box_reads_an_account_number_then_a_member_id_then_a_name():
    # when the box holds an account number, a member id and a name
    account = PatientQuery.from_text(" 00000125 ")
    member = PatientQuery.from_text("w12-345 67")
    name = PatientQuery.from_text("Núñez", sort="dob")
    # then each is read for what it is
    assert account == PatientQuery(account_number="00000125")
    assert member == PatientQuery(member_id="W1234567")
    assert name.names[0] == NameMatch(last="nunez") and name.sort is PatientSort.BIRTH_DATE


def test_a_member_id_is_compared_upper_case_without_spaces_or_dashes():
    assert member_key(" ab-12 3c ") == "AB123C"


def test_an_unknown_sort_is_refused_with_the_choices():
    # when the sort is not one of the four / then the error lists them
    with pytest.raises(RevcycleError, match="sort 'age': one of name, dob, account, newest"):
        PatientQuery.build(sort="age")


def test_a_birth_date_that_is_not_a_date_is_refused():
    with pytest.raises(RevcycleError, match=r"birth date '1990-13-40': YYYY-MM-DD or MM/DD/YYYY"):
        PatientQuery.build(birth_date="1990-13-40")


def test_a_patient_keeps_a_phone_as_ten_digits_and_refuses_a_short_one():
    from revcycle.practice.organization import Address
    from revcycle.practice.patients import Patient

    home = Address("1 Main St", "Springfield", "IL", "62701")
    # when registered with a formatted phone and an e-mail with an upper-case domain
    patient = Patient(
        "Ana", "Roe", date(1990, 4, 2), "F", home, phone="+1 (555) 201-0147", email="ana.roe@Example.ORG"
    )
    # then the phone is its ten digits and the domain lower case
    assert (patient.phone, patient.email) == ("5552010147", "ana.roe@example.org")
    with pytest.raises(RevcycleError, match="phone: a 10-digit US number"):
        Patient("Ana", "Roe", date(1990, 4, 2), "F", home, phone="201-0147")
    with pytest.raises(RevcycleError, match="e-mail: name@domain.tld"):
        Patient("Ana", "Roe", date(1990, 4, 2), "F", home, email="ana.roe")
