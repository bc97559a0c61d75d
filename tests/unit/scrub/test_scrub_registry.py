from dataclasses import replace
from decimal import Decimal

from revcycle.claims.examples import BILLING, EXAMPLE_TODAY, example_claim
from revcycle.scrub import EDITS, FAMILIES, ScrubContext, scrub_batch, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def test_every_family_has_edits_and_every_edit_a_description():
    # given the registry
    families = {edit.family for edit in EDITS.values()}
    # then all nine families are covered and each edit says what it checks
    assert families == set(FAMILIES) == {"required", "identifiers", "dates", "codes", "ncci", "billing",
                                         "institutional", "mce", "ioce"}  # fmt: skip
    assert all(edit.description for edit in EDITS.values())
    assert len(EDITS) == 40
    # and 12 edits judge institutional claims only (6 institutional, 3 MCE, 3 I/OCE), 11 both kinds,
    # the other 17 professional claims only
    kinds = [edit.kinds for edit in EDITS.values()]
    assert (kinds.count(frozenset({"institutional"})), kinds.count(frozenset({"institutional", "professional"})),
            kinds.count(frozenset({"professional"}))) == (12, 11, 17)  # fmt: skip


def test_clean_claim_rate_per_batch():
    # given three clean claims and one with an invalid NPI
    claims = [example_claim(f"E{n}-1") for n in range(1, 4)]
    claims.append(example_claim("E4-1", billing=replace(BILLING, npi="1234567890")))
    # when the batch is scrubbed
    batch = scrub_batch(claims, CONTEXT)
    # then
    assert [result.clean for result in batch.results] == [True, True, True, False]
    assert batch.clean_claims == 3
    assert batch.clean_claim_rate == Decimal("75.0")
    assert batch.to_dict()["clean_claim_rate"] == "75.0"


def test_empty_batch_rate_is_zero():
    assert scrub_batch([], CONTEXT).clean_claim_rate == Decimal("0.0")


def test_warnings_do_not_make_a_claim_dirty():
    # given a diagnosis no line points at (a warning)
    claim = example_claim(diagnoses=("E11.9", "I10", "E78.5"))
    result = scrub_claim(claim, CONTEXT)
    assert result.codes == ["diagnosis_not_pointed"]
    assert result.clean is True
    assert result.to_dict()["findings"][0]["severity"] == "warning"


def test_findings_come_in_family_order():
    # given a claim with a bad NPI (identifiers) and no subscriber id (required)
    claim = example_claim(billing=replace(BILLING, npi="1234567890"),
                          subscriber=replace(example_claim().subscriber, member_id=""))
    assert scrub_claim(claim, CONTEXT).codes == ["missing_subscriber_id", "invalid_npi"]
