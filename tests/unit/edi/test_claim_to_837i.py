import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from revcycle.claims import ClaimStatus, Frequency, StatusChange
from revcycle.claims.examples import example_claim, example_inpatient_claim, example_stay
from revcycle.claims.institutional import StayCharge, StayDiagnosis, build_institutional_claim
from revcycle.claims.institutional_model import Occurrence, OccurrenceSpan, ValueAmount
from revcycle.claims.lifecycle import correct, void
from revcycle.edi.claim_to_837i import write_837i
from revcycle.kernel.errors import RevcycleError
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services.x12_files import pyx12_errors
from revcycle.x12 import read_x12

SUBMITTER = Submitter("Springfield General Hospital", "HOSP01", "Billing Office", "2175550100")
RECEIVER = Receiver("Acme Health", "ACME01")
CREATED = dt.datetime(2026, 3, 10, 9, 30)
PAID_AT = dt.datetime(2026, 4, 1, 8, 0)


def segments(text: str) -> list[str]:
    return [segment.strip() for segment in text.split("~") if segment.strip()]


def claim_segments(text: str) -> list[str]:
    written = segments(text)
    return written[written.index(next(s for s in written if s.startswith("CLM"))) : -3]


def adjudicated(claim):
    return replace(claim, status=ClaimStatus.PAID, history=(StatusChange(ClaimStatus.PAID, PAID_AT),), id=1)


def test_inpatient_claim_is_a_pyx12_valid_837i_with_exact_claim_segments():
    # given a 3-day stay: 3 diagnoses with POA, 1 PCS procedure, 3 revenue lines
    claim = example_inpatient_claim()
    # when
    text = write_837i([claim], SUBMITTER, RECEIVER, 7, CREATED)
    # then pyx12 and our reader find nothing wrong
    assert pyx12_errors(text) == []
    assert read_x12(text, validate=True).problems == []
    assert "GS*HC*HOSP01*ACME01*20260310*0930*7*X*005010X223A2" in segments(text)
    assert "PRV*BI*PXC*282N00000X" in segments(text)
    # and the 2300 and 2400 loops are exactly
    assert claim_segments(text) == [
        "CLM*H1-1*6155***11:A:1**A*Y*Y",
        "DTP*096*TM*1100",
        "DTP*434*RD8*20260302-20260305",
        "DTP*435*DT*202603021400",
        "CL1*1*1*01",
        "REF*EA*MR4455",
        "HI*ABK:I5023:::::::Y",
        "HI*ABJ:R0600",
        "HI*ABF:N179:::::::N*ABF:E119:::::::Y",
        "HI*BBR:02HV33Z:D8:20260303",
        "NM1*71*1*WELBY*MARCUS****XX*1528000007",
        "PRV*AT*PXC*207R00000X",
        "NM1*72*1*GREY*MEREDITH****XX*1740000009",
        "LX*1",
        "SV2*0120**5550*DA*3",
        "DTP*472*RD8*20260302-20260305",
        "REF*6R*H1-1-1",
        "LX*2",
        "SV2*0250**420*UN*1",
        "DTP*472*D8*20260303",
        "REF*6R*H1-1-2",
        "LX*3",
        "SV2*0300*HC:80053*185*UN*1",
        "DTP*472*D8*20260302",
        "REF*6R*H1-1-3",
    ]


def test_written_837i_reads_back_field_by_field():
    # given an outpatient visit with every kind of NUBC code, a DRG-less bill and a non-covered line
    stay = example_stay(
        "H2-1", bill_type="13", statement_from=dt.date(2026, 3, 2), statement_to=dt.date(2026, 3, 2),
        admission_date=None, admission_hour=None, discharge_hour=None, admission_type="", admission_source="",
        admitting_diagnosis="", operating=None, reasons_for_visit=("R07.9",),
        diagnoses=(StayDiagnosis("R07.89"), StayDiagnosis("I10")), procedures=(),
        condition_codes=("39",), occurrences=(Occurrence("11", dt.date(2026, 3, 1)),),
        occurrence_spans=(OccurrenceSpan("74", dt.date(2026, 2, 20), dt.date(2026, 2, 22)),),
        value_amounts=(ValueAmount("A1", 25000),),
        charges=(StayCharge("0450", dt.date(2026, 3, 2), 1, "99284", ("25",), charge_cents=98000),
                 StayCharge("0730", dt.date(2026, 3, 2), 1, "93005", charge_cents=21000, non_covered_cents=5000)),
    )  # fmt: skip
    claim = build_institutional_claim(stay)
    # when written and read back
    text = write_837i([claim], SUBMITTER, RECEIVER, 8, CREATED)
    result = read_x12(text, validate=True)
    [read] = result.models("837i")[0].claims
    # then every field comes back
    assert pyx12_errors(text) == [] and result.problems == []
    assert (read.claim_id, read.charge, read.facility_type, read.frequency) == (
        "H2-1",
        Decimal(1190),
        "13",
        "1",
    )
    assert (read.statement_from, read.statement_to) == (dt.date(2026, 3, 2), dt.date(2026, 3, 2))
    assert (read.admission_type, read.admission_source, read.patient_status) == ("", "", "01")
    assert read.diagnoses == ["R0789", "I10"]
    assert read.codes == [["ABK", "R0789"], ["APR", "R079"], ["ABF", "I10"], ["BI", "74", "RD8", "20260220-20260222"],
                          ["BH", "11", "D8", "20260301"], ["BE", "A1", "", "", "250"], ["BG", "39"]]  # fmt: skip
    assert [(p.name.entity, p.name.id) for p in read.providers] == [("71", "1528000007")]
    er, ekg = read.service_lines
    assert (
        er.revenue_code,
        er.qualifier,
        er.procedure,
        er.modifiers,
        er.charge,
        er.units,
        er.unit_basis,
    ) == ("0450", "HC", "99284", ["25"], Decimal(980), Decimal(1), "UN")
    assert (ekg.revenue_code, ekg.procedure, ekg.charge, ekg.non_covered, ekg.service_date) == (
        "0730",
        "93005",
        Decimal(210),
        Decimal(50),
        dt.date(2026, 3, 2),
    )
    assert ekg.references == [("6R", "H2-1-2")]


def test_corrected_claim_is_type_of_bill_0117_with_the_payers_claim_number():
    # given the paid inpatient claim corrected (the pharmacy charge changed)
    original = adjudicated(example_inpatient_claim())
    changed = replace(original, lines=(original.lines[0], replace(original.lines[1], charge_cents=45000),
                                       original.lines[2]))  # fmt: skip
    _replaced, corrected = correct(original, changed, "2026091000123", PAID_AT)
    # when
    text = write_837i([corrected], SUBMITTER, RECEIVER, 9, CREATED)
    # then
    assert corrected.type_of_bill == "0117"
    assert pyx12_errors(text) == []
    written = claim_segments(text)
    assert written[0] == "CLM*H1-1V2*6185***11:A:7**A*Y*Y"
    assert [s for s in written if s.startswith("REF")][:2] == ["REF*F8*2026091000123", "REF*EA*MR4455"]
    assert "SV2*0250**450*UN*1" in written


def test_void_claim_is_type_of_bill_0118_with_the_same_content():
    # given the paid inpatient claim voided
    _voided, cancel = void(adjudicated(example_inpatient_claim()), "2026091000123", PAID_AT)
    # when
    text = write_837i([cancel], SUBMITTER, RECEIVER, 10, CREATED)
    [read] = read_x12(text, validate=True).models("837i")[0].claims
    # then
    assert cancel.type_of_bill == "0118"
    assert pyx12_errors(text) == []
    assert (read.claim_id, read.frequency, read.charge) == ("H1-1V2", "8", Decimal(6155))
    assert read.references[0] == ("F8", "2026091000123")
    assert cancel.frequency is Frequency.VOID


def test_a_professional_claim_is_refused_on_an_837i():
    # when / then
    with pytest.raises(RevcycleError, match="claim E1-1 is professional: it goes out on an 837P"):
        write_837i([example_claim()], SUBMITTER, RECEIVER, 11, CREATED)
