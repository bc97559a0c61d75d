"""The edit registry and the scrub run.

An edit is a pure function `(claim, context) -> list[Finding]`, registered under a stable name
and a family. `scrub_claim` runs every registered edit; an edit that meets data it cannot judge
(e.g. a date of service no code-set release serves) reports `edit_not_run` instead of raising,
so the scrubber never raises on bad user data. A claim is clean when no finding is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from revcycle.claims.model import Claim
from revcycle.kernel.errors import RevcycleError
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext

EditFunction = Callable[[Claim, ScrubContext], list[Finding]]
FAMILIES = ("required", "identifiers", "dates", "codes", "ncci", "billing", "institutional", "mce", "ioce")
PROFESSIONAL = frozenset({"professional"})  # an 837P / CMS-1500 edit (the default)
INSTITUTIONAL = frozenset({"institutional"})  # an 837I / UB-04 edit
BOTH_KINDS = PROFESSIONAL | INSTITUTIONAL


@dataclass(frozen=True, slots=True)
class Edit:
    name: str
    family: str
    check: EditFunction
    description: str
    kinds: frozenset[str] = PROFESSIONAL  # the claim kinds (`Claim.kind`) the edit judges


EDITS: dict[str, Edit] = {}


def edit(family: str, kinds: frozenset[str] = PROFESSIONAL) -> Callable[[EditFunction], EditFunction]:
    """Register the decorated function as an edit of `family` for claims of `kinds`, named after the function."""
    if family not in FAMILIES:
        raise ValueError(f"unknown edit family {family!r}")

    def register(function: EditFunction) -> EditFunction:
        name = function.__name__.removeprefix("check_")
        EDITS[name] = Edit(name, family, function, (function.__doc__ or "").strip().splitlines()[0], kinds)
        return function

    return register


@dataclass(frozen=True, slots=True)
class ScrubResult:
    claim_id: str
    findings: tuple[Finding, ...]

    @property
    def clean(self) -> bool:
        return not any(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]

    @property
    def codes(self) -> list[str]:
        return [finding.code for finding in self.findings]

    def to_dict(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "clean": self.clean,
                "findings": [finding.to_dict() for finding in self.findings]}


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: tuple[ScrubResult, ...]

    @property
    def clean_claims(self) -> int:
        return sum(1 for result in self.results if result.clean)

    @property
    def clean_claim_rate(self) -> Decimal:
        """Clean claims / claims scrubbed, as a percentage with one decimal (0.0 for an empty batch)."""
        if not self.results:
            return Decimal("0.0")
        return (Decimal(100 * self.clean_claims) / Decimal(len(self.results))).quantize(Decimal("0.1"))

    def to_dict(self) -> dict[str, object]:
        return {"claims": len(self.results), "clean_claims": self.clean_claims,
                "clean_claim_rate": str(self.clean_claim_rate), "results": [r.to_dict() for r in self.results]}


def scrub_claim(claim: Claim, context: ScrubContext, only: Sequence[str] | None = None) -> ScrubResult:
    findings: list[Finding] = []
    for registered in _selected(only):
        if claim.kind.value not in registered.kinds:
            continue
        try:
            findings.extend(registered.check(claim, context))
        except RevcycleError as error:
            findings.append(Finding("edit_not_run", f"edit {registered.name} could not run: {error.message}",
                                    Severity.ERROR, location=registered.name,
                                    hint="fix the data the message names, then scrub again"))
    return ScrubResult(claim.claim_id, tuple(findings))


def scrub_batch(claims: Iterable[Claim], context: ScrubContext) -> BatchResult:
    return BatchResult(tuple(scrub_claim(claim, context) for claim in claims))


def _selected(only: Sequence[str] | None) -> list[Edit]:
    if only is None:
        return sorted(EDITS.values(), key=lambda e: FAMILIES.index(e.family))
    unknown = [name for name in only if name not in EDITS and name not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown edits: {', '.join(unknown)}")
    chosen = [e for e in EDITS.values() if e.name in only or e.family in only]
    return sorted(chosen, key=lambda e: FAMILIES.index(e.family))
