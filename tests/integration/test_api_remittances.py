"""Remittances through the API on a real database: an 835 the payer simulator answered with is
previewed, posted and replayed; a malformed one is refused with its segment and position; an
unbalanced one lands in the exception queue and is resolved; denials come back as a work queue."""

from __future__ import annotations

import pytest
from api_remit_setup import remit_world, submitted_835

PAID_TOTALS = {"paid": 7440, "contractual": 4700, "patient": 6860, "next_payer": 0, "denied": 0, "interest": 0,
               "reversed": 0}  # fmt: skip


@pytest.fixture
def world(engine, tmp_path):
    return remit_world(engine, tmp_path / "acme")


def counts(world) -> tuple[int, int]:
    """(journal entries, remittances) in the database."""
    with world.uow() as uow:
        entries = len(uow.journal.entries(patient_id=1))
    return entries, world.client.get("/api/remittances", headers=world.headers()).json()["total"]


def test_an_835_from_the_payer_is_previewed_posted_and_replayed_without_change(world):
    client, biller = world.client, world.headers("biller")
    # given Jane's claim (99214 $150 + 83036 $40) submitted through the API to the payer simulator
    claim_id, era = submitted_835(world)
    assert client.get(f"/api/claims/{claim_id}", headers=biller).json()["status"] == "submitted"
    # when the 835 is previewed (raw body)
    preview = client.post("/api/remittances/preview?source=era.835", content=era,
                          headers={**biller, "content-type": "application/edi-x12"})  # fmt: skip
    # then it says exactly what would post: $74.40 paid, $47 contractual, $68.60 to Jane ($50 deductible
    # + 20% of the rest), and nothing was written
    report = preview.json()
    assert (preview.status_code, report["status"], report["source"], report["trace_numbers"]) == (
        200,
        "dry_run",
        "era.835",
        ["144272509"],
    )
    assert (report["total_paid_cents"], report["claims"], report["claims_posted"], report["totals"]) == (
        7440,
        1,
        1,
        PAID_TOTALS,
    )
    assert (report["entries_posted"], report["remittance_ids"], report["exceptions"]) == (0, [], [])
    trail = client.get("/api/audit?entity_type=remittance", headers=world.headers("auditor")).json()["items"]
    assert [(e["username"], e["entity_id"], e["detail"]) for e in trail] == [
        ("bea", f"preview:{report['digest'][:20]}", "dry run: 1 claims, 0 exceptions")
    ]
    assert client.get("/api/patients/1/balance", headers=biller).json() == {
        "insurance_cents": 19000,
        "patient_cents": 0,
        "unapplied_cents": 0,
        "total_cents": 19000,
    }
    # when it is posted (multipart upload)
    posted = client.post("/api/remittances", files={"file": ("era.835", era.encode())}, headers=biller)
    # then it posted as previewed: the claim is paid, the payer owes nothing, Jane owes $68.60
    assert (posted.status_code, posted.json()["status"], posted.json()["remittance_ids"]) == (
        201,
        "posted",
        [1],
    )
    assert (posted.json()["totals"], posted.json()["entries_posted"]) == (PAID_TOTALS, 7)
    assert client.get(f"/api/claims/{claim_id}", headers=biller).json()["status"] == "paid"
    assert client.get("/api/patients/1/balance", headers=biller).json() == {
        "insurance_cents": 0,
        "patient_cents": 6860,
        "unapplied_cents": 0,
        "total_cents": 6860,
    }
    before = counts(world)
    # when the same file is uploaded again (with CRLF line breaks, under another name)
    again = client.post(
        "/api/remittances?source=again.835", content=era.replace("~\n", "~\r\n"), headers=biller
    )
    # then nothing changed
    assert (again.status_code, again.json()["status"], again.json()["remittance_ids"]) == (
        200,
        "already_posted",
        [1],
    )
    assert again.json()["message"] == "already posted on 2026-03-10 09:00 (remittance 1); nothing changed"
    assert counts(world) == before == (9, 1)
    assert client.get("/api/patients/1/balance", headers=biller).json()["total_cents"] == 6860
    listed = client.get("/api/remittances?status=posted", headers=biller).json()
    assert [(r["id"], r["trace_number"], r["total_paid_cents"], r["source"]) for r in listed["items"]] == [
        (1, "144272509", 7440, "era.835")
    ]
    detail = client.get("/api/remittances/1", headers=biller).json()
    assert [
        (c["claim"], c["status_code"], c["charge_cents"], c["paid_cents"], c["outcome"])
        for c in detail["claims"]
    ] == [("E1-1", "1", 19000, 7440, "posted")]
    assert client.get("/api/remittances/99", headers=biller).json()["error"] == {
        "code": "not_found",
        "message": "no remittance 99",
    }


@pytest.mark.parametrize(("change", "problem"), [
    (("CLP*E1-1*1*190*74.4", "CLP*E1-1*1*19X0*74.4"), "segment 13 (CLP): CLP03 '19X0' is not a number"),
    (("SVC*HC:83036*40", "SVC*HC:83036*4.0.0"), "segment 22 (SVC): SVC02 '4.0.0' is not a number"),
    (("BPR*", "BPX*"), "segment 4 (BPX): segment BPX is not part of this transaction set"),
    # past what the ledger holds (bigint cents): preview and post refuse alike, never a 500 at post
    (("CLP*E1-1*1*190*74.4", "CLP*E1-1*1*190*99999999999999999.9"),
     "claim 'E1-1' CLP04 $99,999,999,999,999,999.90 is beyond what the ledger can hold"),
    (("CLP*E1-1*1*190*74.4", "CLP*E1-1*1*190*" + "9" * 5000), "segment 13 (CLP): CLP04 has 5000 characters, more than a number's 18 digits"),
])  # fmt: skip
def test_a_malformed_835_is_refused_naming_the_segment_and_position(world, change, problem):
    # given the payer's 835 with one planted error
    _claim_id, era = submitted_835(world)
    broken = era.replace(*change, 1)
    assert broken != era
    # when it is previewed and posted
    preview = world.client.post("/api/remittances/preview", content=broken, headers=world.headers())
    posted = world.client.post("/api/remittances", files={"file": ("bad.835", broken.encode())},
                               headers=world.headers())  # fmt: skip
    # then both are a 422 with the X12 error code, the segment (number and id) and the element
    for answer in (preview, posted):
        error = answer.json()["error"]
        assert (answer.status_code, error["code"]) == (422, "x12_syntax")
        assert problem in error["message"]
    assert posted.json()["error"]["message"].startswith("bad.835: ")
    # and nothing was posted
    assert counts(world) == (2, 0)


def test_an_upload_that_is_not_an_835_names_what_is_wrong(world):
    client, biller = world.client, world.headers()
    # when the multipart form has no file field / the body is empty / the body is not X12
    no_file = client.post("/api/remittances", files={"other": ("x.835", b"ISA")}, headers=biller)
    empty = client.post("/api/remittances/preview", content=b"  \n", headers=biller)
    text = client.post("/api/remittances/preview", content=b"hello world", headers=biller)
    # then 422 naming the field, and for text the first segment
    assert (no_file.status_code, no_file.json()["error"]["field"]) == (422, "body.file")
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "body")
    assert (text.status_code, text.json()["error"]) == (
        422,
        {
            "code": "x12_syntax",
            "message": (
                "the file: no readable 835 (segment 1 (hel): the file must start with an ISA segment, found 'hel')"
            ),
        },
    )


def test_an_unbalanced_835_goes_to_the_exception_queue_and_is_resolved_with_a_note(world):
    client, biller = world.client, world.headers("biller")
    # given the payer's 835 whose payment (BPR02) does not add up to its claims
    _claim_id, era = submitted_835(world)
    unbalanced = era.replace("BPR*I*74.4*", "BPR*I*80*", 1)
    # when it is posted
    posted = client.post("/api/remittances?source=short.835", content=unbalanced, headers=biller)
    # then it is recorded as rejected, nothing posts, and the exception queue says why
    assert (posted.status_code, posted.json()["status"], posted.json()["entries_posted"]) == (
        201,
        "rejected",
        0,
    )
    queue = client.get("/api/remittances/exceptions?reason=unbalanced_remittance", headers=biller).json()
    assert [(e["id"], e["remittance_id"], e["reason"], e["amount_cents"]) for e in queue["items"]] == [
        (1, 1, "unbalanced_remittance", 8000)
    ]
    assert queue["items"][0]["message"] == (
        "unbalanced: trace 144272509: total paid $80.00 != claim payments $74.40 - provider adjustments $0.00 = $74.40"
    )
    assert client.get("/api/remittances?status=rejected", headers=biller).json()["total"] == 1
    assert client.get("/api/patients/1/balance", headers=biller).json()["total_cents"] == 19000
    # and the payer's corrected (balanced) file posts beside it: two remittances, one a page
    reposted = client.post("/api/remittances?source=era.835", content=era, headers=biller).json()
    second = client.get("/api/remittances?limit=1&offset=1", headers=biller).json()
    assert (reposted["status"], [(r["id"], r["status"], r["source"]) for r in second["items"]], second["total"]) == (
        "posted", [(2, "posted", "era.835")], 2)  # fmt: skip
    assert client.get("/api/patients/1/balance", headers=biller).json()["total_cents"] == 6860
    # when the biller resolves it, twice, and without a note
    resolved = client.post("/api/remittances/exceptions/1/resolve", json={"note": "payer re-sent the 835"},
                           headers=biller)  # fmt: skip
    twice = client.post("/api/remittances/exceptions/1/resolve", json={"note": "again"}, headers=biller)
    blank = client.post("/api/remittances/exceptions/1/resolve", json={"note": ""}, headers=biller)
    # then it leaves the open queue, is listed among the resolved, and the note is in the audit log
    assert (resolved.status_code, resolved.json()) == (200, {"id": 1, "resolved": True})
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "conflict")
    assert (blank.status_code, blank.json()["error"]["field"]) == (422, "body.note")
    assert client.get("/api/remittances/exceptions", headers=biller).json()["total"] == 0
    done = client.get("/api/remittances/exceptions?resolved=true", headers=biller).json()["items"]
    assert [(e["id"], e["resolved_at"]) for e in done] == [(1, "2026-03-10T09:00:00+00:00")]
    trail = client.get("/api/audit?entity_type=remit_exception&entity_id=1", headers=world.headers("auditor"))
    assert [(e["username"], e["action"], e["detail"]) for e in trail.json()["items"]] == [
        ("bea", "read", "list claim="),
        ("bea", "change", "resolved: payer re-sent the 835"),
        ("bea", "read", "list claim="),
    ]


def test_denials_come_back_as_a_work_queue_by_category_with_the_next_action(world):
    client, biller = world.client, world.headers("biller")
    # given a claim whose 97110 the plan does not cover (CO-96) and whose 72148 lacked an authorization (CO-197)
    _claim_id, era = submitted_835(
        world, [("99214", 15000), ("97110", 6000), ("72148", 90000)], ("E11.9", "M54.50")
    )
    posted = client.post("/api/remittances", content=era, headers=biller).json()
    assert (posted["denials"], posted["totals"]["denied"], posted["totals"]["paid"]) == (2, 96000, 6400)
    # when the work queue is read: whole, one page, one category, an unknown category
    queue = client.get("/api/denials", headers=biller).json()
    page = client.get("/api/denials?limit=1&offset=1", headers=biller).json()
    non_covered = client.get("/api/denials?category=non_covered", headers=biller).json()
    unknown = client.get("/api/denials?category=astrology", headers=biller)
    # then categories come in order with their totals and next action; items largest first on the same day
    assert [(g["category"], g["count"], g["total_cents"]) for g in queue["groups"]] == [
        ("authorization", 1, 90000),
        ("non_covered", 1, 6000),  # CO-96 with N130: a plan exclusion, not a question of medical necessity
    ]
    assert queue["groups"][0]["next_action"].startswith("obtain or attach the authorization number (REF*G1)")
    assert [(d["claim"], d["procedure_code"], d["group"], d["carc"], d["remarks"], d["amount_cents"], d["denied_on"])
            for d in queue["items"]] == [("E1-1", "72148", "CO", "197", ["M62"], 90000, "2026-03-19"),
                                         ("E1-1", "97110", "CO", "96", ["N130"], 6000, "2026-03-19")]  # fmt: skip
    assert ([d["procedure_code"] for d in page["items"]], page["total"], page["limit"], page["offset"]) == (
        ["97110"],
        2,
        1,
        1,
    )
    assert ([g["category"] for g in non_covered["groups"]], [d["carc"] for d in non_covered["items"]]) == (
        ["non_covered"],
        ["96"],
    )
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "validation")
    assert client.get("/api/denials?claim=E1-1", headers=biller).json()["total"] == 2
    assert client.get("/api/denials?claim=E9-1", headers=biller).json() == {
        "groups": [], "items": [], "total": 0, "limit": 50, "offset": 0}  # fmt: skip
    # and each denial shown was an audited read; a coder may not read the queue
    trail = client.get("/api/audit?entity_type=denial&entity_id=1", headers=world.headers("auditor")).json()
    assert [(e["action"], e["detail"]) for e in trail["items"]] == [("read", "list claim=E1-1")] * 4
    assert client.get("/api/denials", headers=world.headers("coder")).status_code == 403


def test_batches_are_listed_with_the_clearinghouse_verdict_after_collect(world):
    client, biller = world.client, world.headers("biller")
    # given a submitted batch whose 999, 277CA and 835 wait in the inbox
    claim_id, _era = submitted_835(world)
    # when the biller collects, then lists the batches
    collected = client.post("/api/clearinghouse/collect", headers=biller).json()
    batches = client.get("/api/clearinghouse/batches?status=accepted", headers=biller).json()
    # then the batch was accepted, the claim accepted and the 835 posted
    assert collected["files"] == ["acme-000000001.277ca", "acme-000000001.835", "acme-000000001.999"]
    assert (collected["batches"], collected["remittances"]) == (
        {"1": "accepted"},
        [{"file": "acme-000000001.835", "status": "posted", "claims_posted": 1, "exceptions": 0}],
    )
    assert [
        (b["interchange_control_number"], b["file_name"], b["claim_count"], b["status"])
        for b in batches["items"]
    ] == [(1, "acme-000000001.837", 1, "accepted")]
    assert client.get(f"/api/claims/{claim_id}", headers=biller).json()["status"] == "paid"
