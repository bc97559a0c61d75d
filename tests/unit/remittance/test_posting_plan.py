"""The way back, planned without a database: matching 835 lines to the claim we sent, the entries and
denials a remitted claim plans, reversals, the claim and appeal moves that follow, the next payer's claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from revcycle.claims import examples
from revcycle.claims.model import ClaimStatus, StatusChange
from revcycle.denials.appeals import Appeal, AppealStatus
from revcycle.denials.categories import Category
from revcycle.ledger import accounts, postings
from revcycle.ledger.entries import PostedEntry
from revcycle.ledger.postings import ChargeRef, insurance_payment
from revcycle.practice import Address, Coverage, CoverageOrder, Patient, Payer
from revcycle.remittance.matching import match_line
from revcycle.remittance.model import (
    Adjustment,
    ClaimPayment,
    ProviderAdjustment,
    RemittanceAdvice,
    ServicePayment,
)
from revcycle.remittance.outcomes import OpenAppeal
from revcycle.remittance.plan import plan_claim
from revcycle.remittance.posting import PostingContext, plan_remittance
from revcycle.remittance.reversals import ReversalFacts
from revcycle.remittance.sent import SentClaim, next_coverage, sent_claims

DOS = examples.EXAMPLE_DOS
PAID_ON = date(2026, 3, 20)
NOW = datetime(2026, 3, 21, 9, tzinfo=UTC)


def _sent(claim_id: int = 7, status: ClaimStatus = ClaimStatus.SUBMITTED, **changes) -> SentClaim:  # noqa: ANN003
    """E1-1 as sent (99214 $150, 83036 $40, 36415 $15; lines 71..73), Jane (patient 1), payer 2."""
    claim = examples.example_claim("E1-1", id=claim_id, status=status,
                                   history=(StatusChange(status, NOW, "sent"),))  # fmt: skip
    claim = replace(claim, lines=tuple(replace(line, id=70 + line.line_number, service_line_id=line.line_number)
                                       for line in claim.lines))  # fmt: skip
    return SentClaim(claim, 1, 2, claim_id, **changes)


def _paid(code: str, charge: int, paid: int, *adjustments: Adjustment, control: str = "", modifiers=()) -> ServicePayment:  # noqa: ANN001
    return ServicePayment(code, charge, paid, modifiers, service_date=DOS, control_number=control, adjustments=adjustments)


def test_a_line_is_matched_by_its_control_number_first_then_by_code_modifiers_and_date():
    # given E1-1 as sent, its lines numbered E1-1-1.. in REF*6R
    claim = _sent().claim
    notes: list[str] = []
    # when the payer echoes the control number of line 3, returns line 1 without a modifier we never sent,
    # and re-codes 83036 as 83037 (SVC06 83036)
    by_control = match_line(_paid("99999", 1500, 0, control="E1-1-3"), claim, set(), notes, "E1-1")
    by_code = match_line(_paid("99214", 15000, 0, modifiers=("25",)), claim, set(), notes, "E1-1")
    recoded = match_line(replace(_paid("83037", 4000, 0), submitted_code="83036"), claim, set(), notes, "E1-1")
    # then each finds its line, and the two guesses are said in notes
    assert [line.line_number for line in (by_control, by_code, recoded)] == [3, 1, 2]
    assert notes == ["E1-1: 99214 matched by code and date; the payer returned modifiers ['25'], we sent []",
                     "E1-1: the payer re-coded 83036 as 83037; matched by SVC06"]  # fmt: skip


def test_a_paid_claim_plans_payments_write_offs_and_the_patient_share_on_the_lines_it_paid():
    # given the payer paid 99214 $100 (CO-45 $30, PR-2 $20), denied 83036 (CO-50) and paid 36415 in full
    payment = ClaimPayment("E1-1", "1", 20500, 11500, lines=(
        _paid("99214", 15000, 10000, Adjustment("CO", "45", 3000), Adjustment("PR", "2", 2000)),
        _paid("83036", 4000, 0, Adjustment("CO", "50", 4000)),
        _paid("36415", 1500, 1500)))  # fmt: skip
    # when it is planned
    plan = plan_claim(3, payment, _sent(), "era:d:1:c3", PAID_ON)
    # then the payments, the write-off and the share go on the lines they paid; the denial is a work item on
    # its line and no entry (the payer still owes the charge while the denial is worked)
    assert plan.exception is None
    assert plan.totals == {"paid": 11500, "contractual": 3000, "patient": 2000, "next_payer": 0, "denied": 4000,
                           "interest": 0, "reversed": 0}  # fmt: skip
    assert [(e.idempotency_key, e.kind.value) for e in plan.entries] == [
        ("era:d:1:c3:l1:pay", "insurance_payment"), ("era:d:1:c3:l1:a1", "contractual_adjustment"),
        ("era:d:1:c3:l1:a2", "transfer"), ("era:d:1:c3:l3:pay", "insurance_payment")]  # fmt: skip
    assert {line.service_line_id for line in plan.entries[0].lines} == {1}
    assert [(d.claim_line_id, d.carc, d.category, d.amount_cents) for d in plan.denials] == [
        (72, "50", Category.MEDICAL_NECESSITY.value, 4000)]
    assert [(paid.procedure_code, line.id) for paid, line in plan.matches] == [("99214", 71), ("83036", 72), ("36415", 73)]


def test_a_claim_we_never_sent_or_a_line_we_never_billed_is_an_exception_with_nothing_planned():
    # given an 835 claim for an unknown number, and one paying a code E1-1 never billed
    unknown = ClaimPayment("X9", "1", 1000, 1000, lines=(_paid("99213", 1000, 1000),))
    stray = ClaimPayment("E1-1", "1", 1000, 1000, lines=(_paid("99214", 15000, 15000), _paid("71045", 1000, 1000)))
    # when they are planned
    plans = [plan_claim(1, unknown, None, "k1", PAID_ON), plan_claim(2, replace(stray, charge_cents=16000,
                                                                                 paid_cents=16000), _sent(), "k2", PAID_ON)]
    # then each is an exception with its reason, and plans no entry (a claim posts whole or not at all)
    assert [plan.exception for plan in plans] == [
        ("unmatched_claim", "no submitted claim with control number 'X9'"),
        ("unmatched_line", "71045 on 2026-03-02 matches no line we sent")]  # fmt: skip
    assert [plan.entries for plan in plans] == [[], []]


def test_a_reversal_mirrors_the_payment_it_takes_back_and_a_corrected_claims_charges():
    # given E1-1 corrected, its $150 charge and its $100 payment on the ledger
    ref = ChargeRef(1, 7, 1)
    charge = PostedEntry(11, postings.charge("claim:E1-1:line:1", DOS, ref, 15000, payer_id=2))
    payment = PostedEntry(12, insurance_payment("era:a:1:c1:l1:pay", PAID_ON, ref, 2, 10000))
    reversal = ClaimPayment("E1-1", "22", -15000, -10000, lines=(_paid("99214", -15000, -10000, Adjustment("CO", "45", -5000)),))
    advice = RemittanceAdvice("ACME", "87726", "CLINIC", "1234567893", "T2", date(2026, 4, 7), -10000, claims=(reversal,))
    facts = ReversalFacts(5, (payment, None), ((1, charge),))
    context = PostingContext({"E1-1": _sent(status=ClaimStatus.CORRECTED)}, reversals={1: facts})
    # when the 835 is planned
    plan = plan_remittance(advice, context, "era:b:1", date(2026, 4, 7), NOW)
    (claim,) = plan.claims
    # then the payment not yet reversed and the charge are mirrored, and the original closes
    assert [(e.idempotency_key, e.reverses_entry_id) for e in claim.entries] == [
        ("era:b:1:c1:rev0", 12), ("claim:E1-1:line:1:replaced", 11)]
    assert [(line.account, line.amount_cents) for line in claim.entries[1].lines] == [
        (accounts.insurance_ar(2), -15000), (accounts.REVENUE, 15000)]
    assert (claim.reverses_id, claim.totals["reversed"]) == (5, 10000)
    assert [(c.claim_id, c.status) for c in plan.moves] == [("E1-1", ClaimStatus.CLOSED)]
    assert plan.notes == ["E1-1: reverses the payment posted as remittance claim 5",
                          "E1-1: corrected; its charges ($150.00) reversed with the payer's reversal", "E1-1: closed"]  # fmt: skip


def test_an_adjudication_moves_the_claim_and_decides_its_sent_appeal():
    # given E1-1 appealed (appeal 4 sent) and an 835 paying it in part, 83036 still denied
    appeal = Appeal("E1-1", Category.MEDICAL_NECESSITY, DOS, date(2026, 9, 1), 4000, AppealStatus.SENT, id=4)
    payment = ClaimPayment("E1-1", "1", 5500, 1500, lines=(_paid("83036", 4000, 0, Adjustment("CO", "50", 4000)),
                                                           _paid("36415", 1500, 1500)))  # fmt: skip
    advice = RemittanceAdvice("ACME", "87726", "CLINIC", "1234567893", "T3", PAID_ON, 1500, claims=(payment,))
    context = PostingContext({"E1-1": _sent(status=ClaimStatus.APPEALED)}, open_appeals=[OpenAppeal(appeal, 7, (9,))])
    # when the 835 is planned
    plan = plan_remittance(advice, context, "era:c:1", PAID_ON, NOW)
    # then the claim is partially paid, the appeal partially won with what was paid, its denial closed
    assert [(c.status, c.history[-1].note) for c in plan.moves] == [(ClaimStatus.PARTIALLY_PAID, "835 trace T3: CLP02 1")]
    (settled,) = plan.appeals
    assert (settled.appeal.status, settled.appeal.recovered_cents, settled.denial_ids, settled.decided) == (
        AppealStatus.PARTIALLY_WON, 1500, (9,), True)


def test_the_share_left_by_the_primary_goes_to_the_next_payer_whose_claim_is_built_once():
    # given Jane covered by payer 2 (primary) and payer 3 (secondary), E1-1 paid $100 with PR-2 $20 on 99214
    secondary = Coverage(1, 3, "S100", CoverageOrder.SECONDARY, date(2025, 1, 1))
    coverages = [Coverage(1, 2, "XYZ123456789", CoverageOrder.PRIMARY, date(2025, 1, 1)), secondary]
    claim = _sent().claim
    sent = sent_claims({"E1-1": (claim, 1, 2)}, {}, {1: coverages})
    payment = ClaimPayment("E1-1", "1", 15000, 10000, payer_claim_number="PCN1",
                           lines=(_paid("99214", 15000, 10000, Adjustment("CO", "45", 3000), Adjustment("PR", "2", 2000)),))  # fmt: skip
    advice = RemittanceAdvice("ACME", "87726", "CLINIC", "1234567893", "T4", PAID_ON, 10000, claims=(payment,))
    jane = Patient("Jane", "Doe", date(1980, 4, 12), "F", Address("12 Oak Ave", "Springfield", "IL", "62702"))
    context = PostingContext(sent, payers={3: Payer("00431", "Second Health", "CI", 365)}, patients={1: jane})
    # when the 835 is planned, and again with the secondary claim already built
    plan = plan_remittance(advice, context, "era:d:1", PAID_ON, NOW)
    again = plan_remittance(advice, replace(context, existing_claims=frozenset({"E1-1S"})), "era:d:1", PAID_ON, NOW)
    # then the $20 moves to payer 3, and its claim E1-1S carries the primary's adjudication line by line
    assert (next_coverage(coverages, claim, 2), plan.claims[0].totals["next_payer"]) == (secondary, 2000)
    (new,) = plan.secondary_claims
    assert (new.claim.claim_id, new.claim.payer_responsibility, new.payer_id, new.claim.status) == (
        "E1-1S", "S", 3, ClaimStatus.DRAFT)
    (prior,) = new.claim.prior_payers
    assert (prior.claim_id, prior.paid_cents, prior.payer_claim_number, prior.patient_responsibility_cents) == (
        "E1-1", 10000, "PCN1", 2000)
    assert again.secondary_claims == []


def test_provider_level_adjustments_without_a_known_payer_are_an_exception():
    # given an 835 whose PLB names a payer we do not know and no claim of ours
    advice = RemittanceAdvice("ACME", "99999", "CLINIC", "1234567893", "T5", PAID_ON, -500,
                              provider_adjustments=(ProviderAdjustment("1234567893", "WO", 500),))  # fmt: skip
    # when it is planned
    plan = plan_remittance(advice, PostingContext({}), "era:e:1", PAID_ON, NOW)
    # then nothing is planned for it, and the exception says why
    assert (plan.provider_entries, plan.exceptions) == ([], [{
        "claim": "", "reason": "provider_adjustment_unassigned", "amount_cents": 500,
        "message": "PLB of 500 cents: no payer '99999' and no matched claim"}])  # fmt: skip
