"""The clearinghouse from the pages, the payer simulator answering: a coded, scrubbed claim is submitted
from its page and what comes back (999, 277CA, 835) is collected from the remittance page and posted."""

from __future__ import annotations

import re

import pytest
from api_remit_setup import simulator_partner
from web_setup import form_token, signed_in, web_world

from revcycle.services import claims


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def test_a_ready_claim_is_submitted_from_its_page_and_the_answers_are_collected_and_posted(
    engine, world, tmp_path
):
    # given the hypertension encounter's claim built and scrubbed clean (ready), and a biller on its page
    practice = world.practice
    claim = claims.build_encounter_claims(practice.uow(), practice.biller, 3)[0]
    batch_id = claims.scrub_claims(practice.uow(), practice.biller, [claim.id]).batch_id
    client = signed_in(engine, "biller1", partner=simulator_partner(tmp_path / "ch"))
    page = client.get(f"/claims/{claim.id}")
    token = form_token(page.text)
    # when its batch is submitted, then the clearinghouse's inbox is collected
    submitted = client.post(
        f"/claims/batches/{batch_id}/submit", data={"claim_id": str(claim.id), "csrf_token": token}
    )
    after_submit = client.get(f"/claims/{claim.id}")
    collected = client.post("/remittances/collect", data={"csrf_token": token})
    after_collect = client.get(f"/claims/{claim.id}")
    # then the claim went out as submitted, and the collection read the answers and posted the 835
    assert f'action="/claims/batches/{batch_id}/submit"' in page.text
    assert submitted.status_code == 303
    assert '<span class="status submitted">submitted</span>' in after_submit.text
    assert '<p class="ok">Collected 3 files.</p>' in collected.text
    assert "<li>batch interchange 1: accepted</li>" in collected.text
    assert '<span class="codes">E3-1</span>: accepted: A2:20 accepted for processing' in collected.text
    assert (
        '<li>835 <span class="codes">acme-000000001.835</span>: posted, 1 claim posted</li>' in collected.text
    )
    assert re.search(r'<td class="codes">87726</td><td class="codes">\d+</td>\s*<td>2026-03-19</td><td class="num">'
                     r'\$64\.00</td>', collected.text)  # fmt: skip
    assert (
        '<h1>Claim <span class="codes">E3-1</span> <small><span class="status paid">paid</span>'
        in after_collect.text
    )


def test_without_a_partner_the_page_says_what_to_set(engine, world, monkeypatch):
    # given no trading partner on the app nor in the environment
    monkeypatch.delenv("REVCYCLE_PARTNER", raising=False)
    client = signed_in(engine, "biller1")
    token = form_token(client.get("/remittances").text)
    # when the biller collects
    answer = client.post("/remittances/collect", data={"csrf_token": token})
    # then the page answers 422 with what to set
    assert (
        answer.status_code == 422
        and "no clearinghouse partner is configured: set REVCYCLE_PARTNER" in answer.text
    )
