"""The payer engine: adjudicates submitted claims into a `RemittanceAdvice`.

    engine = PayerEngine(config)                        # state: accumulators, claim history
    advice = engine.adjudicate(claims, paid_on=date(2026, 3, 2))

Per claim: a replacement (frequency 7) or void (8) first reverses the original payment (status 22,
negated amounts, accumulators given back); then claim-level edits (eligibility on the date of
service, timely filing) deny every line; line edits (duplicate, invalid diagnosis, non-covered,
prior authorization, NCCI, contract bundling) deny a line; the rest is priced (`pricing`).
A facility claim (837I, `claim.stay`) is priced by `facility_pricing`: an inpatient stay by its DRG at the
claim level (a line already paid makes it a duplicate, CO-18), an outpatient visit per line after the same
line edits as a professional claim. Its patient share comes from the same benefit plan and accumulators.
Deterministic: numbers (payer claim numbers, the trace number) come from `config.seed` and a counter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from revcycle.codesets.ncci import PtpTable, ptp_table
from revcycle.payer.contract import reduced_lines
from revcycle.remittance.model import (
    Adjustment,
    ClaimPayment,
    FacilityAdjudication,
    ProviderAdjustment,
    RemittanceAdvice,
)
from revcycle.simulator import edits
from revcycle.simulator.benefits import Accumulators, give_back, share
from revcycle.simulator.config import BenefitPlan, Member, PayerConfig, ProviderAdjustmentRule
from revcycle.simulator.edits import Denial
from revcycle.simulator.facility_pricing import (
    facility_line,
    payer_drg,
    per_diem_allowed,
    price_inpatient,
    price_outpatient,
)
from revcycle.simulator.pricing import PricedLine, denied_line, full_allowed, priced_line
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine

STATUS_BY_RESPONSIBILITY = {"P": "1", "S": "2", "T": "3"}


@dataclass(slots=True)
class Adjudicated:
    """What the engine remembers of a claim it paid: to spot duplicates and to reverse it."""

    payment: ClaimPayment
    member_id: str
    line_keys: tuple[tuple, ...]
    shares: list[tuple[int, int, int]] = field(default_factory=list)  # (plan year, deductible, total)
    reversed: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The latest decision on a claim id and its payment date (what a 277 reports)."""

    payment: ClaimPayment
    paid_on: date
    trace_number: str  # the 835's TRN02 (check or EFT number)


class PayerEngine:
    def __init__(self, config: PayerConfig, ncci: PtpTable | None = None) -> None:
        self.config = config
        self.ncci = ncci if ncci is not None or not config.contract.apply_ncci else ptp_table()
        self.accumulators = Accumulators()
        self.history: dict[str, Adjudicated] = {}
        self._random = random.Random(config.seed)
        self._claim_counter = 0
        self._pending_plb = list(config.provider_adjustments)
        self.decisions: dict[str, Decision] = {}  # claim id -> the latest decision (claim status 277)

    def adjudicate(self, claims: list[SubmittedClaim], paid_on: date) -> RemittanceAdvice:
        """The claims, in order, paid on `paid_on` to the first claim's billing provider."""
        payments: list[ClaimPayment] = []
        for claim in claims:
            payments += self._adjudicate_one(claim)
        provider_id = claims[0].billing_npi if claims else ""
        plb = self._provider_adjustments(provider_id, paid_on)
        total = sum(p.paid_cents for p in payments) - sum(a.amount_cents for a in plb)
        trace = f"{self._random.randrange(10**9):09d}"
        self.decisions |= {payment.claim_id: Decision(payment, paid_on, trace) for payment in payments}
        if total < 0:  # takebacks exceed payments: carry the balance forward (PLB FB), recover it next time
            plb.append(ProviderAdjustment(provider_id, "FB", total, trace, date(paid_on.year, 12, 31)))
            self._pending_plb.append(ProviderAdjustmentRule("FB", -total, trace))
            total = 0
        first = claims[0] if claims else None
        return RemittanceAdvice(
            payer_name=self.config.name,
            payer_id=self.config.payer_id,
            payee_name=first.billing_name if first else "",
            payee_id=provider_id,
            trace_number=trace,
            payment_date=paid_on,
            total_paid_cents=total,
            payment_method=self.config.payment_method if total > 0 else "NON",
            claims=tuple(payments),
            provider_adjustments=tuple(plb),
        )

    def _provider_adjustments(self, provider_id: str, paid_on: date) -> list[ProviderAdjustment]:
        pending, self._pending_plb = self._pending_plb, []
        period_end = date(paid_on.year, 12, 31)
        return [
            ProviderAdjustment(provider_id, r.reason, r.amount_cents, r.reference, period_end)
            for r in pending
        ]

    def _adjudicate_one(self, claim: SubmittedClaim) -> list[ClaimPayment]:
        payments: list[ClaimPayment] = []
        if claim.frequency in ("7", "8"):
            original = self.history.get(claim.original_payer_claim_number)
            if original is None or original.reversed:
                denial = Denial("CO", "16", ("M47",), "the claim it replaces is unknown or already reversed")
                return [self._denied_claim(claim, denial)]
            payments.append(self._reverse(original))
            if claim.frequency == "8":
                return payments
        payments.append(self._decide(claim))
        return payments

    def _reverse(self, original: Adjudicated) -> ClaimPayment:
        original.reversed = True
        member = self.config.member(original.member_id)
        if member is not None:
            for year, deductible, total in original.shares:
                give_back(self.accumulators.for_member(member, year), deductible, total)
        return negated(original.payment)

    def _decide(self, claim: SubmittedClaim) -> ClaimPayment:
        member = self.config.member(claim.member_id)
        claim_denial = edits.eligibility(claim, member) or edits.timely_filing(claim, self.config.contract)
        if claim_denial is not None or member is None:
            return self._denied_claim(claim, claim_denial)
        plan = self.config.plan(member.plan_id)
        if claim.stay is not None:
            return self._decide_facility(claim, plan, member)
        denials = self._line_denials(claim)
        open_lines = [line for line in claim.lines if line.line_number not in denials]
        allowed = {line.line_number: full_allowed(line, self.config) for line in open_lines}
        for line in open_lines:
            if allowed[line.line_number] is None:
                denials[line.line_number] = Denial("CO", "96", ("N130",), "no contract rate")
        priced = [(line, allowed[line.line_number]) for line in open_lines if line.line_number not in denials]
        reductions = reduced_lines(priced, self.config.contract)  # type: ignore[arg-type]
        results: list[PricedLine] = []
        for line in claim.lines:
            if line.line_number in denials:
                results.append(denied_line(line, denials[line.line_number]))
            else:
                full = allowed[line.line_number] or 0
                pair = (full, reductions.get(line.line_number, 0))
                results.append(priced_line(claim, line, pair, plan, member, self.accumulators))
        return self._record(claim, results, plan.plan_year(claim.first_service_date))

    def _decide_facility(self, claim: SubmittedClaim, plan: BenefitPlan, member: Member) -> ClaimPayment:
        assert claim.stay is not None
        terms, year = self.config.facility, plan.plan_year(claim.first_service_date)
        if not claim.stay.is_inpatient:
            denials = self._line_denials(claim)
            results, facility = price_outpatient(
                claim,
                terms,
                lambda line, allowed: priced_line(claim, line, (allowed, 0), plan, member, self.accumulators),
                lambda line: (
                    denied_line(line, denials[line.line_number]) if line.line_number in denials else None
                ),
            )
            return self._record(claim, results, year, facility=facility)
        if self._already_paid(claim):
            return self._denied_claim(claim, Denial("CO", "18", (), "exact duplicate of a paid stay"))
        if terms.inpatient_per_diem_cents is not None:
            return self._per_diem(claim, plan, member, terms.inpatient_per_diem_cents, year)
        drg = payer_drg(claim)
        if isinstance(drg, Denial):
            return self._denied_claim(claim, drg)
        accumulator = self.accumulators.for_member(member, year)
        priced = price_inpatient(claim, terms, drg, lambda allowed: share(plan, accumulator, "", allowed))
        return self._record(claim, [], year, facility=priced.facility, claim_level=priced.adjustments,
                            paid=priced.paid_cents, drg=(priced.drg.drg, priced.drg.weight),
                            remarks=priced.drg.remarks,
                            shares=[(year, priced.cost_share.deductible_cents, priced.cost_share.total_cents)])  # fmt: skip

    def _per_diem(
        self, claim: SubmittedClaim, plan: BenefitPlan, member: Member, per_diem: int, year: int
    ) -> ClaimPayment:
        """Room and board at the per diem per day, the rest included (see `facility_pricing`)."""
        assert claim.stay is not None
        results = []
        for line in claim.lines:
            allowed = (per_diem_allowed(line, per_diem), 0)
            priced = priced_line(claim, line, allowed, plan, member, self.accumulators)
            results.append(replace(priced, payment=facility_line(priced.payment, line)))
        grouped = payer_drg(claim)
        drg = (grouped.drg, grouped.weight) if not isinstance(grouped, Denial) else None
        facility = FacilityAdjudication(True, claim.stay.covered_days)
        return self._record(claim, results, year, facility=facility, drg=drg)

    def _already_paid(self, claim: SubmittedClaim) -> bool:
        """Any of the claim's lines already paid on a claim not reversed."""
        active = {key for past in self.history.values() if not past.reversed for key in past.line_keys}
        return any(_line_key(claim, line) in active for line in claim.lines)

    def _line_denials(self, claim: SubmittedClaim) -> dict[int, Denial]:
        contract = self.config.contract
        denials: dict[int, Denial] = {}
        active_keys = {key for past in self.history.values() if not past.reversed for key in past.line_keys}
        for line in claim.lines:
            found = (
                (
                    Denial("CO", "18", (), "exact duplicate of a paid line")
                    if _line_key(claim, line) in active_keys
                    else None
                )
                or edits.invalid_diagnosis(claim, line)
                or edits.non_covered(line, contract)
                or edits.prior_authorization(claim, line, contract)
            )
            if found is not None:
                denials[line.line_number] = found
        remaining = tuple(line for line in claim.lines if line.line_number not in denials)
        if self.ncci is not None:
            denials |= {n: d for n, d in edits.ncci_denials(remaining, self.ncci).items() if n not in denials}
        denials |= {n: d for n, d in edits.contract_bundling(remaining, contract).items() if n not in denials}
        return denials

    def _denied_claim(self, claim: SubmittedClaim, denial: Denial | None) -> ClaimPayment:
        denial = denial or Denial("CO", "31", ("N382",), "unknown member")
        results = [denied_line(line, denial) for line in claim.lines]
        if claim.stay is not None:
            results = [
                replace(r, payment=facility_line(r.payment, line))
                for r, line in zip(results, claim.lines, strict=True)
            ]
        return self._record(claim, results, None)

    def _record(
        self,
        claim: SubmittedClaim,
        results: list[PricedLine],
        plan_year: int | None,
        facility: FacilityAdjudication | None = None,
        claim_level: tuple[Adjustment, ...] = (),
        paid: int | None = None,
        drg: tuple[str, Decimal] | None = None,
        remarks: tuple[str, ...] = (),
        shares: list[tuple[int, int, int]] | None = None,
    ) -> ClaimPayment:
        """`paid`, `claim_level` adjustments, `shares`: a claim priced as a whole (a DRG stay, no lines)."""
        self._claim_counter += 1
        lines = tuple(result.payment for result in results)
        paid = sum(line.paid_cents for line in lines) if paid is None else paid
        patient = sum(line.responsibility_cents() for line in lines)
        patient += sum(a.amount_cents for a in claim_level if a.group == "PR")
        denied = paid == 0 and patient == 0
        payment = ClaimPayment(
            claim_id=claim.claim_id,
            status="4" if denied else STATUS_BY_RESPONSIBILITY.get(claim.responsibility, "1"),
            charge_cents=claim.charge_cents,
            paid_cents=paid,
            patient_responsibility_cents=patient,
            filing_indicator=claim_filing_code(claim.filing_indicator or self.config.filing_indicator),
            payer_claim_number=f"{self.config.seed:02d}{claim.received_on:%y%j}{self._claim_counter:07d}",
            frequency=claim.frequency,
            patient_last_name=claim.patient_last_name,
            patient_first_name=claim.patient_first_name,
            member_id=claim.member_id,
            lines=lines,
            received_date=claim.received_on,
            adjustments=claim_level,
            remarks=remarks,
            facility_type=claim.stay.bill_type if claim.stay is not None else "11",
            drg=drg[0] if drg else "",
            drg_weight=drg[1] if drg else None,
            facility=facility,
        )
        if not denied:
            if shares is None:
                shares = [
                    (plan_year or 0, r.cost_share.deductible_cents, r.cost_share.total_cents) for r in results
                ]
            keys = tuple(
                _line_key(claim, line)
                for line, r in zip(claim.lines, results or [None] * len(claim.lines), strict=True)
                if r is None or r.payment.paid_cents or r.payment.responsibility_cents()
            )
            self.history[payment.payer_claim_number] = Adjudicated(payment, claim.member_id, keys, shares)
        else:  # a denied claim can be replaced or voided too (its reversal pays nothing back)
            self.history[payment.payer_claim_number] = Adjudicated(payment, claim.member_id, ())
        return payment


# the 837's SBR09 claim filing indicator -> the 835's CLP06 code (commercial and BCBS: 12 PPO)
CLP06_BY_SBR09 = {"CI": "12", "BL": "12", "11": "ZZ"}


def claim_filing_code(filing_indicator: str) -> str:
    return CLP06_BY_SBR09.get(filing_indicator, filing_indicator)


def _line_key(claim: SubmittedClaim, line: SubmittedLine) -> tuple:
    return (
        claim.member_id,
        line.procedure_code,
        line.revenue_code,
        line.modifiers,
        line.service_date,
        line.charge_cents,
        line.units,
    )


def negated(payment: ClaimPayment) -> ClaimPayment:
    """The reversal of a payment: status 22, every amount negated, same claim and payer claim number."""
    lines = tuple(
        replace(
            line,
            charge_cents=-line.charge_cents,
            paid_cents=-line.paid_cents,
            adjustments=tuple(
                Adjustment(a.group, a.reason, -a.amount_cents, a.quantity) for a in line.adjustments
            ),
            allowed_cents=None if line.allowed_cents is None else -line.allowed_cents,
        )
        for line in payment.lines
    )
    return replace(
        payment,
        status="22",
        charge_cents=-payment.charge_cents,
        paid_cents=-payment.paid_cents,
        patient_responsibility_cents=-(payment.patient_responsibility_cents or 0),
        adjustments=tuple(Adjustment(a.group, a.reason, -a.amount_cents) for a in payment.adjustments),
        lines=lines,
        frequency="8",
    )
