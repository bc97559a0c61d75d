"""Pricing a facility claim (837I) by the payer's `FacilityTerms`: an inpatient stay by MS-DRG, an outpatient
visit per line.

    priced = price_inpatient(claim, terms, cost_share)     # FacilityPrice or a Denial
    lines, facility = price_outpatient(claim, terms, price_line)

Inpatient (bill type 011x/012x), the simplified IPPS arithmetic the payer documents in its contract:
- the DRG: the payer groups the stay itself (`drg.grouping.group_only`: the claim's diagnoses with POA, its
  ICD-10-PCS procedures, the patient's age and sex, the discharge status and date); when the hospital sent a
  DRG (HI*DR) that differs, the payer pays its own and says so (remark N208); when it cannot group (no
  FY2026 weight, an ungroupable stay) it pays the DRG the hospital sent, and without one denies CO-16 N208;
- DRG payment = base rate x relative weight (FY2026 Table 5), rounded to the cent;
- cost = covered charges x cost-to-charge ratio; outlier = 80 % x (cost - (DRG payment + fixed-loss
  threshold)) when positive (`outlier_percent`, `fixed_loss_threshold_cents`);
- allowed = DRG payment + outlier, never more than the covered charges (lesser of);
- the patient's share (deductible, coinsurance) is taken from the allowed once, for the stay; everything
  is adjusted at the claim level: CO-45 takes the revenue lines (room and board, pharmacy, lab...) down to
  the allowed, CO-96 the non-covered charges, PR-1/PR-2 the patient's share; the 835 carries no SVC lines
  (as a DRG payer reports a stay) and MIA: covered days, the outlier, the DRG amount, remarks.
Inpatient per diem (`inpatient_per_diem_cents` set): each room-and-board line (0100-0219) is allowed the per
diem x its days (capped at its covered charge), every other line is included in it (allowed 0, CO-45); the
patient's share per line; the 835 reports the lines (SVC NU:0120 ...) and MIA with the covered days.
Outpatient (013x): each line by the HCPCS fee (x units), else the revenue code's rate (x units), else the
contract's percent of charges, capped at the line's covered charge; a line none prices is denied CO-96
N130. A HCPCS line is reported HC with its revenue code in SVC04; a revenue-code-only line NU:<code>.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from revcycle.drg.grouping import group_only
from revcycle.drg.stay import Diagnosis, Stay
from revcycle.drg.weights import weight_for
from revcycle.kernel.errors import RevcycleError
from revcycle.kernel.money import percent_of, round_cents
from revcycle.remittance.model import REVENUE_CODE_QUALIFIER, Adjustment, FacilityAdjudication, ServicePayment
from revcycle.simulator.benefits import CostShare
from revcycle.simulator.config import FacilityTerms
from revcycle.simulator.edits import Denial
from revcycle.simulator.pricing import PricedLine, denied_line
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine, SubmittedStay

DRG_CHANGED = "N208"  # RARC: missing/incomplete/invalid DRG code (the payer's DRG differs from the one sent)
UNGROUPABLE_DRGS = frozenset({998, 999})


@dataclass(frozen=True, slots=True)
class PayerDrg:
    drg: str  # "291"
    weight: Decimal
    remarks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FacilityPrice:
    """An inpatient stay priced: the claim-level adjustments, what it paid, the MIA facts."""

    drg: PayerDrg
    allowed_cents: int
    paid_cents: int
    adjustments: tuple[Adjustment, ...]
    facility: FacilityAdjudication
    cost_share: CostShare


def payer_drg(claim: SubmittedClaim) -> PayerDrg | Denial:
    """The DRG the payer pays: its own grouping, else the one the hospital sent (see the module doc)."""
    stay = claim.stay
    assert stay is not None
    grouped = _grouped(stay)
    sent = _weighted(int(stay.drg), stay) if stay.drg.isdecimal() else None
    if grouped is not None:
        changed = sent is not None and sent.drg != grouped.drg
        return replace(grouped, remarks=(DRG_CHANGED,)) if changed else grouped
    if sent is not None:
        return sent
    return Denial("CO", "16", (DRG_CHANGED,), "the stay groups to no DRG with a weight and none was sent")


def _grouped(stay: SubmittedStay) -> PayerDrg | None:
    if not stay.diagnoses_poa:
        return None
    (principal, principal_poa), *others = stay.diagnoses_poa
    try:
        grouper_stay = Stay(
            age=stay.patient_age,
            sex=stay.patient_sex if stay.patient_sex in ("M", "F") else "U",
            discharge_status=stay.patient_status or "01",
            discharge_date=stay.statement_to,
            principal=Diagnosis(principal, principal_poa or None),
            secondaries=tuple(Diagnosis(code, poa or None) for code, poa in others),
            procedures=stay.procedures,
            admission_date=stay.admission_date,
        )
        assignment = group_only(grouper_stay)
    except (RevcycleError, ValueError, KeyError):  # a stay the grouper cannot take: the DRG sent, if any
        return None
    if assignment.drg in UNGROUPABLE_DRGS:
        return None
    return _weighted(assignment.drg, stay)


def _weighted(drg: int, stay: SubmittedStay) -> PayerDrg | None:
    weight = weight_for(drg, stay.statement_to)
    if weight is None or weight.relative_weight is None:
        return None
    return PayerDrg(f"{drg:03d}", weight.relative_weight)


def drg_payment_cents(terms: FacilityTerms, weight: Decimal) -> int:
    """Base rate x relative weight, rounded half up to the cent."""
    return round_cents(Decimal(terms.drg_base_rate_cents) * weight / 100)


def outlier_cents(terms: FacilityTerms, covered_charges_cents: int, drg_payment: int) -> int:
    """`outlier_percent` of (charges x cost-to-charge ratio - (DRG payment + fixed-loss threshold)), when positive."""
    cost = round_cents(Decimal(covered_charges_cents) * terms.cost_to_charge_ratio / 100)
    excess = cost - (drg_payment + terms.fixed_loss_threshold_cents)
    return percent_of(excess, terms.outlier_percent) if excess > 0 else 0


def price_inpatient(
    claim: SubmittedClaim, terms: FacilityTerms, drg: PayerDrg, cost_share: Callable[[int], CostShare]
) -> FacilityPrice:
    """`cost_share(allowed)` gives the patient's share of the stay's allowed (and advances the accumulators)."""
    stay = claim.stay
    assert stay is not None
    non_covered = sum(line.non_covered_cents for line in claim.lines)
    covered = claim.charge_cents - non_covered
    payment = drg_payment_cents(terms, drg.weight)
    outlier = outlier_cents(terms, covered, payment)
    allowed = max(min(payment + outlier, covered), 0)
    share = cost_share(allowed)
    adjustments = (
        Adjustment("CO", "45", covered - allowed),
        Adjustment("CO", "96", non_covered),
        Adjustment("PR", "1", share.deductible_cents),
        Adjustment("PR", "2", share.coinsurance_cents),
        Adjustment("PR", "3", share.copay_cents),
    )
    facility = FacilityAdjudication(True, stay.covered_days, payment, outlier)
    kept = tuple(adjustment for adjustment in adjustments if adjustment.amount_cents)
    return FacilityPrice(drg, allowed, allowed - share.total_cents, kept, facility, share)


def is_room_and_board(revenue_code: str) -> bool:
    """Accommodation revenue codes 0100-0219, billed in days."""
    return "0100" <= revenue_code <= "0219"


def per_diem_allowed(line: SubmittedLine, per_diem_cents: int) -> int:
    """A room-and-board line: the per diem x its days, capped at its covered charge; any other line: 0."""
    if not is_room_and_board(line.revenue_code):
        return 0
    return min(per_diem_cents * line.units, line.charge_cents - line.non_covered_cents)


def outpatient_allowed(line: SubmittedLine, terms: FacilityTerms) -> tuple[int, str] | None:
    """(allowed, how: "hcpcs" | "revenue" | "percent") for one outpatient line, capped at its covered
    charge; None when the terms price nothing for it."""
    covered = line.charge_cents - line.non_covered_cents
    fee = terms.hcpcs_fee(line.procedure_code) if line.procedure_code else None
    if fee is not None:
        return min(fee * line.units, covered), "hcpcs"
    rate = terms.revenue_code_rate(line.revenue_code)
    if rate is not None:
        return min(rate * line.units, covered), "revenue"
    if terms.outpatient_percent_of_charges is not None:
        return percent_of(covered, terms.outpatient_percent_of_charges), "percent"
    return None


def price_outpatient(
    claim: SubmittedClaim,
    terms: FacilityTerms,
    price_line: Callable[[SubmittedLine, int], PricedLine],
    denied: Callable[[SubmittedLine], PricedLine | None],
) -> tuple[list[PricedLine], FacilityAdjudication]:
    """Each line priced (`price_line(line, allowed)`) unless `denied(line)` already decided it."""
    results: list[PricedLine] = []
    hcpcs_payable = 0
    by_percent = False
    for line in claim.lines:
        decided = denied(line)
        if decided is None:
            found = outpatient_allowed(line, terms)
            if found is None:
                decided = denied_line(
                    line, Denial("CO", "96", ("N130",), "no fee, rate or percent for the line")
                )
            else:
                allowed, how = found
                hcpcs_payable += allowed if how == "hcpcs" else 0
                by_percent |= how == "percent"
                decided = price_line(line, allowed)
        results.append(replace(decided, payment=facility_line(decided.payment, line)))
    rate = (
        terms.outpatient_percent_of_charges / 100
        if by_percent and terms.outpatient_percent_of_charges
        else None
    )
    return results, FacilityAdjudication(
        False, reimbursement_rate=rate, hcpcs_payable_cents=hcpcs_payable or None
    )


def facility_line(payment: ServicePayment, line: SubmittedLine) -> ServicePayment:
    """A priced line as a facility 835 reports it: HC with SVC04 revenue code, or NU:<revenue code>."""
    if line.procedure_code:
        return replace(payment, revenue_code=line.revenue_code)
    return replace(payment, qualifier=REVENUE_CODE_QUALIFIER, procedure_code=line.revenue_code,
                   revenue_code=line.revenue_code)  # fmt: skip
