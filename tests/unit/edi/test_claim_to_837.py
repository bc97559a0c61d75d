import datetime as dt
from dataclasses import replace
from decimal import Decimal

from revcycle.claims import ClaimPerson, ClaimSubscriber, Frequency
from revcycle.claims.examples import BILLING, PATIENT, RENDERING, example_claim, example_line
from revcycle.edi.claim_to_837 import write_837p
from revcycle.practice import Relationship
from revcycle.practice.charges import DrugIdentification
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services.x12_files import pyx12_errors
from revcycle.x12 import read_x12

SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
RECEIVER = Receiver("Acme Clearinghouse", "ACMECH")
CREATED = dt.datetime(2026, 3, 10, 9, 30)


def segments(text: str) -> list[str]:
    return [segment.strip() for segment in text.split("~") if segment.strip()]


def test_example_claim_becomes_a_pyx12_valid_837p():
    # when the example claim is written
    text = write_837p([example_claim()], SUBMITTER, RECEIVER, 17, CREATED)
    # then pyx12 finds no error, nor does our own reader
    assert pyx12_errors(text) == []
    assert read_x12(text, validate=True).errors == []
    # and the claim segments carry the claim as billed
    written = segments(text)
    assert "CLM*E1-1*205***11:B:1*Y*A*Y*Y" in written
    assert "HI*ABK:E119*ABF:I10" in written
    assert "SV1*HC:99214*150*UN*1***1:2" in written
    assert [s for s in written if s.startswith("REF*6R")] == ["REF*6R*E1-1-1", "REF*6R*E1-1-2", "REF*6R*E1-1-3"]
    assert "NM1*82*1*SMITH*JOHN****XX*1987654328" in written
    assert "SBR*P*18*GRP100******CI" in written
    assert "DMG*D8*19800412*F" in written
    assert "N4*SPRINGFIELD*IL*627011234" in written


def test_read_back_gives_the_same_money_and_codes():
    text = write_837p([example_claim()], SUBMITTER, RECEIVER, 18, CREATED)
    [parsed] = read_x12(text).transactions
    [claim] = parsed.model.claims
    assert (claim.claim_id, claim.charge, claim.diagnoses) == ("E1-1", Decimal("205"), ["E119", "I10"])
    assert [(line.procedure, line.charge, line.diagnosis_pointers, line.control_number) for line in claim.service_lines] == [
        ("99214", Decimal("150"), [1, 2], "E1-1-1"), ("83036", Decimal("40"), [1], "E1-1-2"),
        ("36415", Decimal("15"), [1], "E1-1-3")]


def test_corrected_claim_for_a_dependent_with_authorization_and_line_details():
    # given a corrected claim for a child on her mother's plan, rendered by the billing provider itself,
    # with a prior authorization, a referral, modifiers, a line at another place and a date range
    mother = ClaimSubscriber("XYZ123456789", ClaimPerson("Ann", "Doe", dt.date(1979, 1, 2), "F", PATIENT.address), "GRP100")
    lines = (example_line(1, "99214", 15000, (1, 2), ("25",)),
             replace(example_line(2, "97110", 6000, (1,), ("GP",), units=2), place_of_service="22",
                     service_date_to=dt.date(2026, 3, 4)))
    claim = example_claim("E9-1V2", relationship=Relationship.CHILD, subscriber=mother, lines=lines,
                          frequency=Frequency.CORRECTED, payer_claim_control_number="2026061500123",
                          prior_authorization="PA778899", referral_number="REF55",
                          billing=replace(BILLING, first_name="", taxonomy="207Q00000X"),
                          rendering=replace(RENDERING, npi=BILLING.npi))
    # when written
    text = write_837p([claim], SUBMITTER, RECEIVER, 19, CREATED)
    # then it is valid and every detail is where the guide wants it
    assert pyx12_errors(text) == []
    written = segments(text)
    for expected in ("SBR*P**GRP100******CI", "PAT*19", "NM1*QC*1*DOE*JANE", "CLM*E9-1V2*210***11:B:7*Y*A*Y*Y",
                     "REF*F8*2026061500123", "REF*9F*REF55", "REF*G1*PA778899", "SV1*HC:99214:25*150*UN*1***1:2",
                     "SV1*HC:97110:GP*60*UN*2*22**1", "DTP*472*RD8*20260302-20260304"):
        assert expected in written, expected
    assert not any(segment.startswith("NM1*82") for segment in written)  # the billing provider rendered


def test_claims_of_two_practices_and_two_payers_in_one_file():
    # given claims from two billing providers and, for one of them, two payers
    other_practice = replace(BILLING, npi="1654321094", last_name_or_org="Lakeside Pediatrics")
    medicaid = replace(example_claim().payer, payer_code="77027", name="State Medicaid", claim_filing_indicator="MC")
    claims = [example_claim("E1-1"), example_claim("E2-1", payer=medicaid), example_claim("E3-1", billing=other_practice)]
    # when written together
    text = write_837p(claims, SUBMITTER, RECEIVER, 20, CREATED)
    # then: two 2000A loops, three 2000B loops, valid
    written = segments(text)
    assert pyx12_errors(text) == []
    assert [s for s in written if s.startswith("HL*")] == [
        "HL*1**20*1", "HL*2*1*22*0", "HL*3*1*22*0", "HL*4**20*1", "HL*5*4*22*0"]
    assert [s for s in written if s.startswith("CLM*")] == [
        "CLM*E1-1*205***11:B:1*Y*A*Y*Y", "CLM*E2-1*205***11:B:1*Y*A*Y*Y", "CLM*E3-1*205***11:B:1*Y*A*Y*Y"]


def test_a_drug_line_carries_its_ndc_in_loop_2410_and_pointers_in_sv107():
    # given a claim whose injection line bills a drug by NDC and points at the second diagnosis
    claim = example_claim()
    drug_line = replace(claim.lines[1], procedure_code="J1885", units=2, diagnosis_pointers=(2, 1),
                        drug=DrugIdentification.parse("0409-3795-01", "ML", "2"))
    claim = replace(claim, lines=(claim.lines[0], drug_line, claim.lines[2]))
    # when it is written
    text = write_837p([claim], SUBMITTER, RECEIVER, 21, CREATED)
    # then pyx12 finds no error and the drug follows its service line
    assert pyx12_errors(text) == []
    written = segments(text)
    at = written.index("SV1*HC:J1885*40*UN*2***2:1")
    assert written[at + 1: at + 5] == ["DTP*472*D8*20260302", "REF*6R*E1-1-2", "LIN**N4*00409379501", "CTP****2*ML"]
    # and our reader gives the pointers and the drug back
    [parsed] = read_x12(text).transactions
    [read] = parsed.model.claims
    assert read.service_lines[1].diagnosis_pointers == [2, 1]
    assert read.service_lines[1].drug == [["LIN", "", "N4", "00409379501"], ["CTP", "", "", "", "2", "ML"]]
    assert read.service_lines[0].drug == []
