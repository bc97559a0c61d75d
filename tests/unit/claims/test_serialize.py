import json
from datetime import UTC, datetime

from revcycle.claims import ClaimStatus, transition
from revcycle.claims.examples import example_claim
from revcycle.claims.serialize import claim_from_dict, claim_to_dict


def test_a_claim_survives_json_unchanged():
    # given a scrubbed claim with a history
    claim = transition(example_claim(), ClaimStatus.SCRUBBED, datetime(2026, 3, 10, 9, tzinfo=UTC), "clean")
    # when it goes to JSON text and back
    data = json.loads(json.dumps(claim_to_dict(claim)))
    # then it is equal, money in cents
    assert claim_from_dict(data) == claim
    assert (data["total_charge_cents"], data["lines"][0]["charge_cents"], data["format"]) == (20500, 15000, 1)
    assert data["history"] == [{"status": "scrubbed", "at": "2026-03-10T09:00:00+00:00", "note": "clean"}]


def test_optional_parties_survive_as_none():
    claim = example_claim(rendering=None, referring=None, facility=None)
    assert claim_from_dict(json.loads(json.dumps(claim_to_dict(claim)))) == claim
