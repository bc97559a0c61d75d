"""The claim scrubber: edits as pure functions `(claim, context) -> list[Finding]`, a registry, the run.

    scrub_claim(claim, context) -> ScrubResult       .clean, .findings, .errors
    scrub_batch(claims, context) -> BatchResult      .clean_claim_rate
    ScrubContext.standard(today, other_claims=())    NCCI tables in use, today's date
    EDITS                                            name -> Edit(name, family, check, description)
"""

from revcycle.scrub import (  # noqa: F401  (importing registers the edits)
    edits_billing,
    edits_codes,
    edits_drugs,
    edits_eligibility,
    edits_identifiers_dates,
    edits_institutional,
    edits_ioce,
    edits_mce,
    edits_ncci,
    edits_pointers,
    edits_required,
)
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import EDITS, FAMILIES, BatchResult, Edit, ScrubResult, scrub_batch, scrub_claim

__all__ = ["EDITS", "FAMILIES", "BatchResult", "Edit", "ScrubContext", "ScrubResult", "scrub_batch", "scrub_claim"]
