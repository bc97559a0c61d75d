"""I/OCE edits on outpatient facility claims (scrub.edits_ioce), with real codes from the corpus's I/OCE files
(cms/hcpcs_level2_ioce_history_2019Q3_2026Q2.csv, cms/ncci_ptp_hospital_outpatient_ioce_v27.1.0_2026Q2.csv.gz).
Lines are ordered by revenue code when the claim is built."""

from dataclasses import replace
from datetime import date

from test_scrub_institutional import CONTEXT, DAY, stay_claim

from revcycle.claims.institutional import StayCharge, StayDiagnosis
from revcycle.codesets import ioce
from revcycle.kernel.findings import Severity
from revcycle.scrub import scrub_claim


def visit(*charges, on=DAY):
    """An 0131 outpatient visit on `on` (2026-03-02 unless given) with these charges, $10.00 each."""
    lines = tuple(StayCharge(revenue, day, 1, code, tuple(modifiers), charge_cents=1000)
                  for revenue, code, modifiers, day in charges)  # fmt: skip
    return stay_claim(bill_type="13", statement_from=on, statement_to=on, admission_date=None, admission_hour=None,
                      discharge_hour=None, admission_type="", admission_source="", procedures=(), charges=lines,
                      diagnoses=(StayDiagnosis("R07.9"),))  # fmt: skip


def ioce_findings(claim, only="ioce", context=CONTEXT):
    return [(f.code, f.location, f.severity) for f in scrub_claim(claim, context, only=[only]).findings]


def test_status_indicators_not_payable_under_opps():
    # given lines whose OPPS status indicator on 2026-03-02 is: A4550 surgical trays B (not recognized by OPPS),
    # C9606 C (inpatient only), A0021 outside-state ambulance E1 (not covered), A4238 CGM supply Y (DME MAC),
    # G0463 clinic visit J2 (payable)
    claim = visit(("0270", "A4550", (), DAY), ("0360", "C9606", (), DAY), ("0540", "A0021", (), DAY),
                  ("0290", "A4238", (), DAY), ("0510", "G0463", (), DAY))  # fmt: skip
    # then B and C are errors (the claim is returned / denied), E1 and Y warnings (the line is rejected)
    assert ioce_findings(claim, "status_indicator") == [
        ("status_indicator_not_payable", "line 1", Severity.ERROR),  # 0270 A4550 B
        ("status_indicator_not_payable", "line 2", Severity.WARNING),  # 0290 A4238 Y
        ("status_indicator_not_payable", "line 3", Severity.ERROR),  # 0360 C9606 C
        ("status_indicator_not_payable", "line 5", Severity.WARNING),  # 0540 A0021 E1
    ]
    first = scrub_claim(claim, CONTEXT, only=["status_indicator"]).findings[0]
    assert first.message == (
        "line 1: A4550 (Surgical trays) has OPPS status indicator B on 2026-03-02: not recognized by OPPS on an "
        "outpatient hospital Part B bill (12x, 13x); an alternate code may be recognized; on type of bill 0131 "
        "the line is returned to the provider (I/OCE edit 62, code not recognized by OPPS)"
    )
    assert first.hint == "bill the alternate code OPPS recognizes for the service (often the CPT code)"


def test_status_indicator_by_date_of_service_and_the_non_coverage_modifiers():
    # given G0090 (A until 2026-03-31, M from 2026-04-01) and A0021 (E1) marked GY (statutorily excluded)
    before = visit(("0300", "G0090", (), DAY), ("0540", "A0021", ("GY",), DAY))
    after = visit(("0300", "G0090", (), date(2026, 4, 1)), on=date(2026, 4, 1))
    # then only the April line is reported: not billable to the MAC, an error
    assert ioce_findings(before, "status_indicator") == []
    assert ioce_findings(after, "status_indicator") == [
        ("status_indicator_not_payable", "line 1", Severity.ERROR)
    ]
    assert ioce.status_indicator("G0090", date(2026, 4, 1)).letter == "M"


def test_status_indicators_are_not_judged_on_an_inpatient_bill():
    # given the inpatient stay billing C9606 (inpatient only)
    claim = stay_claim(charges=(StayCharge("0360", date(2026, 3, 3), 1, "C9606", charge_cents=1000),))
    # then the I/OCE does not run on 0111
    assert ioce_findings(claim) == []


def test_hcpcs_not_valid_on_the_date_of_service():
    # given C9803 (I/OCE 2020-01-01 .. 2023-12-31, COVID-19 specimen collection) billed on 2026-03-02
    claim = visit(("0300", "C9803", (), DAY))
    # then
    [finding] = scrub_claim(claim, CONTEXT, only=["outpatient_hcpcs"]).findings
    assert (finding.code, finding.location, finding.severity) == (
        "hcpcs_not_valid_on_dos",
        "line 1",
        Severity.ERROR,
    )
    assert finding.message.startswith("line 1 (0300): C9803")


def test_outpatient_ncci_pair_needs_a_modifier_unless_it_has_one():
    # given 12001 (simple repair) and 96374 (IV push): I/OCE PTP column 1 12001, column 2 96374, modifier
    # indicator 1, in force since 2019-07-01 (or earlier)
    bare = visit(("0450", "12001", (), DAY), ("0260", "96374", (), DAY))
    distinct = visit(("0450", "12001", (), DAY), ("0260", "96374", ("XU",), DAY))
    # then the column-2 line needs a modifier; XU bypasses it
    assert ioce_findings(bare, "outpatient_ncci_pairs") == [
        ("ncci_pair_needs_modifier", "line 1", Severity.ERROR)
    ]
    [finding] = scrub_claim(bare, CONTEXT, only=["outpatient_ncci_pairs"]).findings
    assert finding.message == (
        "line 1: hospital outpatient NCCI PTP edit (I/OCE): 12001 (column 1, line 2) and 96374 (column 2) on "
        "2026-03-02: paid together only with an NCCI-associated modifier (modifier indicator 1)"
    )
    assert ioce_findings(distinct, "outpatient_ncci_pairs") == []


def test_outpatient_ncci_indicator_zero_and_the_clinic_visit():
    # given 30000 (drainage of nose abscess) with 69990 (operating microscope): indicator 0, even with 59;
    # and 96374 with the clinic visit G0463 (column 2, indicator 1): the visit needs 25
    never = visit(("0360", "30000", (), DAY), ("0360", "69990", ("59",), DAY))
    clinic = visit(("0260", "96374", (), DAY), ("0510", "G0463", (), DAY))
    clinic_25 = visit(("0260", "96374", (), DAY), ("0510", "G0463", ("25",), DAY))
    # then
    assert ioce_findings(never, "outpatient_ncci_pairs") == [
        ("ncci_pair_never_together", "line 2", Severity.ERROR)
    ]
    [finding] = scrub_claim(clinic, CONTEXT, only=["outpatient_ncci_pairs"]).findings
    assert (finding.code, finding.location) == ("ncci_pair_needs_modifier", "line 2")
    assert finding.hint == (
        "append 25 to G0463 when the visit is significant and separately identifiable from the procedure"
    )
    assert ioce_findings(clinic_25, "outpatient_ncci_pairs") == []


def test_outpatient_ncci_pairs_by_date_of_service():
    # given 12001 with 0553T: in the I/OCE from 2020-01-01 through 2024-12-31 (indicator 1)
    day = date(2024, 6, 3)
    in_2024 = visit(("0450", "12001", (), day), ("0360", "0553T", (), day), on=day)
    in_2026 = visit(("0450", "12001", (), DAY), ("0360", "0553T", (), DAY))
    # then the pair is reported in 2024 only
    assert ioce_findings(in_2024, "outpatient_ncci_pairs") == [
        ("ncci_pair_needs_modifier", "line 1", Severity.ERROR)
    ]
    assert ioce_findings(in_2026, "outpatient_ncci_pairs") == []


def test_the_compiled_outpatient_table_and_an_injected_one():
    # given the shipped table
    table = ioce.outpatient_ptp()
    # then it holds every range of the source, and answers a pair with its indicator
    assert len(table) == 1_594_456
    assert table.edit_for("30000", "69990", DAY).modifier_indicator == 0
    # and a context with an empty table finds no pair
    empty = replace(CONTEXT, outpatient_ptp=type(table).from_rows([], source="empty"))
    assert ioce_findings(visit(("0450", "12001", (), DAY), ("0260", "96374", (), DAY)), "outpatient_ncci_pairs",
                         empty) == []  # fmt: skip
