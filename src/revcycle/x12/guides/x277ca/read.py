"""277CA (005010X214) claim acknowledgements read into `ClaimStatusTransaction` (x276_277.model).

The 277CA shares the claim status hierarchy (HL 20 > 21 > 19 > PT, TRN/STC/REF/QTY/AMT/DTP);
`ClaimAcknowledgment` adds what a biller asks of one: per claim, accepted or rejected, and why.
"""

from __future__ import annotations

from revcycle.x12.guides.x276_277.model import ClaimStatusTransaction
from revcycle.x12.guides.x276_277.read import read_claim_status
from revcycle.x12.loops import LoopNode


def read_claim_acknowledgment(tree: LoopNode, context) -> ClaimStatusTransaction:  # noqa: ANN001
    return read_claim_status(tree, context)
