"""The claim pages' fix-and-rescrub through a test client on a real database: a draft claim that fails
the scrubber is revised on the page (line and diagnoses), scrubbed again, and comes out ready."""

from __future__ import annotations

import re

import pytest
from web_setup import form_token, signed_in, web_world

from revcycle.services import claims
from revcycle.web.session import csrf_for_session


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def draft_claim(world) -> int:
    """The hypertension encounter (E3, 99214, I10) built into a draft claim."""
    return claims.build_encounter_claims(world.practice.uow(), world.practice.biller, 3)[0].id


def finding_codes(html: str) -> list[str]:
    return re.findall(r'<li class="finding \w+"><b>\w+</b> (\w+) ', html)


def test_a_failing_line_is_fixed_on_the_page_and_the_rescrub_makes_the_claim_ready(engine, world):
    # given a biller and a draft claim whose line was given an unknown code with a modifier 25
    claim_id = draft_claim(world)
    client = signed_in(engine, "biller1")
    token = form_token(client.get(f"/claims/{claim_id}").text)
    broken = {
        "procedure_code": "99999",
        "modifiers": "25",
        "units": "1",
        "pointers": "A",
        "csrf_token": token,
    }
    assert client.post(f"/claims/{claim_id}/lines/1", data=broken).status_code == 303
    # when it is scrubbed
    scrubbed = client.post(f"/claims/{claim_id}/scrub", data={"csrf_token": token})
    page = client.get(f"/claims/{claim_id}")
    # then the findings show inline under line 1 and the claim is scrubbed (not ready)
    assert (scrubbed.status_code, scrubbed.headers["location"]) == (303, f"/claims/{claim_id}#scrub")
    assert finding_codes(page.text) == ["procedure_unknown_code", "modifier_not_applicable"]
    assert re.search(r'<tr id="line-1" class="has-findings">', page.text)
    assert '<span class="status scrubbed">scrubbed</span>' in page.text
    # when the line is put back to 99214 without the modifier, and it is scrubbed again
    fixed = {"procedure_code": "99214", "modifiers": "", "units": "1", "pointers": "A", "csrf_token": token}
    revised = client.post(f"/claims/{claim_id}/lines/1", data=fixed)
    stale = client.get(f"/claims/{claim_id}")
    client.post(f"/claims/{claim_id}/scrub", data={"csrf_token": token})
    page = client.get(f"/claims/{claim_id}")
    # then the revision sent it back to draft (noted in its history), and the rescrub made it ready and clean
    assert revised.headers["location"] == f"/claims/{claim_id}#line-1"
    assert "Revised since the last scrub: scrub again." in stale.text
    assert (
        "<td>draft</td><td>biller1</td><td>revised: line 1 99999-25 x1 -&gt; 99214 x1 ptr 1</td>"
        in stale.text
    )
    assert '<span class="status ready">ready</span>' in page.text
    assert finding_codes(page.text) == [] and re.search(r'<p class="ok">Clean \(batch \d+\)\.</p>', page.text)


def test_diagnoses_are_revised_and_bad_values_are_refused_on_the_page(engine, world):
    # given a coder on a draft claim
    claim_id = draft_claim(world)
    client = signed_in(engine, "coder1")
    token = form_token(client.get(f"/claims/{claim_id}").text)
    # when the diagnoses become I10 and E78.5 and the line points at both, then bad values are sent
    dx = client.post(f"/claims/{claim_id}/diagnoses", data={"diagnoses": "I10, e785", "csrf_token": token})
    line = {"procedure_code": "99214", "modifiers": "", "units": "1", "pointers": "AB", "csrf_token": token}
    pointed = client.post(f"/claims/{claim_id}/lines/1", data=line)
    past_end = client.post(f"/claims/{claim_id}/lines/1", data={**line, "pointers": "C"})
    bad_units = client.post(f"/claims/{claim_id}/lines/1", data={**line, "units": "two"})
    no_line = client.post(f"/claims/{claim_id}/lines/9", data=line)
    page = client.get(f"/claims/{claim_id}")
    # then the claim carries both diagnoses with the line pointing at A and B; the bad values are refused
    assert (dx.status_code, pointed.status_code) == (303, 303)
    assert 'id="diagnoses">A. I10 · B. E78.5</td>' in page.text
    assert re.search(r'<td class="codes">99214</td>\s*<td class="codes"></td><td>AB</td>', page.text)
    assert (
        past_end.status_code == 422
        and "line 1: a pointer names no diagnosis (the claim has 2)" in past_end.text
    )
    assert bad_units.status_code == 422 and "units &#39;two&#39;: a whole number" in bad_units.text
    assert no_line.status_code == 404


def test_a_submitted_claim_has_no_fix_forms_and_is_not_revised(engine, world):
    # given a biller on the submitted claim E1-1
    client = signed_in(engine, "biller1")
    page = client.get(f"/claims/{world.claim_id}")
    token = csrf_for_session(
        "web-test", client.cookies["revcycle_session"]
    )  # the page has no form to take it from
    # when a revision is posted anyway
    answer = client.post(
        f"/claims/{world.claim_id}/diagnoses", data={"diagnoses": "I10", "csrf_token": token}
    )
    # then no fix form is on the page and the revision is refused (a corrected claim is the way)
    assert 'action="/claims/1/lines/1"' not in page.text and "Scrub again" not in page.text
    assert answer.status_code == 422 and "a sent claim is changed by a corrected claim" in answer.text


def test_the_837_preview_is_the_claim_as_one_test_interchange(engine, world):
    # given an auditor (reads claims)
    client = signed_in(engine, "auditor1")
    # when the 837 preview of E1-1 opens
    page = client.get(f"/claims/{world.claim_id}/837")
    # then it is a test-usage 837P with the claim's CLM and service line
    assert page.status_code == 200
    assert re.search(r"ISA\*00\*.*\*00501\*000000001\*0\*T\*:~", page.text)
    assert "CLM*E1-1*110***11:B:1*Y*A*Y*Y~" in page.text
    assert "SV1*HC:99213*110*UN*1***1~" in page.text
