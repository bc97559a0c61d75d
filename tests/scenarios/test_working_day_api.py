"""A practice's whole working day through the REST API only (TestClient over the real app, a real database,
the payer simulator behind the clearinghouse): set up from a practice file, register Richard Roe with Acme
Health (primary) and Second Health (secondary), ask Acme about his benefits (270/271), check him in and enter
the visit's charges, code, bill, submit and collect the 835, post Second Health's paper EOB on the secondary
claim, write off the small balance left, move the charge Acme does not cover to him, print his statement and
take his card: every amount worked out from the fee schedule, the contract and his plan."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient

from revcycle.api import create_app
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.services import users
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

NOW = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
TODAY = "2026-03-10"
PASSWORD = "correct horse battery"
PRACTICE = """practice: {name: Riverbend Family Medicine, phone: (217) 555-0140}
billing_providers:
  - name: Riverbend Family Medicine LLC
    npi: "1234567893"
    tin: 12-3456789
    taxonomy: 207Q00000X
    phone: (217) 555-0140
    address: {line1: 2200 River Rd, city: Springfield, state: IL, zip: "627042210"}
rendering_providers:
  - {first_name: Helen, last_name: Okafor, npi: "1987654328", taxonomy: 207Q00000X}
facilities:
  - name: Riverbend main office
    place_of_service: "11"
    address: {line1: 2200 River Rd, city: Springfield, state: IL, zip: "627042210"}
payers:
  - payer_id: "87726"
    name: Acme Health
    filing_indicator: CI
    timely_filing_days: 180
    route: acme
    contract:
      percent_of_charge: "60"
      non_covered_codes: ["82306"]
      rates:
        - {code: "99213", allowed: "90.00", effective_from: "2026-01-01"}
        - {code: "83036", allowed: "13.00", effective_from: "2026-01-01"}
  - payer_id: "00431"
    name: Second Health
    filing_indicator: CI
    timely_filing_days: 365
fee_schedules:
  - name: Standard
    fees:
      - {code: "99213", amount: "110.00", effective_from: "2026-01-01"}
      - {code: "83036", amount: "40.00", effective_from: "2026-01-01"}
      - {code: "82306", amount: "45.00", effective_from: "2026-01-01"}
"""  # fmt: skip
ADDRESS = {"line1": "14 Elm St", "city": "Springfield", "state": "IL", "zip_code": "62704"}
RICHARD = {"first_name": "Richard", "last_name": "Roe", "birth_date": "1970-05-17", "sex": "M", "address": ADDRESS,
           "phone": "(217) 555-0147", "email": "rroe@example.org"}  # fmt: skip


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


class Desk:
    """The app over HTTP, one bearer token per user signed in."""

    def __init__(self, client: TestClient) -> None:
        self.client, self.tokens = client, {}

    def sign_in(self, username: str) -> None:
        answer = self.client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        self.tokens[username] = answer.json()["access_token"]

    def call(self, who: str, method: str, url: str, status: int = 200, **kwargs):
        answer = self.client.request(
            method, url, headers={"Authorization": f"Bearer {self.tokens[who]}"}, **kwargs
        )
        assert answer.status_code == status, (method, url, answer.status_code, answer.text)
        return answer

    def get(self, who: str, url: str, **params):
        return self.call(who, "GET", url, params=params).json()

    def post(self, who: str, url: str, body: dict | None = None, status: int = 201):
        return self.call(who, "POST", url, status, json=body).json()


def owed_by_line(
    desk: Desk, patient_id: int, codes: dict[int, str], owers: dict[str, str]
) -> dict[tuple[str, str], int]:
    """What is still owed, per (procedure code, who owes it), from the patient's journal: the lines on the
    receivables `owers` names (account -> who), summed per service line and account; only the amounts left."""
    owed: dict[tuple[str, str], int] = {}
    for entry in desk.get("bea", f"/api/patients/{patient_id}/journal"):
        for line in entry["lines"]:
            if line["account"] in owers:
                key = (codes.get(line["service_line_id"], "claim"), owers[line["account"]])
                owed[key] = owed.get(key, 0) + line["amount_cents"]
    return {key: cents for key, cents in owed.items() if cents}


def posting_lines(entry: dict) -> list[tuple[str, int, int | None]]:
    return [(line["account"], line["amount_cents"], line["service_line_id"]) for line in entry["lines"]]


def balance(desk: Desk, patient_id: int) -> tuple[int, int, int, int]:
    found = desk.get("bea", f"/api/patients/{patient_id}/balance")
    return found["insurance_cents"], found["patient_cents"], found["unapplied_cents"], found["total_cents"]


def statement_text(desk: Desk, patient_id: int) -> str:
    answer = desk.call("bea", "GET", f"/api/patients/{patient_id}/statement.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_working_day_through_the_api(engine, tmp_path):  # noqa: F811
    # given a fresh database with only the installer's admin, and Acme Health's payer simulator behind the
    # clearinghouse (the example PPO plan: Richard Roe is W200, $450 of his $500 deductible met, 20% coinsurance,
    # a $25 copay on 99213; allowed 99213 $90, 83036 $13; 82306 not covered), answering the same day
    users.add_user(UnitOfWork(engine, FixedClock(NOW)), "admin", "admin", PASSWORD)
    partner = SimulatorClearinghouse(EnvelopeSettings("acme", "CLINIC01", "87726", usage="T"), tmp_path / "acme",
                                     example_payer(non_covered_codes=frozenset({"82306"})), days_to_pay=0,
                                     received_on=NOW.date(), clock=FixedClock(NOW))  # fmt: skip
    desk = Desk(TestClient(create_app(engine, FixedClock(NOW), secret_key="day-secret", partner=partner)))
    desk.sign_in("admin")
    # when the admin adds the staff, and each signs in
    for name, role in (("dana", "manager"), ("bea", "biller"), ("carlos", "coder"), ("audra", "auditor")):
        added = desk.post("admin", "/api/users", {"username": name, "role": role, "password": PASSWORD})
        assert (added["username"], added["role"], added["active"]) == (name, role, True)
        desk.sign_in(name)

    # 1. when the manager loads the practice file (fees inline)
    loaded = desk.call("dana", "POST", "/api/setup/import", content=PRACTICE).json()
    # then the practice, its provider, doctor, office, two payers, Acme's contract and three fees are there
    assert loaded["added"] == {"billing_provider": 1, "rendering_provider": 1, "facility": 1, "payer": 2}
    assert (loaded["changed"], loaded["fees"], loaded["contracts_changed"]) == (
        {"practice": 1}, {"added": 3, "ended": 0, "unchanged": 0}, 1)  # fmt: skip
    setup = desk.get("dana", "/api/setup")
    assert [(p["payer_code"], p["name"]) for p in setup["payers"]] == [
        ("87726", "Acme Health"),
        ("00431", "Second Health"),
    ]
    acme, second = (payer["id"] for payer in setup["payers"])
    doctor, office = setup["rendering_providers"][0]["id"], setup["facilities"][0]["id"]
    contract = desk.get("bea", "/api/setup/payers/87726/contract")
    assert contract["non_covered_codes"] == ["82306"]
    fee = desk.get("carlos", "/api/setup/fee", code="82306", dos=TODAY)
    assert (fee["amount_cents"], fee["effective_from"]) == (4500, "2026-01-01")

    # 2. when the front desk registers Richard Roe with Acme (primary) and, through his wife Rita, Second Health
    richard = desk.post("bea", "/api/patients", RICHARD)
    patient = richard["id"]
    primary = desk.post("bea", f"/api/patients/{patient}/coverages", {
        "payer_id": acme, "member_id": "W200", "order": 1, "effective_from": "2026-01-01"})  # fmt: skip
    secondary = desk.post("bea", f"/api/patients/{patient}/coverages", {
        "payer_id": second, "member_id": "S-77", "order": 2, "effective_from": "2026-01-01",
        "relationship_to_subscriber": "spouse",
        "subscriber": {"first_name": "Rita", "last_name": "Roe", "birth_date": "1972-08-01"}})  # fmt: skip
    # then he has an account number (his id 1 and its check digit), his phone as 10 digits, two coverages in order
    assert (richard["account_number"], richard["phone"]) == ("00000018", "2175550147")
    coverages = desk.get("bea", f"/api/patients/{patient}/coverages")
    assert [(c["id"], c["payer_id"], c["member_id"], c["order"]) for c in coverages] == [
        (primary["id"], acme, "W200", 1), (secondary["id"], second, "S-77", 2)]  # fmt: skip

    # 3. when the desk asks Acme about him today (270/271 through the simulator)
    asked = desk.post("bea", f"/api/coverages/{primary['id']}/eligibility", {"on": TODAY})
    # then he is active on the PPO, with the $25 copay, $50 of the deductible left and 20% coinsurance
    assert (asked["payer"], asked["active"], asked["office_copay_cents"], asked["benefits"]["plan_name"]) == (
        "Acme Health", True, 2500, "PPO")  # fmt: skip
    words = {item["label"]: item["words"] for item in asked["words"]}
    assert (words["Copay"], words["Deductible"], words["Coinsurance"]) == (
        "$25.00 office visit (99213), in network",
        "individual, in network: $500.00; met $450.00, $50.00 remaining",
        "patient pays 20% of health plan, in network",
    )
    assert (
        words["Out-of-pocket maximum"] == "individual, in network: $3,000.00; met $0.00, $3,000.00 remaining"
    )

    # 4. when he is checked in (no copay taken: Second Health covers what Acme leaves), gives a new phone number,
    # and the biller enters the visit's diagnoses and charges with their pointers, priced by the fee schedule
    visit = desk.post("bea", f"/api/patients/{patient}/check-ins", {
        "key": "roe-2026-03-10", "rendering_provider_id": doctor, "facility_id": office})  # fmt: skip
    edited = desk.call(
        "bea", "PUT", f"/api/patients/{patient}", json={**RICHARD, "phone": "217-555-0199"}
    ).json()
    encounter = visit["encounter"]["id"]
    url = f"/api/encounters/{encounter}"
    desk.call("bea", "PUT", f"{url}/diagnoses", json={"codes": ["E11.9", "E55.9"]})
    entered = [desk.post("bea", f"{url}/charges", {"procedure_code": code, "pointers": pointers})
               for code, pointers in (("99213", [1]), ("83036", [1]), ("82306", [2]))]  # fmt: skip
    # then the visit is billed to Acme, and each line has its fee: $110 + $40 + $45
    assert (visit["encounter"]["coverage_id"], visit["encounter"]["date_of_service"], edited["phone"]) == (
        primary["id"], TODAY, "2175550199")  # fmt: skip
    assert [(line["procedure_code"], line["pointers"], line["charge"]) for line in entered] == [
        ("99213", [1], "110.00"), ("83036", [1], "40.00"), ("82306", [2], "45.00")]  # fmt: skip

    # 5. when the coder codes the visit (type 2 diabetes, vitamin D deficiency) and finalizes
    for code in ("E11.9", "E55.9"):
        desk.post(
            "carlos",
            f"{url}/coding/decisions",
            {"action": "add", "final_code": code, "reason": "Dr Okafor's assessment"},
        )
    final = desk.post("carlos", f"{url}/coding/finalize", status=200)
    # then the codes are final, the charges closed, each line pointing at its own diagnosis
    assert final == {"encounter_id": encounter, "diagnoses": ["E11.9", "E55.9"], "forced": False}
    superbill = desk.get("bea", f"{url}/charges")
    assert superbill["closed"] == "its coding is finalized; the charges are what was coded"
    assert [(line["procedure_code"], line["pointers"]) for line in superbill["lines"]] == [
        ("99213", [1]), ("83036", [1]), ("82306", [2])]  # fmt: skip
    # when the biller builds the claim, scrubs it, submits the batch and collects the clearinghouse's answers
    [claim] = desk.post("bea", f"{url}/claims")
    scrubbed = desk.post("bea", "/api/claims/scrub", {"claim_ids": [claim["id"]]}, status=200)
    sent = desk.post("bea", f"/api/claims/batches/{scrubbed['batch_id']}/submit")
    collected = desk.post("bea", "/api/clearinghouse/collect", status=200)
    # then claim E1-1 ($195, Acme primary, Second Health named as other coverage) was clean and went out as the
    # partner's interchange 2 (the 270 was 1); the 999 accepted it, the 277CA too, and the 835 posted
    assert (claim["claim_id"], claim["total_charge_cents"], claim["payer"]["payer_code"]) == (
        "E1-1",
        19500,
        "87726",
    )
    assert [c["payer"]["payer_code"] for c in claim["other_coverages"]] == ["00431"]
    assert (scrubbed["clean_claims"], scrubbed["statuses"]) == (1, {str(claim["id"]): "ready"})
    assert sent["file_name"] == "acme-000000002.837"
    assert (collected["batches"], collected["unmatched"]) == ({"2": "accepted"}, [])
    # (the payer claim number: seed 01, received 26069 = 2026-03-10, its first claim)
    assert collected["claims"] == {
        "E1-1": "accepted: A2:20 accepted for processing, payer claim 01260690000001"
    }
    assert [(r["status"], r["claims_posted"], r["exceptions"]) for r in collected["remittances"]] == [
        ("posted", 1, 0)
    ]
    # and Acme paid $22.40: 99213 allowed $90 (CO-45 $20): $25 copay, the $50 deductible left, 20% of the $15 rest
    # ($3), paid $12; 83036 allowed $13 (CO-45 $27): 20% is $2.60, paid $10.40; 82306 denied CO-96 (N130)
    remittance = desk.get("bea", "/api/remittances/1")
    assert (remittance["payer_code"], remittance["total_paid_cents"], remittance["payment_date"]) == (
        "87726",
        2240,
        TODAY,
    )
    assert [(c["claim"], c["status_code"], c["charge_cents"], c["paid_cents"], c["outcome"]) for c in remittance["claims"]] == [
        ("E1-1", "1", 19500, 2240, "posted")]  # fmt: skip
    denials = desk.get("bea", "/api/denials")["items"]
    assert [(d["claim"], d["procedure_code"], d["group"], d["carc"], d["remarks"], d["amount_cents"], d["category"])
            for d in denials] == [("E1-1", "82306", "CO", "96", ["N130"], 4500, "non_covered")]  # fmt: skip
    # and his share ($78 + $2.60) moved to Second Health, Acme still holds the $45 it denied; he owes nothing yet
    codes = {line["service_line_id"]: line["procedure_code"] for line in claim["lines"]}
    owers = {f"insurance_ar:payer={acme}": "Acme", f"insurance_ar:payer={second}": "Second Health",
             f"patient_ar:patient={patient}": "Richard"}  # fmt: skip
    assert owed_by_line(desk, patient, codes, owers) == {
        ("99213", "Second Health"): 7800, ("83036", "Second Health"): 260, ("82306", "Acme"): 4500}  # fmt: skip
    assert balance(desk, patient) == (12560, 0, 0, 12560)
    # and the secondary claim E1-1S was built for Second Health, a draft
    listed = desk.get("bea", "/api/claims", patient_id=patient)["items"]
    assert [(c["claim_number"], c["payer_id"], c["status"]) for c in listed] == [
        ("E1-1", acme, "partially_paid"), ("E1-1S", second, "draft")]  # fmt: skip
    secondary_claim = listed[1]["id"]

    # 6. when the biller scrubs E1-1S and exports it as an 837P for Second Health (it takes claims on paper or
    # file, not through Acme's clearinghouse) ...
    scrubbed = desk.post("bea", "/api/claims/scrub", {"claim_ids": [secondary_claim]}, status=200)
    exported = desk.call("bea", "POST", f"/api/claims/batches/{scrubbed['batch_id']}/837", json={
        "submitter_name": "RIVERBEND FAMILY MEDICINE", "submitter_id": "CLINIC01", "contact_name": "BILLING OFFICE",
        "contact_phone": "2175550140", "receiver_name": "SECOND HEALTH", "receiver_id": "00431"})  # fmt: skip
    # then it carries Acme's payment and what Acme left to the patient (2320 AMT D / EAF), posting no charge again
    assert (exported.headers["x-revcycle-claims"], exported.headers["x-revcycle-charges-posted"]) == (
        "E1-1S",
        "0",
    )
    x12 = exported.text.replace("\n", "")
    assert "CLM*E1-1S*195***11:B:1*Y*A*Y*Y~" in x12 and "SBR*P*18*******CI~AMT*D*22.4~AMT*EAF*80.6~" in x12
    assert "SVD*87726*12*HC:99213**1~CAS*CO*45*20~CAS*PR*1*50**2*3**3*25~" in x12
    # ... and Second Health's paper EOB comes back: check SH-5531 for $78, the 99213's $78 in full; the 83036's
    # $2.60 went to its own deductible (PR-1); OA-23 carries what the primary decided
    eob_lines = [
        {"code": "99213", "date": TODAY, "billed_cents": 11000, "paid_cents": 7800,
         "adjustments": [{"group": "OA", "carc": "23", "amount_cents": 3200}]},
        {"code": "83036", "date": TODAY, "billed_cents": 4000, "paid_cents": 0, "patient_responsibility_cents": 260,
         "adjustments": [{"group": "OA", "carc": "23", "amount_cents": 3740}, {"group": "PR", "carc": "1", "amount_cents": 260}]},
        {"code": "82306", "date": TODAY, "billed_cents": 4500, "paid_cents": 0,
         "adjustments": [{"group": "OA", "carc": "23", "amount_cents": 4500}]},
    ]  # fmt: skip
    eob = {"payer": "00431", "check_number": "SH-5531", "check_date": TODAY, "check_total_cents": 7800,
           "claims": [{"claim": "E1-1S", "payer_claim_number": "SH26-0042", "status": "secondary", "lines": eob_lines}]}  # fmt: skip
    posted = desk.post("bea", "/api/remittances/paper-eobs", eob)
    again = desk.post("bea", "/api/remittances/paper-eobs", eob)
    # then it posts once: $78 paid, $2.60 to Richard; the secondary claim is paid
    assert (posted["status"], posted["claims_posted"], posted["exceptions"], again["status"]) == (
        "posted", 1, [], "already_posted")  # fmt: skip
    assert posted["totals"] == {"paid": 7800, "contractual": 0, "patient": 260, "next_payer": 0, "denied": 0,
                                "interest": 0, "reversed": 0}  # fmt: skip
    assert owed_by_line(desk, patient, codes, owers) == {("83036", "Richard"): 260, ("82306", "Acme"): 4500}
    assert balance(desk, patient) == (4500, 260, 0, 4760)

    # 7. when the biller writes off the $2.60 left on the 83036 line as a small balance
    written = desk.post("bea", "/api/write-offs", {"idempotency_key": "roe:wo:1", "claim": "E1-1", "line": 2,
                                                   "kind": "small_balance", "amount_cents": 260, "reason": "under $5"})  # fmt: skip
    mistyped = desk.call("bea", "POST", "/api/write-offs", 422, json={"idempotency_key": "roe:wo:9", "claim": "E1-1",
                         "line": 9, "kind": "small_balance", "amount_cents": 260, "reason": "under $5"})  # fmt: skip
    # then it is one entry on that line, saying why (a line the claim does not have is refused, saying so)
    assert mistyped.json()["error"]["message"] == "claim E1-1 has no line 9"
    assert (written["memo"], posting_lines(written)) == (
        "small balance write-off [SBW]: under $5",
        [("write_off", 260, 2), (f"patient_ar:patient={patient}", -260, 2)])  # fmt: skip

    # 8. when the $45 vitamin D test Acme does not cover moves to Richard (he signed a waiver)
    moved = desk.post("bea", "/api/transfers", {"idempotency_key": "roe:tr:1", "claim": "E1-1", "line": 3,
                                                "amount_cents": 4500, "from_payer": "87726",
                                                "reason": "non-covered, waiver signed"})  # fmt: skip
    # then Acme no longer holds it, Richard owes exactly it
    assert moved["memo"] == "balance to the patient: non-covered, waiver signed"
    assert owed_by_line(desk, patient, codes, owers) == {("82306", "Richard"): 4500}
    assert balance(desk, patient) == (0, 4500, 0, 4500)

    # 9. when his statement is printed
    text = statement_text(desk, patient)
    # then it asks for the $45.00 moved to him, the 82306 line owed by him, the others settled
    assert "Amount due $45.00" in text and "Please pay by 03/31/2026" in text
    assert "03/10/2026 Richard Roe 82306 $45.00 $0.00 $0.00 $0.00 $0.00 $45.00" in text.splitlines()
    assert "03/10/2026 Richard Roe 83036 $40.00 $10.40 $29.60 $0.00 $0.00 $0.00" in text.splitlines()
    assert "03/10/2026 Richard Roe 99213 $110.00 $90.00 $20.00 $0.00 $0.00 $0.00" in text.splitlines()

    # 10. when he pays the $45 by card
    paid = desk.post("bea", f"/api/patients/{patient}/receipts", {"idempotency_key": "roe:pay:1", "amount_cents": 4500,
                                                                 "method": "card", "reference": "4242"})  # fmt: skip
    # then it is applied to the 82306 line, and nothing is owed by anyone on any line
    assert posting_lines(paid) == [
        ("cash", 4500, None), (f"patient_ar:patient={patient}", -4500, 3)]  # fmt: skip
    assert owed_by_line(desk, patient, codes, owers) == {}
    assert balance(desk, patient) == (0, 0, 0, 0)
    # and the money took its path: $22.40 + $78 + $45 received, $47 contractual, $2.60 written off, of $195 charged
    journal = desk.get("bea", f"/api/patients/{patient}/journal")
    totals: dict[str, int] = {}
    for entry in journal:
        for line in entry["lines"]:
            if line["account"] in ("cash", "revenue", "contractual_adjustment", "write_off"):
                totals[line["account"]] = totals.get(line["account"], 0) + line["amount_cents"]
    assert totals == {
        "cash": 2240 + 7800 + 4500,
        "revenue": -19500,
        "contractual_adjustment": 4700,
        "write_off": 260,
    }
    # and the secondary's money is on the primary claim's lines (E1-1S holds none); E1-1 stays partially paid
    assert {line["claim_id"] for entry in journal for line in entry["lines"]} == {claim["id"], None}
    assert [(c["claim_number"], c["status"]) for c in desk.get("bea", "/api/claims", patient_id=patient)["items"]] == [
        ("E1-1", "partially_paid"), ("E1-1S", "paid")]  # fmt: skip
    # and the audit log has every change to his record and his visit, by whom (ids only, no PHI)
    changes = [(e["username"], e["action"], e["entity_type"], e["entity_id"], e["detail"])
               for kind in ("patient", "coverage", "check_in")
               for e in desk.get("audra", "/api/audit", entity_type=kind, limit=200)["items"]
               if e["action"] in ("create", "change")]  # fmt: skip
    assert changes == [
        ("bea", "create", "patient", str(patient), ""), ("bea", "change", "patient", str(patient), "edit phone"),
        ("bea", "create", "coverage", str(primary["id"]), f"patient={patient}"),
        ("bea", "create", "coverage", str(secondary["id"]), f"patient={patient}"),
        ("bea", "create", "check_in", str(visit["check_in"]["id"]), f"patient={patient} encounter={encounter} copay=0"),
    ]  # fmt: skip
    trail = desk.get("audra", "/api/audit", entity_type="encounter", entity_id=str(encounter), limit=200)[
        "items"
    ]
    assert [(e["username"], e["detail"]) for e in trail if e["action"] == "change"] == [
        ("bea", "diagnoses E11.9,E55.9"), ("bea", "charge added line 1 99213 x1 fee=fee_schedule"),
        ("bea", "charge added line 2 83036 x1 fee=fee_schedule"), ("bea", "charge added line 3 82306 x1 fee=fee_schedule"),
        ("carlos", "coding add icd10cm - -> E11.9"), ("carlos", "coding add icd10cm - -> E55.9"),
        ("carlos", "coding finalized dx=E11.9,E55.9 px=99213,83036,82306 forced=False"),
    ]  # fmt: skip
    # and only an auditor (or a manager) reads it
    desk.call("bea", "GET", "/api/audit", status=403)
