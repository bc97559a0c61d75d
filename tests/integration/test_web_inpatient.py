"""The coder desk's inpatient pages through the web test client: the ICD-10-PCS builder (a step at a time, the
finished code with its validity and MCE flags, the search) and the DRG worksheet (the DRG, what drove it, CC/MCC
per secondary with the CC exclusion, the what-if, located refusals)."""

from __future__ import annotations

import re

import pytest
from web_setup import set_up_practice, signed_in

DOS = "2026-03-10"
HEART_FAILURE = (
    f"/coding/drg?age=70&sex=F&discharge_status=01&discharge_date={DOS}&pdx=I50.23&pdx_poa=Y"
    "&sdx=J96.01&sdx_poa=Y&sdx=&sdx_poa=Y"
)


@pytest.fixture
def coder(engine):
    set_up_practice(engine)
    return signed_in(engine, "coder1")


def text_of(html: str, element_id: str) -> str:
    """The text of the element with that id (tags dropped, spaces squeezed)."""
    found = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found is not None, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()


def test_the_builder_at_0sr9_shows_the_chosen_axes_the_definition_and_the_approaches(coder):
    # when the coder opens the builder with 0SR9 on the date of service
    answer = coder.get(f"/coding/pcs?code=0SR9&dos={DOS}")
    # then the four characters are named, Replacement is defined and the one approach is offered
    html = answer.text
    assert answer.status_code == 200
    assert "FY2026 (October 1 2025 release) · DOS 2026-03-10" in html
    assert [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<td>(\w[^<]*)</td></tr>", html)] == [
        "Medical and Surgical", "Lower Joints", "Replacement", "Hip Joint, Right"]  # fmt: skip
    assert "<b>Replacement</b>: Putting in or on biological or synthetic material that physically takes the " \
        "place and/or function of all or a portion of a body part" in html  # fmt: skip
    assert "Character 5: Approach <small>1 value</small>" in html
    assert re.findall(r'data-value="(\w)"><span class="codes">\w</span> ([^<]+)</a>', html) == [("0", "Open")]
    assert '<span class="muted">21 codes</span>' in html


def test_choosing_the_root_operation_shows_each_operations_definition(coder):
    # when the step after 0S is asked (the fragment HTMX swaps in)
    html = coder.get(f"/coding/pcs/step?code=0S&dos={DOS}").text
    # then the 16 root operations of Lower Joints are offered, each with its definition
    assert "Character 3: Operation <small>16 values</small>" in html
    assert re.search(r'data-value="R"><span class="codes">R</span> Replacement</a>\s*<span class="muted">214 codes'
                     r'</span><div class="why">Putting in or on biological or synthetic material', html)  # fmt: skip


def test_a_finished_code_shows_its_title_validity_and_mce_flags(coder):
    # when the whole code is typed
    hip = coder.get(f"/coding/pcs/step?code=0sr90j9&dos={DOS}").text
    excision = coder.get(f"/coding/pcs/step?code=02BK0ZZ&dos={DOS}").text
    # then its title and validity show, with the MCE procedure flags (none for the hip, non-covered for 02BK0ZZ)
    assert text_of(hip, "pcs-code-title") == (
        "0SR90J9 Replacement of Right Hip Joint with Synthetic Substitute, Cemented, Open Approach"
    )
    assert text_of(hip, "pcs-validity") == "Valid on 2026-03-10 in FY2026 (October 1 2025 release)."
    assert "No MCE procedure flags." in hip
    assert (
        '<li class="finding warning">MCE non-covered procedure (never covered by Medicare)</li>' in excision
    )


def test_an_invalid_character_is_named_and_the_allowed_values_are_offered(coder):
    # when a qualifier the row does not define is typed, and a body part no table has
    qualifier = coder.get(f"/coding/pcs?code=0SR90J3&dos={DOS}")
    body_part = coder.get(f"/coding/pcs/step?code=0SRX&dos={DOS}").text
    # then the page says which character and which values are allowed, and offers them
    assert qualifier.status_code == 422
    assert text_of(qualifier.text, "pcs-problem") == (
        "0SR90J3: character 7 (Qualifier) &#39;3&#39; is not defined in table 0SR for 0SR90J in FY2026 "
        "(October 1 2025 release); allowed: 9 Cemented, A Uncemented, Z No Qualifier"
    )
    assert re.findall(r'data-value="(\w)"', qualifier.text) == ["9", "A", "Z"]
    assert text_of(body_part, "pcs-problem").startswith(
        "no ICD-10-PCS code starts with 0SRX in FY2026 (October 1 2025 release): character 4 (Body Part) "
        "&#39;X&#39; is not allowed after 0SR; allowed: 0 Lumbar Vertebral Joint"
    )
    assert "Character 4: Body Part <small>30 values</small>" in body_part


def test_the_date_of_service_decides_and_a_bad_date_is_named(coder):
    # when the date cannot be read, or no release serves it
    bad = coder.get("/coding/pcs?code=0SR9&dos=2026-02-30")
    old = coder.get("/coding/pcs/step?code=0SR9&dos=2019-05-01")
    # then the page says so (never a 500)
    assert bad.status_code == 422
    assert text_of(bad.text, "pcs-error") == "date of service &#39;2026-02-30&#39;: write the date as YYYY-MM-DD " \
        "(2026-03-10)"  # fmt: skip
    assert text_of(old.text, "pcs-error").startswith(
        "no ICD-10-PCS release serves date of service 2019-05-01"
    )


def test_the_search_jumps_to_the_table_of_an_index_entry(coder):
    # when the coder searches the index for a right hip replacement
    html = coder.get(f"/coding/pcs/search?q=replacement+hip+right&dos={DOS}").text
    # then the index entry leads to the builder at 0SR9 first
    hits = re.findall(
        r'<span class="codes">(\w+)</span></a>\s*([^<]+?) <span class="muted">(\w+)</span>', html
    )
    assert hits[0] == ("0SR9", "Replacement &gt; Joint &gt; Hip &gt; Right", "index")
    assert f'href="/coding/pcs?code=0SR9&amp;dos={DOS}"' in html


def test_the_drg_worksheet_groups_heart_failure_with_an_mcc_and_shows_the_what_if(coder):
    # when the coder groups I50.23 with J96.01 present on admission
    answer = coder.get(HEART_FAILURE)
    html = answer.text
    # then DRG 291 with its MDC, weight and mean stays; J96.01 is the MCC that drove it
    assert answer.status_code == 200
    assert text_of(html, "drg-number") == "291"
    assert text_of(html, "drg-title") == "Heart Failure and Shock with MCC"
    assert text_of(html, "drg-mdc") == "5 Diseases and Disorders of the Circulatory System"
    assert text_of(html, "drg-weight") == "1.2838"
    assert text_of(html, "drg-los") == "3.8 · 5.0 days"
    assert text_of(html, "drg-drivers") == "principal I50.23 (drove the MDC/DRG); secondaries J96.01"
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('id="sdx-1">')[1].split("</tr>")[0])).strip()
    # and without J96.01 the stay would be DRG 293, 0.7178 lower
    assert row == "1 J96.01 Y MCC yes DRG 293 , weight -0.7178 Heart Failure and Shock without CC/MCC"
    assert "No POA, principal-diagnosis, validity or MCE procedure findings." in html


def test_a_cc_of_the_principal_is_shown_excluded_and_a_missing_poa_cites_the_guideline(coder):
    # when I50.33 (an MCC, but excluded with principal I50.23) and E11.9 with a blank POA are added
    html = coder.get(
        HEART_FAILURE.replace("&sdx=&sdx_poa=Y", "&sdx=I50.33&sdx_poa=Y&sdx=E11.9&sdx_poa=")
    ).text
    # then I50.33 is marked excluded and changes nothing; the blank POA is an error citing Appendix I
    assert text_of(html, "drg-number") == "291"
    second = html.split('id="sdx-2">')[1].split("</tr>")[0]
    assert (
        '<td class="level">MCC <span class="badge excluded">excluded as a CC of the principal</span></td>'
        in second
    )
    assert 'DRG <span class="codes">291</span>, no change' in second
    assert ("<b>error</b> sdx[2] E11.9: a POA indicator (Y, N, U or W) is required <i>ICD-10-CM Official "
            "Guidelines, Appendix I (Present on Admission Reporting Guidelines)</i>") in html  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "instead", "message"),
    [
        ("age=70", "age=x", "age &#39;x&#39;: whole years, 0 to 124"),
        ("age=70", "age=130", "age: 130 is not between 0 and 124"),
        (f"discharge_date={DOS}", "discharge_date=2026-13-01",
         "discharge date &#39;2026-13-01&#39;: write the date as YYYY-MM-DD (2026-03-10)"),
        ("sdx=J96.01", "sdx=J9@", "secondary 1 &#39;J9@&#39;: not a code (e.g. I50.23, 0SR90J9)"),
        ("sdx_poa=Y&sdx=", "sdx_poa=Q&sdx=", "secondary 1 POA &#39;Q&#39;: use Y, N, U, W or 1 (or blank)"),
        ("discharge_status=01", "discharge_status=99",
         "discharge status: &#39;99&#39; is not a patient status code valid on 2026-03-10 (e.g. 01 home, 20 expired)"),
        (f"discharge_date={DOS}", "discharge_date=2010-01-01",
         "no MS-DRG grouper version serves discharge date 2010-01-01"),
    ],
)  # fmt: skip
def test_a_value_that_cannot_be_read_is_named_on_the_page(coder, typed, instead, message):
    # when the worksheet is sent with one value that cannot be read
    answer = coder.get(HEART_FAILURE.replace(typed, instead, 1))
    # then the page answers 422 naming it (never a 500), and keeps what was typed
    assert answer.status_code == 422
    assert text_of(answer.text, "drg-error").startswith(message)
    assert 'value="I50.23"' in answer.text


def test_an_unknown_code_is_a_finding_not_an_error(coder):
    # when the principal diagnosis is a code no release holds
    html = coder.get(HEART_FAILURE.replace("pdx=I50.23", "pdx=I50.99")).text
    # then the stay is ungroupable with the validity finding on the page
    assert text_of(html, "drg-number") == "999"
    assert "I50.99" in html.split('class="findings drg-findings"')[1]


def test_the_pages_are_in_the_coders_navigation_and_the_worksheet_is_for_coders(engine):
    # given a coder and an auditor
    set_up_practice(engine)
    coder, auditor = signed_in(engine, "coder1"), signed_in(engine, "auditor1")
    # when each opens the pages
    pcs = coder.get("/coding/pcs").text
    # then the coder sees both in the navigation, the builder marked as the page open
    assert '<a href="/coding/pcs" class="here">PCS builder</a><a href="/coding/drg">DRG worksheet</a>' in pcs
    assert '<a href="/coding">Coder queue</a>' in pcs
    # and the auditor may look codes up but not group stays
    assert auditor.get(f"/coding/pcs?code=0SR9&dos={DOS}").status_code == 200
    assert auditor.get(HEART_FAILURE).status_code == 403
