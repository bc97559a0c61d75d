"""AR aging and KPIs on a constructed ledger (real posting rules, exact cents and percentages)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from revcycle.ledger import postings
from revcycle.ledger.postings import ChargeRef
from revcycle.reports import (
    Adjudication,
    ScrubOutcome,
    age_receivables,
    bucket_of,
    compute_kpis,
    facts_from_entries,
)

AS_OF = date(2026, 6, 30)
PAYER_A, PAYER_B = 1, 2
ANN, BEN = 10, 11


def constructed_ledger():
    a = ChargeRef(ANN, claim_id=100, service_line_id=1000)
    b = ChargeRef(ANN, claim_id=101, service_line_id=1010)
    c = ChargeRef(BEN, claim_id=102, service_line_id=1020)
    d = ChargeRef(BEN, service_line_id=1030)
    return facts_from_entries([
        postings.charge("a", date(2026, 6, 15), a, 20000, PAYER_A),  # 15 days: 0-30
        postings.charge("b", date(2026, 4, 20), b, 15000, PAYER_A),  # 71 days: 61-90
        postings.insurance_payment("b-paid", date(2026, 5, 20), b, PAYER_A, 8000),
        postings.contractual_adjustment("b-co45", date(2026, 5, 20), b, PAYER_A, 3000),
        postings.transfer_to_patient("b-pr", date(2026, 5, 20), b, PAYER_A, 4000),  # Ann owes 40.00 of B
        postings.charge("c", date(2026, 2, 15), c, 30000, PAYER_B),  # 135 days: 120+
        postings.charge("d", date(2026, 3, 20), d, 10000),  # self-pay, 102 days: 91-120
        postings.patient_payment("ben-on-account", date(2026, 6, 1), ChargeRef(BEN), 3000),
        postings.patient_payment("ann-prepay", date(2026, 6, 20), ChargeRef(ANN), 2500, unapplied_cents=2500),
        postings.charge("later", date(2026, 7, 2), a, 999, PAYER_A),  # after the as-of date: ignored
    ])


def test_buckets_are_inclusive_at_their_upper_day():
    # given / when / then
    assert [bucket_of(days) for days in (0, 30, 31, 60, 61, 90, 91, 120, 121, 400)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_aging_by_payer_and_by_patient_from_the_date_of_service():
    # given the constructed ledger
    facts = constructed_ledger()
    # when aged on June 30
    report = age_receivables(facts, AS_OF, {PAYER_A: "Acme Health", PAYER_B: "Bay Mutual"})
    # then insurance balances sit in their payers' rows, aged from the date of service
    assert [(r.party_id, r.name, r.buckets, r.total_cents) for r in report.payers] == [
        (PAYER_A, "Acme Health", (20000, 0, 0, 0, 0), 20000),
        (PAYER_B, "Bay Mutual", (0, 0, 0, 0, 30000), 30000)]
    # and the patient's share keeps the service's age; a payment on account settles the oldest balance;
    # unapplied cash is held apart
    assert [(r.party_id, r.buckets, r.credit_cents, r.unapplied_cents) for r in report.patients] == [
        (ANN, (0, 0, 4000, 0, 0), 0, -2500), (BEN, (0, 0, 0, 7000, 0), 0, 0)]
    assert (report.insurance_buckets, report.patient_buckets) == ((20000, 0, 0, 0, 30000), (0, 0, 4000, 7000, 0))
    assert (report.total_cents, report.over_90_cents, report.percent_over_90) == (61000, 37000, Decimal("60.7"))


def test_a_credit_larger_than_the_balances_is_left_as_credit():
    # given a patient who paid 50.00 on a 30.00 self-pay balance
    facts = facts_from_entries([
        postings.charge("x", date(2026, 6, 1), ChargeRef(ANN, service_line_id=1), 3000),
        postings.patient_payment("x-paid", date(2026, 6, 2), ChargeRef(ANN), 5000),
    ])
    # when / then
    row = age_receivables(facts, AS_OF).patients[0]
    assert (row.buckets, row.credit_cents, row.total_cents) == ((0, 0, 0, 0, 0), -2000, -2000)


def test_kpis_with_their_formulas_on_the_constructed_ledger():
    # given the ledger, four claims scrubbed (three clean the first time), three adjudicated
    facts = constructed_ledger()
    scrubs = [ScrubOutcome(100, True), ScrubOutcome(101, True), ScrubOutcome(102, False), ScrubOutcome(103, True)]
    adjudications = [
        Adjudication("E2-1", "1", 8000),  # paid on the first pass
        Adjudication("E3-1", "4", 0, frozenset({"eligibility"})),  # denied
        Adjudication("E4-1", "1", 5000, frozenset({"coding"})),  # paid, one line denied
    ]
    # when
    kpis = compute_kpis(AS_OF, facts, scrubs, adjudications, age_receivables(facts, AS_OF))
    # then (period Apr 2 – Jun 30: charges 350.00, contractual 30.00, payments 135.00)
    assert (kpis.period.start, kpis.period.days) == (date(2026, 4, 2), 90)
    assert (kpis.period.charges_cents, kpis.period.contractual_cents, kpis.period.payments_cents) == (35000, 3000, 13500)
    assert kpis.clean_claim_rate == Decimal("75.0")
    assert kpis.first_pass_resolution_rate == Decimal("33.3")
    assert kpis.denial_rate == Decimal("66.7")
    assert kpis.denial_rate_by_category == {"eligibility": Decimal("33.3"), "coding": Decimal("33.3")}
    assert (kpis.ar_cents, kpis.days_in_ar) == (58500, Decimal("150.4"))  # 585.00 / (350.00 / 90 days)
    assert kpis.net_collection_rate == Decimal("42.2")  # 135.00 / (350.00 - 30.00)
    assert kpis.percent_ar_over_90 == Decimal("60.7")


def test_kpis_without_data_say_none_not_zero():
    # given nothing posted / when / then
    kpis = compute_kpis(AS_OF, [], [], [], age_receivables([], AS_OF))
    assert (kpis.clean_claim_rate, kpis.denial_rate, kpis.days_in_ar, kpis.net_collection_rate,
            kpis.percent_ar_over_90) == (None, None, None, None, None)


def test_kpis_count_only_the_claims_scrubbed_and_adjudicated_by_their_day():
    # given claims scrubbed on May 1 and June 2, adjudicated on May 20 (paid) and June 10 (denied)
    scrubs = [ScrubOutcome(100, True, date(2026, 5, 1)), ScrubOutcome(101, False, date(2026, 6, 2))]
    adjudications = [Adjudication("E1-1", "1", 8000, frozenset(), date(2026, 5, 20)),
                     Adjudication("E2-1", "4", 0, frozenset({"eligibility"}), date(2026, 6, 10))]  # fmt: skip
    # when the KPIs are read as of May 31, and as of April 1 (before any claim)
    may = compute_kpis(date(2026, 5, 31), [], scrubs, adjudications, age_receivables([], date(2026, 5, 31)))
    april = compute_kpis(date(2026, 4, 1), [], scrubs, adjudications, age_receivables([], date(2026, 4, 1)))
    # then May counts the May claims only: one clean of one, one paid first pass, no denial
    assert (may.claims_scrubbed, may.clean_claim_rate, may.claims_adjudicated) == (1, Decimal("100.0"), 1)
    assert (may.first_pass_resolution_rate, may.denial_rate, may.denial_rate_by_category) == (
        Decimal("100.0"), Decimal("0.0"), {})
    # and April has nothing to measure: no rates at all, not the later claims' figures
    assert (april.claims_scrubbed, april.claims_adjudicated) == (0, 0)
    assert (april.clean_claim_rate, april.first_pass_resolution_rate, april.denial_rate) == (None, None, None)
