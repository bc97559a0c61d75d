from dataclasses import replace
from datetime import date

from revcycle.claims import ClaimSubscriber
from revcycle.claims.examples import BILLING, EXAMPLE_TODAY, PATIENT, REFERRING, example_claim, example_line
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def found(claim, family):
    return [(f.code, f.location) for f in scrub_claim(claim, CONTEXT, only=[family]).findings]


def test_npi_check_digit_on_every_provider():
    # given a billing NPI with a wrong check digit and a referring NPI one digit short
    claim = example_claim(billing=replace(BILLING, npi="1234567890"), referring=replace(REFERRING, npi="145678901"))
    # then
    result = scrub_claim(claim, CONTEXT, only=["identifiers"])
    assert [(f.code, f.location) for f in result.findings] == [("invalid_npi", "billing.npi"), ("invalid_npi", "referring.npi")]
    assert result.findings[0].message == "the billing NPI '1234567890' fails the NPI check digit (Luhn with prefix 80840)"


def test_tin_format():
    # given an EIN with a never-issued prefix, and one with too few digits
    assert found(example_claim(billing=replace(BILLING, tin="07-1234567")), "identifiers") == [("invalid_tin", "billing.tin")]
    assert found(example_claim(billing=replace(BILLING, tin="12-345678")), "identifiers") == [("invalid_tin", "billing.tin")]
    # and an SSN-format TIN is accepted
    assert found(example_claim(billing=replace(BILLING, tin="123-45-6789")), "identifiers") == []


def test_service_date_in_the_future():
    lines = (example_line(1, "99214", 15000, (1, 2), dos=date(2026, 3, 11)),)
    assert found(example_claim(lines=lines), "dates") == [("service_date_in_future", "line 1")]


def test_service_before_birth():
    patient = replace(PATIENT, birth_date=date(2026, 3, 5))
    assert found(example_claim(patient=patient), "dates") == [
        ("service_before_birth", "line 1"), ("service_before_birth", "line 2"), ("service_before_birth", "line 3")]


def test_service_dates_reversed():
    line = replace(example_line(1, "99214", 15000, (1, 2)), service_date_to=date(2026, 3, 1))
    assert found(example_claim(lines=(line,)), "dates") == [("service_dates_reversed", "line 1")]


def test_dates_of_service_within_coverage():
    # given coverage that started after the visit, then one that ended before it
    late = ClaimSubscriber("XYZ123456789", PATIENT, "GRP100", date(2026, 3, 3), None)
    ended = ClaimSubscriber("XYZ123456789", PATIENT, "GRP100", date(2025, 1, 1), date(2026, 2, 28))
    one_line = (example_line(1, "99214", 15000, (1, 2)),)
    # then
    assert found(example_claim(subscriber=late, lines=one_line), "dates") == [("before_coverage", "line 1")]
    assert found(example_claim(subscriber=ended, lines=one_line), "dates") == [("after_coverage", "line 1")]
    # and the last day of coverage is still covered (inclusive)
    last_day = replace(ended, coverage_to=date(2026, 3, 2))
    assert found(example_claim(subscriber=last_day, lines=one_line), "dates") == []
