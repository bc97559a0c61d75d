"""A primary claim of a patient who also has a secondary plan: the 837P carries loop 2320 (SBR, OI) with
2330A (the other subscriber) and 2330B (the other payer), no payment amounts; pyx12 and our reader agree."""

import datetime as dt

from revcycle.claims import ClaimPerson, ClaimSubscriber
from revcycle.claims.examples import PATIENT, example_claim
from revcycle.claims.parties import ClaimPayer, OtherCoverage
from revcycle.claims.serialize import claim_from_dict, claim_to_dict
from revcycle.edi.claim_to_837 import write_837p
from revcycle.practice import Relationship
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services.x12_files import pyx12_errors
from revcycle.x12 import read_x12

SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
RECEIVER = Receiver("Acme Clearinghouse", "ACMECH")
CREATED = dt.datetime(2026, 3, 10, 9, 30)
SECOND = ClaimPayer("55555", "Second Health", "CI", 365)
SPOUSE_PLAN = OtherCoverage(
    SECOND, ClaimSubscriber("SH998877", ClaimPerson("John", "Doe", dt.date(1978, 6, 1), "M", PATIENT.address), "G77"),
    Relationship.SPOUSE, "S")  # fmt: skip


def segments(text: str) -> list[str]:
    return [segment.strip() for segment in text.split("~") if segment.strip()]


def test_the_primary_claim_names_the_secondary_plan_in_loop_2320():
    # given Jane's primary claim to Acme, with her husband's Second Health plan as secondary
    claim = example_claim(other_coverages=(SPOUSE_PLAN,))
    # when written
    text = write_837p([claim], SUBMITTER, RECEIVER, 21, CREATED)
    # then the file is valid to pyx12 and to our reader
    assert pyx12_errors(text) == []
    assert read_x12(text, validate=True).errors == []
    # and after the claim's own SBR*P, loop 2320 says secondary (S), spouse (01), the group, then 2330A/B
    written = segments(text)
    start = written.index("SBR*S*01*G77******CI")
    assert written[start : start + 4] == ["SBR*S*01*G77******CI", "OI***Y***Y", "NM1*IL*1*DOE*JOHN****MI*SH998877",
                                          "NM1*PR*2*SECOND HEALTH*****PI*55555"]  # fmt: skip
    assert not any(segment.startswith("AMT*D") for segment in written)  # nothing paid by it yet
    # and our reader gives the other payer back
    [parsed] = read_x12(text).transactions
    [read] = parsed.model.claims
    [other] = read.other_payers
    assert (other.responsibility, other.relationship, other.payer.name.id, other.subscriber.name.id) == (
        "S", "01", "55555", "SH998877")


def test_the_other_plan_is_kept_with_the_stored_claim():
    # given the claim as stored (JSON header) / when read back / then the other plan is the same
    claim = example_claim(other_coverages=(SPOUSE_PLAN,))
    assert claim_from_dict(claim_to_dict(claim)).other_coverages == (SPOUSE_PLAN,)
