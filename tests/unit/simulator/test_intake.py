"""The simulator's intake: an 837P read into the claims the payer received (and the inverse, for tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from revcycle.simulator.batch_837 import claim_batch
from revcycle.simulator.examples import example_claim, example_line
from revcycle.simulator.intake import received_claims


def test_837p_claims_become_payer_input_with_line_control_numbers():
    # given a claim whose second line has no REF*6R
    claim = example_claim("C5", "W200", (example_line(1, "99213", 10000, control_number="L1"),
                                         example_line(2, "36415", 1500)), prior_authorization="AUTH9")  # fmt: skip
    claim = dataclasses.replace(claim, lines=(claim.lines[0], dataclasses.replace(claim.lines[1], control_number="")))
    batch = claim_batch([claim], "B1", dt.date(2026, 3, 4), "ACME")
    # when translated back
    (received,) = received_claims(batch, dt.date(2026, 3, 5))
    # then the missing control number is derived, the authorization and the payer are kept
    assert [line.control_number for line in received.lines] == ["L1", "C5-2"]
    assert (received.prior_authorization, received.payer_id, received.responsibility) == ("AUTH9", "87726", "P")
