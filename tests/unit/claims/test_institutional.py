from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from revcycle.claims import ClaimKind, ClaimStatus, Frequency, StatusChange
from revcycle.claims.corrections import ClaimChanges, LineEdit, NewLine, apply_changes
from revcycle.claims.examples import (
    EXAMPLE_CHARGE_MASTER,
    example_claim,
    example_inpatient_claim,
    example_stay,
)
from revcycle.claims.institutional import ChargeMaster, StayCharge, StayDiagnosis, build_institutional_claim
from revcycle.claims.institutional_model import InstitutionalDetails, PcsProcedure
from revcycle.claims.lifecycle import correct
from revcycle.claims.nubc import revenue_code_label
from revcycle.claims.serialize import claim_from_dict, claim_to_dict
from revcycle.kernel.errors import RevcycleError

DAY = date(2026, 3, 2)
PAID_AT = datetime(2026, 4, 1, 8, 0)


def details(**changes):
    values = {
        "bill_type": "11",
        "statement_from": DAY,
        "statement_to": date(2026, 3, 5),
        "patient_status": "01",
    }
    return InstitutionalDetails(**{**values, **changes})


def test_the_example_stay_builds_an_inpatient_claim_in_revenue_code_order():
    # when
    claim = example_inpatient_claim()
    # then
    assert (claim.kind, claim.type_of_bill, claim.diagnoses) == (
        ClaimKind.INSTITUTIONAL,
        "0111",
        ("I50.23", "N17.9", "E11.9"),
    )
    assert claim.institutional.present_on_admission == ("Y", "N", "Y")
    assert [(line.line_number, line.revenue_code, line.procedure_code, line.units, line.charge_cents,
             line.charge_source, line.diagnosis_pointers) for line in claim.lines] == [
        (1, "0120", "", 3, 555000, "stay", ()), (2, "0250", "", 1, 42000, "stay", ()),
        (3, "0300", "80053", 1, 18500, "charge_master", ())]  # fmt: skip
    assert claim.total_charge_cents == 615500
    assert (claim.institutional.is_inpatient, claim.institutional.requires_poa) == (True, True)


def test_an_institutional_claim_round_trips_through_its_json_document():
    # given a claim using every institutional field
    claim = example_inpatient_claim()
    # when / then
    assert claim_from_dict(claim_to_dict(claim)) == claim
    assert claim_from_dict(claim_to_dict(example_claim())).kind is ClaimKind.PROFESSIONAL


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bill_type": "91"}, "facility type 9 is not one of 1, 2, 3, 4, 6, 7, 8"),
        ({"bill_type": "19"}, "bill classification 9 is not one of 1, 2, 3, 4, 5, 6, 8"),
        ({"bill_type": "111"}, "bill type '111': the facility type and classification digits"),
        ({"admission_type": "6"}, "admission type '6' is not a NUBC code"),
        ({"admission_source": "3"}, "point of origin (admission source) '3' is not a NUBC code"),
        ({"patient_status": "10"}, "patient status '10' is not a NUBC code"),
        (
            {"present_on_admission": ("Y", "X")},
            "POA indicator 'X' of a diagnosis must be one of Y, N, U, W, 1",
        ),
        ({"admission_hour": 24}, "admission hour 24 must be 0-23"),
        ({"condition_codes": ("7",)}, "condition code '7' must be 2 letters or digits"),
        ({"drg": "29"}, "DRG '29' must be 3 digits"),
        (
            {"statement_to": date(2026, 3, 1)},
            "statement period 2026-03-02 to 2026-03-01: the first day is after",
        ),
    ],
)
def test_institutional_values_are_checked_as_they_are_built(changes, message):
    # when / then
    with pytest.raises(RevcycleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        details(**changes)


def test_pcs_codes_are_seven_characters():
    with pytest.raises(
        RevcycleError, match="ICD-10-PCS code '02HV33' must be 7 upper-case letters or digits"
    ):
        PcsProcedure("02HV33", DAY)


def test_a_claim_kind_needs_its_details_and_only_institutional_claims_have_them():
    # when / then
    with pytest.raises(
        RevcycleError, match="an institutional claim \\(and only one\\) has institutional details"
    ):
        replace(example_claim(), institutional=details())
    with pytest.raises(RevcycleError, match="an institutional claim"):
        replace(example_inpatient_claim(), institutional=None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"charges": (StayCharge("450", DAY, charge_cents=100),)}, "charge 1: revenue code '450' must be 4 digits"),
        ({"charges": (StayCharge("0450", DAY, 1, "9928", charge_cents=100),)}, "charge 1: HCPCS '9928' must be 5"),
        ({"charges": (StayCharge("0450", DAY, 1, "99284"),)},
         "charge 1: revenue code 0450 with HCPCS 99284 is not in the charge master; give its charge"),
        ({"charges": (StayCharge("0450", DAY, 1, "99284", charge_cents=100, non_covered_cents=101),)},
         "charge 1: the non-covered charge must be 0 to the line's charge"),
        ({"charges": (StayCharge("0250", DAY, 1, "", ("25",), charge_cents=100),)}, "charge 1: modifiers need a HCPCS"),
        ({"diagnoses": (StayDiagnosis("I50.23", "Y"), StayDiagnosis("I5023", "Y"))}, "diagnosis I50.23 is listed twice"),
        ({"diagnoses": (StayDiagnosis("I50.23", "Q"),)}, "POA indicator 'Q' of I50.23 must be one of"),
        ({"diagnoses": ()}, "an institutional claim has 1 to 25 diagnoses, got 0"),
        ({"frequency": Frequency.CORRECTED}, "claim H1-1: frequency 7 comes from correcting or voiding a claim"),
    ],
)  # fmt: skip
def test_the_builder_refuses_what_is_wrong_naming_it(changes, message):
    # when / then
    with pytest.raises(RevcycleError, match=message):
        build_institutional_claim(example_stay(**changes), EXAMPLE_CHARGE_MASTER)


def test_the_charge_master_prices_units_and_reads_its_csv():
    # given the example hospital charge master
    charge_master = ChargeMaster.from_csv(
        Path(__file__).resolve().parents[3] / "examples/hospital/charge_master.csv"
    )
    # when a stay bills 4 pharmacy units and a lab test without charges
    charges = (StayCharge("0250", DAY, 4), StayCharge("0300", DAY, 1, "85025"))
    claim = build_institutional_claim(example_stay(charges=charges), charge_master)
    # then
    assert len(charge_master.entries) == 14
    assert [(line.revenue_code, line.charge_cents) for line in claim.lines] == [
        ("0250", 38000),
        ("0300", 7200),
    ]
    assert revenue_code_label("0450") == "Emergency Room ER"
    assert revenue_code_label("0099") == "revenue code 0099"


def test_a_bad_charge_master_row_is_named(tmp_path):
    # given a CSV with a bad charge on its second data row
    path = tmp_path / "cm.csv"
    path.write_text("revenue_code,hcpcs,description,charge\n0250,,Pharmacy,95.00\n0300,80053,CMP,abc\n")
    # when / then
    with pytest.raises(RevcycleError, match="cm.csv row 3: charge 'abc' is not an amount"):
        ChargeMaster.from_csv(path)


def test_a_corrected_institutional_claim_changes_a_diagnosis_with_its_poa_and_adds_a_revenue_line():
    # given the paid inpatient claim
    original = replace(example_inpatient_claim(), status=ClaimStatus.PAID,
                       history=(StatusChange(ClaimStatus.PAID, PAID_AT),), id=1)  # fmt: skip
    # when a diagnosis is replaced (POA with it), the pharmacy charge edited and an EKG added
    changes = ClaimChanges(diagnoses=("I50.23", "N17.0", "E11.9"), present_on_admission=("Y", "Y", "Y"),
                           line_edits=(LineEdit(2, charge_cents=45000),),
                           added_lines=(NewLine("93005", 21000, revenue_code="0730"),))  # fmt: skip
    _replaced, corrected = correct(original, apply_changes(original, changes), "2026091000123", PAID_AT)
    # then
    assert (corrected.type_of_bill, corrected.claim_id, corrected.diagnoses) == (
        "0117",
        "H1-1V2",
        ("I50.23", "N17.0", "E11.9"),
    )
    assert corrected.institutional.present_on_admission == ("Y", "Y", "Y")
    assert [(line.revenue_code, line.procedure_code, line.charge_cents) for line in corrected.lines] == [
        ("0120", "", 555000),
        ("0250", "", 45000),
        ("0300", "80053", 18500),
        ("0730", "93005", 21000),
    ]
    # and new diagnoses without their POA are refused
    with pytest.raises(RevcycleError, match="claim H1-1: give one POA indicator per diagnosis \\(2\\)"):
        apply_changes(original, ClaimChanges(diagnoses=("I50.23", "N17.0")))
