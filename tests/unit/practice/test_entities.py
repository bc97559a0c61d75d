from datetime import date

import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import (
    Address,
    BillingProvider,
    ClaimFilingIndicator,
    Coverage,
    CoverageOrder,
    Encounter,
    Guarantor,
    Patient,
    Payer,
    Permission,
    Person,
    Relationship,
    Role,
    ServiceLine,
    User,
    coverages_in_force,
    ensure_coverage_in_force,
)

ADDRESS = Address("1 Main St", "Springfield", "IL", "62701")


def _coverage(order=CoverageOrder.PRIMARY, start=date(2026, 1, 1), end=None, payer_id=1):
    return Coverage(
        patient_id=1, payer_id=payer_id, member_id="M1", order=order, effective_from=start, effective_to=end
    )


def test_billing_provider_normalises_its_identifiers():
    # given a TIN typed with a dash and a lower-case taxonomy
    org = BillingProvider("Springfield Clinic", "1234567893", "12-3456789", "207q00000x", ADDRESS)
    # then they are stored normalised
    assert (org.npi, org.tin, org.taxonomy) == ("1234567893", "123456789", "207Q00000X")


def test_billing_provider_with_bad_npi_cannot_be_built():
    with pytest.raises(RevcycleError) as raised:
        BillingProvider("Springfield Clinic", "1234567890", "12-3456789", "207Q00000X", ADDRESS)
    assert raised.value.code is ErrorCode.INVALID_NPI


def test_address_checks_state_and_zip():
    with pytest.raises(RevcycleError, match="ZIP"):
        Address("1 Main St", "Springfield", "IL", "6270")
    with pytest.raises(RevcycleError, match="state"):
        Address("1 Main St", "Springfield", "Il", "62701")


def test_payer_parses_the_filing_indicator_and_rejects_unknown_ones():
    assert Payer("87726", "Acme Health", "CI").claim_filing_indicator is ClaimFilingIndicator.COMMERCIAL
    with pytest.raises(RevcycleError) as raised:
        Payer("87726", "Acme Health", "XX")
    assert raised.value.code is ErrorCode.VALIDATION
    assert "claim filing indicator" in raised.value.message


def test_guarantor_other_than_self_needs_a_person():
    with pytest.raises(RevcycleError):
        Guarantor(Relationship.PARENT)
    parent = Guarantor(Relationship.PARENT, Person("Ann", "Doe"))
    patient = Patient("Tim", "Doe", date(2015, 3, 2), "M", ADDRESS, parent)
    assert patient.guarantor.person.first_name == "Ann"


def test_coverage_covers_its_dates_inclusive():
    # given a coverage for calendar 2026
    coverage = _coverage(end=date(2026, 12, 31))
    # then both ends are in force and the days around are not
    assert [
        coverage.covers(d)
        for d in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1))
    ] == [
        False,
        True,
        True,
        False,
    ]


def test_coverage_out_of_force_raises_a_typed_error():
    coverage = _coverage(start=date(2026, 1, 1), end=date(2026, 6, 30))
    with pytest.raises(RevcycleError) as raised:
        ensure_coverage_in_force(coverage, date(2026, 7, 1))
    assert raised.value.code is ErrorCode.COVERAGE_NOT_IN_FORCE
    assert "2026-07-01" in raised.value.message


def test_coverages_in_force_are_ordered_primary_first():
    secondary = _coverage(order=CoverageOrder.SECONDARY, payer_id=2)
    primary = _coverage(payer_id=1)
    ended = _coverage(order=CoverageOrder.TERTIARY, end=date(2026, 1, 31), payer_id=3)
    assert [c.payer_id for c in coverages_in_force([secondary, ended, primary], date(2026, 5, 1))] == [1, 2]


def test_coverage_ending_before_it_starts_is_rejected():
    with pytest.raises(RevcycleError, match="ends before"):
        _coverage(start=date(2026, 5, 1), end=date(2026, 4, 30))


def test_negative_or_zero_charge_is_rejected():
    for cents in (-15000, 0):
        with pytest.raises(RevcycleError) as raised:
            ServiceLine(1, "99213", cents)
        assert raised.value.code is ErrorCode.INVALID_AMOUNT


def test_encounter_totals_its_lines_and_checks_pointers():
    lines = (ServiceLine(1, "99213", 15000), ServiceLine(2, "36415", 2500, diagnosis_pointers=(1, 2)))
    encounter = Encounter(1, date(2026, 3, 4), "11", 1, 1, ("E11.9", "I10"), lines)
    assert encounter.total_charge_cents == 17500
    with pytest.raises(RevcycleError, match="points past"):
        Encounter(1, date(2026, 3, 4), "11", 1, 1, ("E11.9",), lines)


def test_roles_grant_permissions():
    biller = User("bea", Role.BILLER)
    auditor = User("al", "auditor")
    assert biller.can(Permission.POST_LEDGER) and not biller.can(Permission.ADJUST_LEDGER)
    assert not auditor.can(Permission.EDIT_PATIENTS)
    with pytest.raises(RevcycleError) as raised:
        auditor.require(Permission.POST_LEDGER)
    assert raised.value.code is ErrorCode.FORBIDDEN
    assert not User("gone", Role.ADMIN, active=False).can(Permission.READ_PATIENTS)


def test_unknown_role_is_a_validation_error():
    with pytest.raises(RevcycleError, match="role must be one of coder, biller"):
        User("zed", "janitor")


def test_repr_of_patient_data_carries_no_phi():
    # given a patient, a coverage and an encounter full of identifying details
    guarantor = Guarantor(Relationship.PARENT, Person("Ann", "Zulu", date(1961, 7, 8)))
    patient = Patient("Zed", "Zulu", date(1990, 2, 3), "M", ADDRESS, guarantor, id=4)
    coverage = Coverage(4, 1, "MBR9X", CoverageOrder.PRIMARY, date(2026, 1, 1), group_number="GRP77")
    encounter = Encounter(
        4, date(2026, 3, 4), "11", 1, 1, ("E11.9",), (ServiceLine(1, "99213", 100),), note_text="has diabetes"
    )
    # when they are printed (a log line, a traceback)
    printed = " ".join(repr(thing) for thing in (patient, coverage, encounter))
    # then names, birth dates, the address, member and group ids, diagnoses and the note stay out
    leaked = ["Zed", "Zulu", "Ann", "1990", "1961", "Elm", "Main St", "MBR9X", "GRP77", "E11.9", "diabetes"]
    assert [value for value in leaked if value in printed] == []
    assert "id=4" in printed
