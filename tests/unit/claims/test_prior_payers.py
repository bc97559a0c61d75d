"""A secondary claim's COB data (prior_payers) survives JSON, and a claim stored before it existed still reads."""

import json
from dataclasses import replace
from datetime import date

from revcycle.claims.examples import example_claim
from revcycle.claims.prior_payers import PriorAdjustment, PriorLinePayment, PriorPayer
from revcycle.claims.serialize import claim_from_dict, claim_to_dict


def _primary_paid() -> PriorPayer:
    line = PriorLinePayment(1, 6400, (PriorAdjustment("CO", "45", 2000), PriorAdjustment("PR", "1", 5000),
                                      PriorAdjustment("PR", "2", 1600)))  # fmt: skip
    return PriorPayer("E1-1", "87726", "ACME HEALTH", "W200", "ROE", "RICHARD", 6400, date(2026, 3, 19),
                      payer_claim_number="PCN1", group_number="GRP100", lines=(line,))  # fmt: skip


def test_a_secondary_claim_keeps_the_primarys_adjudication_through_json():
    # given a secondary claim carrying the primary's payment
    claim = replace(example_claim(), claim_id="E1-1S", payer_responsibility="S", prior_payers=(_primary_paid(),))
    # when it goes to JSON and back
    data = json.loads(json.dumps(claim_to_dict(claim)))
    again = claim_from_dict(data)
    # then it is equal, and the patient's part of the primary's answer is the PR adjustments
    assert again == claim
    assert (again.prior_payers[0].patient_responsibility_cents, again.prior_payers[0].line(1).paid_cents) == (6600, 6400)
    assert again.prior_payers[0].line(2) is None


def test_a_claim_stored_without_prior_payers_reads_back_with_none():
    # given a stored document written before prior_payers existed
    data = json.loads(json.dumps(claim_to_dict(example_claim())))
    del data["prior_payers"]
    # when it is read
    claim = claim_from_dict(data)
    # then it has no earlier payer
    assert claim.prior_payers == () and claim == example_claim()
