"""Inpatient coding rules: POA indicators per diagnosis (exempt list), principal diagnosis (UHDDS,
MCE), code validity on the discharge date."""

from __future__ import annotations

from datetime import date

from revcycle.drg.checks import stay_findings
from revcycle.drg.poa import check_poa, exempt_category
from revcycle.drg.principal import principal_findings
from revcycle.drg.stay import Diagnosis, Stay

DISCHARGE = date(2026, 5, 2)


def test_poa_is_required_on_a_code_that_is_not_exempt():
    # when / then
    assert [f.code for f in check_poa("N17.9", None, "sdx[0]")] == ["poa_missing"]
    assert [f.code for f in check_poa("N17.9", "X", "sdx[0]")] == ["invalid_poa"]
    assert check_poa("N17.9", "w", "sdx[0]") == []


def test_an_exempt_code_takes_1_or_blank_and_a_value_is_only_noted():
    # when / then
    assert exempt_category("Z79.01") == "Z79 Long term (current) drug therapy"
    assert exempt_category("I25.2") == "I252 Old myocardial infarction"
    assert exempt_category("I25.10") is None
    assert check_poa("Z79.01", "1", "sdx[1]") == []
    assert check_poa("Z79.01", None, "sdx[1]") == []
    assert [(f.code, f.severity.value) for f in check_poa("Z79.01", "Y", "sdx[1]")] == [
        ("poa_on_exempt_code", "info")
    ]


def test_exempt_reported_on_a_code_not_in_the_list_held_is_a_warning():
    # when
    findings = check_poa("E11.9", "1", "sdx[2]")
    # then
    assert [(f.code, f.severity.value, f.location) for f in findings] == [
        ("poa_exempt_unlisted", "warning", "sdx[2]")
    ]


def test_a_manifestation_code_cannot_be_principal():
    # when
    findings = principal_findings("F02.80", ["G30.9"], DISCHARGE)
    # then
    assert [(f.code, f.location) for f in findings] == [("manifestation_as_principal", "pdx")]
    assert findings[0].hint.startswith("Guidelines I.A.13")


def test_an_external_cause_and_an_unacceptable_z_code_are_refused_as_principal():
    # when
    external = principal_findings("V00.01XA", [], DISCHARGE)
    z_code = principal_findings("Z37.0", [], DISCHARGE)
    # then
    assert [f.code for f in external] == ["external_cause_as_principal"]
    assert external[0].hint.startswith("Guidelines I.C.20")
    assert [f.code for f in z_code] == ["unacceptable_principal"]
    assert z_code[0].message == (
        "Z37.0 is a Z code not acceptable as the principal diagnosis of an inpatient stay "
        "[MCE v43 (FY2026) unacceptable principal diagnosis]"
    )


def test_z51_89_needs_a_secondary_diagnosis():
    # when / then
    assert [f.code for f in principal_findings("Z51.89", [], DISCHARGE)] == ["requires_secondary_diagnosis"]
    assert principal_findings("Z51.89", ["C34.90"], DISCHARGE) == []


def test_questionable_admission_and_duplicates_are_warnings():
    # when
    findings = principal_findings("E11.9", ["E11.9"], DISCHARGE)
    # then
    assert [(f.code, f.severity.value, f.location) for f in findings] == [
        ("questionable_admission", "warning", "pdx"),
        ("duplicate_of_principal", "warning", "sdx[0]"),
    ]


def test_a_stay_collects_validity_poa_principal_and_procedure_findings():
    # given
    stay = Stay(
        70,
        "M",
        "01",
        DISCHARGE,
        Diagnosis("Z00.00", "1"),
        (Diagnosis("I50.2", "Y"), Diagnosis("N17.9")),
        ("0SR9XJ9", "0SR20JZ"),
    )
    # when
    findings = stay_findings(stay)
    # then
    assert [(f.code, f.location) for f in findings] == [
        ("not_billable", "I50.2"),
        ("invalid_axis_value", "0SR9XJ9"),
        ("poa_missing", "sdx[1]"),
        ("unacceptable_principal", "pdx"),
        ("non_covered_procedure", "0SR20JZ"),
    ]
