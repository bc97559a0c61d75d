"""From a coded encounter to a clean claim, an 837P and a CMS-1500, the way a biller works it:

Dr. Smith sees Jane Doe (synthetic) on 2026-03-02 for type 2 diabetes and a painful knee: a
level-4 visit, a knee injection and an HbA1c. The claim is built from the encounter and priced
from the fee schedule. Six times a problem is planted, one per edit family, and the scrubber
names it; fixed, the claim scrubs clean, goes out as a pyx12-valid 837P and prints on a CMS-1500.
"""

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pdfplumber

from revcycle.claims import ClaimProvider, EncounterParties, FeeSchedule, FeeScheduleEntry, build_claims
from revcycle.claims.cms1500 import box, render_cms1500, service_cell
from revcycle.edi.claim_to_837 import write_837p
from revcycle.kernel import FixedClock
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)
from revcycle.practice.organization import Receiver, Submitter
from revcycle.scrub import ScrubContext, scrub_batch, scrub_claim
from revcycle.services.x12_files import pyx12_errors

CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0))
DOS = date(2026, 3, 2)
CLINIC_ADDRESS = Address("100 Main St", "Springfield", "IL", "627011234")
CLINIC = BillingProvider("Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", CLINIC_ADDRESS, id=1)
SMITH = RenderingProvider("John", "Smith", "1987654328", "207Q00000X", id=10)
JANE = Patient("Jane", "Doe", date(1980, 4, 12), "F", Address("12 Oak Ave", "Springfield", "IL", "627025678"), id=5)
ACME = Payer("87726", "Acme Health", "CI", 180, id=20)
COVERAGE = Coverage(5, 20, "XYZ123456789", CoverageOrder.PRIMARY, date(2025, 1, 1), group_number="GRP100", id=30)
FEES = FeeSchedule([FeeScheduleEntry("99214", 15000, date(2026, 1, 1)), FeeScheduleEntry("20610", 9000, date(2026, 1, 1)),
                    FeeScheduleEntry("83036", 4000, date(2026, 1, 1)), FeeScheduleEntry("11104", 12000, date(2026, 1, 1)),
                    FeeScheduleEntry("11102", 9500, date(2026, 1, 1))])
REFERRING = ClaimProvider("1456789019", "Jones", "Alice")


def visit(lines=None, diagnoses=("E11.9", "M25.561")) -> Encounter:
    lines = lines or (ServiceLine(1, "99214", 1, modifiers=("25",), diagnosis_pointers=(1, 2)),
                      ServiceLine(2, "20610", 1, modifiers=("RT",), diagnosis_pointers=(2,)),
                      ServiceLine(3, "83036", 1, diagnosis_pointers=(1,)))
    return Encounter(5, DOS, "11", 1, 10, diagnoses, lines, facility_id=3, coverage_id=30, id=77)


def parties(billing=CLINIC, coverage=COVERAGE, referring=REFERRING) -> EncounterParties:
    return EncounterParties(JANE, billing, {10: SMITH}, {30: coverage}, {20: ACME},
                            Facility("Main office", CLINIC_ADDRESS, id=3), referring=referring)


def scrub(encounter=None, **changes):
    [claim] = build_claims(encounter or visit(), parties(**changes), FEES)
    return claim, scrub_claim(claim, ScrubContext.standard(CLOCK.today()))


def test_a_planted_problem_of_each_family_is_named_then_the_fixed_claim_goes_out(tmp_path: Path):
    # given the encounter as coded, the claim is priced from the fee schedule
    claim, result = scrub()
    assert [(line.procedure_code, line.charge_cents) for line in claim.lines] == [
        ("99214", 15000), ("20610", 9000), ("83036", 4000)]
    assert claim.total_charge_cents == 28000

    # when a problem of each family is planted, one at a time, the scrubber names exactly it
    planted = {
        "required": scrub(billing=dataclasses.replace(CLINIC, address=Address("100 Main St", "Springfield", "IL", "62701")))[1],
        "identifiers": scrub(referring=dataclasses.replace(REFERRING, npi="1456789018"))[1],
        "dates": scrub(coverage=dataclasses.replace(COVERAGE, effective_from=date(2026, 3, 3)))[1],
        "codes": scrub(visit(diagnoses=("E11", "M25.561")))[1],
        "ncci": scrub(visit(lines=(ServiceLine(1, "11104", 1, diagnosis_pointers=(1,)),
                                   ServiceLine(2, "11102", 1, diagnosis_pointers=(2,)))))[1],
        "billing": scrub(visit(lines=(ServiceLine(1, "99214", 1, diagnosis_pointers=(1, 2)),
                                      ServiceLine(2, "20610", 1, modifiers=("RT",), diagnosis_pointers=(2,)))))[1],
    }
    assert {family: [(f.code, f.location) for f in result.findings] for family, result in planted.items()} == {
        "required": [("billing_zip_not_zip4", "billing.address.zip_code")],
        "identifiers": [("invalid_npi", "referring.npi")],
        "dates": [("before_coverage", "line 1"), ("before_coverage", "line 2"), ("before_coverage", "line 3")],
        "codes": [("dx_not_billable", "diagnosis 1 (E11)")],
        "ncci": [("ncci_pair_never_together", "line 2")],
        "billing": [("em_with_procedure_needs_25", "line 1")],
    }
    assert not any(result.clean for result in planted.values())

    # then the claim as coded (every problem fixed) is clean, and so is its batch
    assert (result.clean, result.findings) == (True, ())
    batch = scrub_batch([claim], ScrubContext.standard(CLOCK.today()))
    assert str(batch.clean_claim_rate) == "100.0"

    # and it goes out as an 837P that pyx12 accepts
    text = write_837p([claim], Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100"),
                      Receiver("Acme Clearinghouse", "ACMECH"), 1, CLOCK.now())
    assert pyx12_errors(text) == []
    assert "CLM*E77-1*280***11:B:1*Y*A*Y*Y~" in text
    assert "SV1*HC:20610:RT*90*UN*1***2~" in text

    # and prints on a CMS-1500 with the data in its boxes
    pdf_path = tmp_path / "E77-1.pdf"
    assert render_cms1500([claim], pdf_path) == 1
    with pdfplumber.open(pdf_path) as pdf:
        words = [w for w in pdf.pages[0].extract_words(extra_attrs=["fontname"]) if w["fontname"] == "Courier"]

    def texts_in(rect):
        x0, top, x1, bottom = rect
        return [w["text"] for w in words if x0 <= w["x0"] and w["x1"] <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]

    assert texts_in(box("1a").top_down_rect()) == ["XYZ123456789"]
    assert texts_in(box("21").top_down_rect()) == ["0", "E119", "M25561"]
    assert texts_in(service_cell(1, "D").top_down_rect()) == ["20610", "RT"]
    assert texts_in(box("28").top_down_rect()) == ["280", "00"]
