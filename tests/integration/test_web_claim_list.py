"""The claims worklist page: search, filters (status, payer, dates of service, age), sort, paging and the bulk
rebill of ticked claims, with patient and payer names (never ids), through a test client on a real database."""

from __future__ import annotations

import re

import pytest
from web_setup import form_token, signed_in, web_world

from revcycle.services import claims


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def listed(html: str) -> list[str]:
    return re.findall(r'<a href="/claims/\d+" class="codes">([^<]+)</a>', html)


def test_search_filters_and_sort_narrow_and_order_the_list(engine, world):
    # given E1-1 (DOS 2026-03-04) and E2-1 (DOS 2026-01-20), both Acme's, for Jane Doe; today 2026-03-10
    client = signed_in(engine, "biller1")
    # when the list is searched, filtered and sorted
    everything = client.get("/claims").text
    by_number = client.get("/claims?q=e2").text
    by_patient = client.get("/claims?q=doe&sort=dos&order=desc").text
    by_dos = client.get("/claims?dos_from=2026-03-01&dos_to=2026-03-31").text
    by_age = client.get("/claims?age=31-60").text
    by_status = client.get("/claims?status=paid").text
    # then each shows the claims it should, with names
    assert (
        listed(everything) == ["E1-1", "E2-1"] and "Doe, Jane" in everything and "Acme Health" in everything
    )
    assert listed(by_number) == ["E2-1"]
    assert listed(by_patient) == ["E1-1", "E2-1"] and "First DOS ▼" in by_patient
    assert listed(by_dos) == ["E1-1"]
    assert listed(by_age) == ["E2-1"]
    assert listed(by_status) == [] and "No claims with status paid." in by_status
    assert "page 1 of 1" in everything


def test_rebill_scrubs_the_ticked_drafts_into_a_new_batch_and_names_the_claims_it_left(engine, world):
    # given a draft claim built for the hypertension visit, and the submitted E1-1
    draft = claims.build_encounter_claims(
        world.practice.uow(), world.practice.biller, world.queued_encounter_ids[0]
    )[0]
    client = signed_in(engine, "biller1")
    page = client.get("/claims").text
    # when both are ticked and rebilled
    answer = client.post("/claims/rebill", data={"csrf_token": form_token(page),
                                                 "claim_id": [str(draft.id), str(world.claim_id)]})  # fmt: skip
    # then the draft is scrubbed into a new batch, and E1-1 is named as left alone
    assert answer.status_code == 200
    message = re.search(r'<p class="ok" role="status" id="claims-message">([^<]+)</p>', answer.text).group(1)
    assert re.fullmatch(r"batch \d+: \d ready \((E3-1|none)\).*not rebilled \(only draft or scrubbed claims are\): "
                        r"E1-1 \(submitted\)", message.replace("&#39;", "'")), message  # fmt: skip
