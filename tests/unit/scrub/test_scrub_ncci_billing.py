from dataclasses import replace
from datetime import date, timedelta

from revcycle.claims import ClaimStatus
from revcycle.claims.examples import EXAMPLE_DOS, EXAMPLE_TODAY, example_claim
from revcycle.claims.examples import example_line as line
from revcycle.codesets.ncci_mue import load_mue_file
from revcycle.kernel.findings import Severity
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def findings(claim, family, context=CONTEXT):
    return scrub_claim(claim, context, only=[family]).findings


def found(claim, family, context=CONTEXT):
    return [(f.code, f.location) for f in findings(claim, family, context)]


def test_ncci_pair_with_modifier_indicator_0_is_never_paid_together():
    # given a punch biopsy with a tangential biopsy (11104/11102, indicator 0), even with 59
    result = findings(example_claim(lines=(line(1, "11104", 100), line(2, "11102", 100, modifiers=("59",)))), "ncci")
    # then the column-2 line is reported
    assert [(f.code, f.location) for f in result] == [("ncci_pair_never_together", "line 2")]
    assert result[0].message == ("line 2: NCCI PTP edit: 11104 (column 1, line 1) and 11102 (column 2) are not paid "
                                 "together on 2026-03-02; modifier indicator 0, no modifier bypasses it")
    assert result[0].hint == "remove 11102; it is included in 11104"


def test_ncci_pair_with_modifier_indicator_1_needs_an_ncci_modifier():
    # given a joint injection and a therapeutic injection (20610/96372, indicator 1)
    lines = (line(1, "20610", 100), line(2, "96372", 100))
    assert found(example_claim(lines=lines), "ncci") == [("ncci_pair_needs_modifier", "line 2")]
    # when XS marks a separate site (or 59), the pair passes
    for modifier in ("XS", "59", "XU"):
        distinct = (lines[0], replace(lines[1], modifiers=(modifier,)))
        assert found(example_claim(lines=distinct), "ncci") == []


def test_ncci_pair_with_an_em_needs_25_on_the_em_not_59():
    # given a visit with a biopsy (11102/99213, indicator 1)
    with_59 = (line(1, "99213", 100, modifiers=("59",)), line(2, "11102", 100))
    result = findings(example_claim(lines=with_59), "ncci")
    assert [(f.code, f.location) for f in result] == [("ncci_pair_needs_modifier", "line 1")]
    assert result[0].message.endswith("the E/M needs modifier 25 (modifier indicator 1)")
    # when 25 is on the E/M
    with_25 = (line(1, "99213", 100, modifiers=("25",)), line(2, "11102", 100))
    assert found(example_claim(lines=with_25), "ncci") == []


def test_ncci_pairs_only_apply_on_the_same_date_of_service():
    lines = (line(1, "11104", 100), line(2, "11102", 100, dos=EXAMPLE_DOS - timedelta(days=1)))
    assert found(example_claim(lines=lines), "ncci") == []


def test_addon_code_without_its_primary():
    result = findings(example_claim(lines=(line(1, "11103", 100),)), "ncci")
    assert [(f.code, f.location, f.hint) for f in result] == [
        ("addon_without_primary", "line 1", "bill it with one of: 11102, 11104, 11106")]
    # and with its primary it passes
    assert found(example_claim(lines=(line(1, "11102", 100), line(2, "11103", 100))), "ncci") == []


def test_mue_limits_per_line_and_per_date_of_service(tmp_path):
    # given a CMS-layout MUE file: 36415 at most 1 per day (MAI 2), 96372 at most 4 per line (MAI 1)
    mue_file = tmp_path / "mue.csv"
    mue_file.write_text(
        "CPT codes and descriptions only are copyright American Medical Association\n"
        "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
        "36415,1,2 Date of Service Edit: Policy,Nature of Service/Procedure\n"
        "96372,4,1 Line Edit,Clinical: Data\n", encoding="utf-8")
    context = replace(CONTEXT, mue=load_mue_file(mue_file))
    # when two draws are billed on two lines, and 5 injections on one line
    lines = (line(1, "36415", 100), line(2, "36415", 100, modifiers=("91",)), line(3, "96372", 100, units=5))
    result = findings(example_claim(lines=lines), "ncci", context)
    # then one finding per problem
    assert [(f.code, f.location) for f in result] == [("mue_units_exceeded", "line 1"), ("mue_units_exceeded", "line 3")]
    assert result[0].message == ("line 1: 2 units of 36415 on 2026-03-02; the MUE is 1 (adjudication indicator 2)")
    assert result[1].message == "line 3: 5 units of 96372 on one line; the MUE is 4 (adjudication indicator 1)"


def test_duplicate_lines_on_one_claim():
    lines = (line(1, "99214", 100, (1, 2)), line(2, "83036", 100), line(3, "83036", 100))
    assert found(example_claim(lines=lines), "billing") == [("duplicate_line", "line 3")]
    # a repeat modifier says it was really done twice
    repeated = (*lines[:2], replace(lines[2], modifiers=("91",)))
    assert found(example_claim(lines=repeated), "billing") == []


def test_duplicate_claim_against_claims_already_billed():
    # given the same visit already submitted as another claim
    submitted = example_claim("E7-1", status=ClaimStatus.SUBMITTED)
    context = replace(CONTEXT, other_claims=(submitted,))
    result = findings(example_claim("E8-1"), "billing", context)
    assert [(f.code, f.message) for f in result] == [
        ("duplicate_claim", "claim E8-1 duplicates claim E7-1 (submitted): same patient, payer, dates and services")]
    # and a voided earlier claim is no duplicate
    voided = replace(CONTEXT, other_claims=(replace(submitted, status=ClaimStatus.VOIDED),))
    assert found(example_claim("E8-1"), "billing", voided) == []


def test_timely_filing_by_payer_limit():
    # given a payer with a 180-day limit from 2026-03-02 (deadline 2026-08-29)
    late = replace(CONTEXT, today=date(2026, 8, 30))
    near = replace(CONTEXT, today=date(2026, 8, 1))
    # then
    expired = findings(example_claim(), "billing", late)
    assert [(f.code, f.message) for f in expired] == [
        ("timely_filing_expired", "the 180-day filing limit of Acme Health ended 2026-08-29 (1 days ago)")]
    warning = findings(example_claim(), "billing", near)
    assert [(f.code, f.severity) for f in warning] == [("timely_filing_near", Severity.WARNING)]
    assert scrub_claim(example_claim(), near, only=["billing"]).clean is True


def test_place_of_service_versus_procedure():
    # given an office visit billed from the inpatient hospital, and an inpatient visit from the office
    office_in_hospital = example_claim(place_of_service="21", lines=(line(1, "99214", 100, (1, 2)),))
    inpatient_in_office = example_claim(lines=(line(1, "99222", 100, (1, 2)),))
    # then
    assert found(office_in_hospital, "billing") == [("pos_not_allowed_for_procedure", "line 1")]
    result = findings(inpatient_in_office, "billing")
    assert [f.message for f in result] == [
        "line 1: 99222 (hospital inpatient or observation care) does not fit place of service 11 "
        "(expected one of 21, 22, 51, 61)"]


def test_em_with_a_same_day_procedure_needs_25():
    # given a visit and a joint injection (global 000) the same day; the demo NCCI table has no such pair
    lines = (line(1, "99214", 15000, (1, 2)), line(2, "20610", 9000))
    result = findings(example_claim(lines=lines), "billing")
    assert [(f.code, f.location) for f in result] == [("em_with_procedure_needs_25", "line 1")]
    assert result[0].message == ("line 1: E/M 99214 billed with procedure 20610 (global 000) on 2026-03-02 "
                                 "without modifier 25")
    # when 25 is appended
    fixed = (replace(lines[0], modifiers=("25",)), lines[1])
    assert found(example_claim(lines=fixed), "billing") == []
    # and a lab with the visit needs no 25
    assert found(example_claim(), "billing") == []


def test_em_with_procedure_leaves_ncci_pairs_to_the_ncci_edit():
    lines = (line(1, "99213", 100, (1, 2)), line(2, "11102", 100))
    assert found(example_claim(lines=lines), "billing") == []
    assert found(example_claim(lines=lines), "ncci") == [("ncci_pair_needs_modifier", "line 1")]
