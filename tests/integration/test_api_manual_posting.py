"""The API journey of manual posting: a paper EOB (422 with located findings when unbalanced; posted once),
a non-covered line moved to the patient, a card payment applied oldest first, a small balance written off, a
manager's refund, and the day's deposit reconciled (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

from api_setup import api_world
from remit_setup import bill

from revcycle.simulator.examples import example_claim, example_line

LINES = [
    {"code": "99214", "date": "2026-03-02", "billed_cents": 20000, "allowed_cents": 13000, "paid_cents": 6400,
     "adjustments": [{"group": "CO", "carc": "45", "amount_cents": 7000}, {"group": "PR", "carc": "1", "amount_cents": 5000},
                     {"group": "PR", "carc": "2", "amount_cents": 1600}], "patient_responsibility_cents": 6600},
    {"code": "99213", "date": "2026-03-02", "billed_cents": 8000, "allowed_cents": 0, "paid_cents": 0,
     "adjustments": [{"group": "CO", "carc": "96", "amount_cents": 8000}], "remarks": ["N130"]},
]  # fmt: skip
EOB = {"payer": "87726", "check_number": "CHK-77", "check_date": "2026-03-10", "check_total_cents": 6400,
       "claims": [{"claim": "C2", "payer_claim_number": "PCN-77", "lines": LINES}]}  # fmt: skip


def test_a_paper_eob_then_the_adjustments_and_the_deposit_through_the_api(engine):
    # given a practice that billed C2 ($200 + $80) to payer 87726
    world = api_world(engine)
    bill(
        world.practice,
        [example_claim("C2", "W200", (example_line(1, "99214", 20000), example_line(2, "99213", 8000)))],
    )
    biller, manager = world.headers("biller"), world.headers("manager")
    patient = world.practice.patient_id
    # when an unbalanced copy is sent, then the EOB twice
    unbalanced = world.client.post(
        "/api/remittances/paper-eobs", json=EOB | {"check_total_cents": 6000}, headers=biller
    )
    first = world.client.post("/api/remittances/paper-eobs", json=EOB, headers=biller)
    again = world.client.post("/api/remittances/paper-eobs", json=EOB, headers=biller)
    # then the unbalanced one is 422 with the check named; the EOB posts once
    assert unbalanced.status_code == 422
    assert [(f["code"], f["location"]) for f in unbalanced.json()["error"]["findings"]] == [
        ("check_not_balanced", "check")
    ]
    assert (first.status_code, first.json()["status"], first.json()["totals"]["paid"]) == (
        201,
        "posted",
        6400,
    )
    assert again.json()["status"] == "already_posted"
    # when the biller moves the non-covered $80 to the patient, takes $140 by card, writes off $6, tries a refund
    moved = world.client.post("/api/transfers", json={"idempotency_key": "api:tr:1", "claim": "C2", "amount_cents": 8000,
                              "from_payer": "87726", "reason": "non-covered, ABN signed"}, headers=biller)  # fmt: skip
    paid = world.client.post(f"/api/patients/{patient}/receipts", json={"idempotency_key": "api:pay:1",
                             "amount_cents": 14000, "method": "card", "reference": "4242"}, headers=biller)  # fmt: skip
    written = world.client.post("/api/write-offs", json={"idempotency_key": "api:wo:1", "claim": "C2",
                                "kind": "small_balance", "amount_cents": 600, "reason": "under $10"}, headers=biller)  # fmt: skip
    bad_debt = world.client.post("/api/write-offs", json={"idempotency_key": "api:wo:2", "claim": "C2",
                                 "kind": "bad_debt", "amount_cents": 100, "reason": "collections"}, headers=biller)  # fmt: skip
    biller_refund = world.client.post(f"/api/patients/{patient}/refunds", json={"idempotency_key": "api:rf:1",
                                      "amount_cents": 100, "reason": "credit"}, headers=biller)  # fmt: skip
    # then each is one entry saying why; bad debt and refunds are a manager's
    assert (moved.status_code, moved.json()["memo"]) == (
        201,
        "balance to the patient: non-covered, ABN signed",
    )
    assert [line["amount_cents"] for line in paid.json()["lines"]] == [14000, -14000]
    assert written.json()["memo"] == "small balance write-off [SBW]: under $10"
    assert (bad_debt.status_code, bad_debt.json()["error"]["message"]) == (
        403,
        "user biller1 (biller) may not write_off_bad_debt",
    )
    assert biller_refund.status_code == 403
    # and the patient's account is settled
    assert world.client.get(f"/api/patients/{patient}/balance", headers=biller).json() == {
        "insurance_cents": 0, "patient_cents": 0, "unapplied_cents": 0, "total_cents": 0}  # fmt: skip
    # when the day's slip is recorded and reconciled; a refund of nothing is tried by the manager
    recorded = world.client.post("/api/deposits", json={"day": "2026-03-10", "reference": "SLIP-1", "amount_cents": 20400},
                                 headers=biller)  # fmt: skip
    day = world.client.get("/api/deposits/2026-03-10", headers=biller).json()
    nothing = world.client.post(f"/api/patients/{patient}/refunds", json={"idempotency_key": "api:rf:2",
                                "amount_cents": 100, "reason": "credit"}, headers=manager)  # fmt: skip
    # then the day balances and the refund is refused plainly
    assert recorded.json()["recorded"] is True
    assert (day["by_source"], day["difference_cents"], day["balanced"]) == (
        {"insurance check": 6400, "patient card": 14000}, 0, True)  # fmt: skip
    assert (nothing.status_code, nothing.json()["error"]["message"]) == (
        422,
        "$1.00 is more than the $0.00 unapplied credit",
    )


def test_a_copay_credit_is_applied_through_the_api_and_a_coder_may_not(engine):
    # given C2 posted from the paper EOB ($66.00 owed by the patient) and a $25.00 copay kept as a credit
    world = api_world(engine)
    bill(world.practice, [example_claim("C2", "W200", (example_line(1, "99214", 20000), example_line(2, "99213", 8000)))])
    biller = world.headers("biller")
    patient = world.practice.patient_id
    world.client.post("/api/remittances/paper-eobs", json=EOB, headers=biller)
    world.client.post(f"/api/patients/{patient}/receipts", json={"idempotency_key": "api:copay:1", "amount_cents": 2500,
                      "method": "cash", "apply": "credit"}, headers=biller)  # fmt: skip
    # when a coder tries, then the biller applies the credit toward C2, and sends it again
    body = {"idempotency_key": "api:credit:1", "apply": "claim", "claims": {"C2": 1}}
    refused = world.client.post(f"/api/patients/{patient}/credits/apply", json=body, headers=world.headers("coder"))
    applied = world.client.post(f"/api/patients/{patient}/credits/apply", json=body, headers=biller)
    again = world.client.post(f"/api/patients/{patient}/credits/apply", json=body, headers=biller)
    # then the coder is refused; the entry moves $25.00 from the credit to C2, once; the patient owes $41.00
    assert refused.status_code == 403
    assert (applied.status_code, applied.json()["kind"]) == (201, "apply_unapplied")
    assert again.json()["id"] == applied.json()["id"]
    balance = world.client.get(f"/api/patients/{patient}/balance", headers=biller).json()
    assert (balance["patient_cents"], balance["unapplied_cents"]) == (4100, 0)
    # and a claim that does not exist is refused by name
    other = world.client.post(f"/api/patients/{patient}/credits/apply", headers=biller,
                              json={"idempotency_key": "api:credit:2", "apply": "claim", "claims": {"C9": 1}})  # fmt: skip
    assert (other.status_code, other.json()["error"]["message"]) == (404, "no claim 'C9'")
