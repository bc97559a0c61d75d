from dataclasses import replace
from decimal import Decimal

from revcycle.claims.examples import EXAMPLE_TODAY, PAYER, example_claim, example_line
from revcycle.practice.charges import DrugIdentification
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)
KENALOG = DrugIdentification("00003029305", "ML", Decimal("1"))


def drug_findings(claim):
    return [(f.code, f.severity.value, f.message, f.location) for f in scrub_claim(claim, CONTEXT).findings
            if f.code == "drug_without_ndc"]


def knee_injection(*drug_lines):
    return example_claim(diagnoses=("M17.11",), lines=(example_line(1, "20610", 15000, modifiers=("RT",)), *drug_lines))


def test_a_commercial_plans_j_code_without_ndc_is_a_warning():
    # given a commercial claim (CI): a knee injection and its triamcinolone, 4 units, no NDC
    claim = knee_injection(example_line(2, "J3301", 2400, units=4))
    # then one warning on the drug line, none on the procedure
    assert drug_findings(claim) == [("drug_without_ndc", "warning",
                                     "line 2 (J3301) bills a drug without its NDC: Acme Health may ask for it",
                                     "lines[2].drug")]
    assert scrub_claim(claim, CONTEXT).clean is True


def test_medicaid_and_an_unclassified_drug_need_the_ndc():
    # given the same claim billed to Medicaid, and an unclassified drug (J3490) to the commercial plan
    medicaid = replace(knee_injection(example_line(2, "J3301", 2400, units=4)),
                       payer=replace(PAYER, claim_filing_indicator="MC"))
    unclassified = knee_injection(example_line(2, "J3490", 5000))
    # then each is an error that holds the claim
    assert drug_findings(medicaid) == [("drug_without_ndc", "error",
                                        "line 2 (J3301) bills a drug without its NDC: Medicaid requires it",
                                        "lines[2].drug")]
    assert drug_findings(unclassified) == [("drug_without_ndc", "error",
                                            "line 2 (J3490) bills a drug without its NDC: J3490 names no drug",
                                            "lines[2].drug")]
    assert scrub_claim(medicaid, CONTEXT).clean is False


def test_a_drug_line_with_its_ndc_passes_even_for_medicaid():
    # given Medicaid's claim with the NDC entered on the drug line
    claim = replace(knee_injection(replace(example_line(2, "J3301", 2400, units=4), drug=KENALOG)),
                    payer=replace(PAYER, claim_filing_indicator="MC"))
    # then no drug finding
    assert drug_findings(claim) == []
