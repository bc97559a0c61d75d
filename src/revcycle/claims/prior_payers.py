"""What an earlier payer did with a claim (coordination of benefits), carried on the claim sent to the
next payer so the 837P writer can emit loop 2320 (claim: CAS, AMT*D, AMT*EAF, 2330A/B) and loop 2430
per line (SVD, CAS, DTP*573, AMT*EAF).

Invariants: integer cents; per line, charge = paid + sum(adjustments) as the earlier payer's 835 said;
`claim_id` names the earlier payer's claim (the link from a secondary claim to its primary).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PriorAdjustment:
    group: str  # CO, PR, OA, PI
    reason: str  # CARC
    amount_cents: int


@dataclass(frozen=True, slots=True)
class PriorLinePayment:
    line_number: int  # the claim line it adjudicated
    paid_cents: int
    adjustments: tuple[PriorAdjustment, ...] = ()

    @property
    def patient_responsibility_cents(self) -> int:
        return sum(a.amount_cents for a in self.adjustments if a.group == "PR")


@dataclass(frozen=True, slots=True)
class PriorPayer:
    claim_id: str  # the claim the earlier payer adjudicated (CLP01)
    payer_code: str  # 2330B NM109, SVD01
    payer_name: str
    member_id: str  # 2330A NM109
    subscriber_last_name: str
    subscriber_first_name: str
    paid_cents: int  # AMT*D
    paid_on: date  # DTP*573
    responsibility: str = "P"  # SBR01 of the earlier payer
    relationship: str = "18"  # SBR02
    filing_indicator: str = "CI"
    payer_claim_number: str = ""  # CLP07
    group_number: str = ""  # SBR03 of the earlier coverage
    adjustments: tuple[PriorAdjustment, ...] = ()  # claim-level CAS
    lines: tuple[PriorLinePayment, ...] = ()

    @property
    def patient_responsibility_cents(self) -> int:
        claim_level = sum(a.amount_cents for a in self.adjustments if a.group == "PR")
        return claim_level + sum(line.patient_responsibility_cents for line in self.lines)

    def line(self, line_number: int) -> PriorLinePayment | None:
        return next((line for line in self.lines if line.line_number == line_number), None)


def prior_payer_from_dict(data: dict) -> PriorPayer:
    def adjustments(items: list) -> tuple[PriorAdjustment, ...]:
        return tuple(PriorAdjustment(a["group"], a["reason"], a["amount_cents"]) for a in items)

    lines = tuple(PriorLinePayment(line["line_number"], line["paid_cents"], adjustments(line.get("adjustments", [])))
                  for line in data.get("lines", []))  # fmt: skip
    return PriorPayer(
        data["claim_id"], data["payer_code"], data["payer_name"], data["member_id"], data["subscriber_last_name"],
        data["subscriber_first_name"], data["paid_cents"], date.fromisoformat(data["paid_on"]),
        data.get("responsibility", "P"), data.get("relationship", "18"), data.get("filing_indicator", "CI"),
        data.get("payer_claim_number", ""), data.get("group_number", ""), adjustments(data.get("adjustments", [])),
        lines,
    )  # fmt: skip
