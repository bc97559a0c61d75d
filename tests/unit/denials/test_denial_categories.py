"""CARC -> kind and category, next actions, and the work queue grouping."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.denials.appeal_letter import TEMPLATES
from revcycle.denials.appeals import appeal_is_next_action
from revcycle.denials.categories import Category, Kind, categorize, classify, next_action, remark_kind
from revcycle.denials.queue import DenialItem, WorkQueue


def test_contractual_patient_share_prior_payer_and_denials_are_told_apart():
    assert classify("CO", "45") is Kind.CONTRACTUAL
    assert classify("CO", "59") is Kind.CONTRACTUAL
    assert classify("PR", "1") is Kind.PATIENT_SHARE
    assert classify("PR", "3") is Kind.PATIENT_SHARE
    assert classify("OA", "23") is Kind.PRIOR_PAYER
    assert classify("CO", "97") is Kind.DENIAL
    assert classify("PR", "204") is Kind.DENIAL  # not covered, billed to the patient: still worked
    assert classify("CO", "XYZ") is Kind.DENIAL


def test_every_category_has_its_carcs_and_a_next_action():
    expected = {
        "27": Category.ELIGIBILITY,
        "197": Category.AUTHORIZATION,
        "11": Category.CODING,
        "16": Category.MISSING_INFORMATION,
        "50": Category.MEDICAL_NECESSITY,
        "96": Category.NON_COVERED,
        "29": Category.TIMELY_FILING,
        "18": Category.DUPLICATE,
        "97": Category.BUNDLING,
        "A1": Category.OTHER,
    }
    assert {carc: categorize("CO", carc) for carc in expected} == expected
    assert "corrected claim" in next_action(Category.BUNDLING)
    assert all(next_action(category) for category in Category)


def test_the_work_queue_groups_by_category_oldest_then_largest_first():
    items = [
        DenialItem("C1", "99213", "CO", "97", 12000, date(2026, 3, 20)),
        DenialItem("C2", "72148", "CO", "197", 90000, date(2026, 3, 21)),
        DenialItem("C3", "36415", "CO", "97", 1500, date(2026, 3, 19)),
        DenialItem("C4", "20610", "CO", "97", 6500, date(2026, 3, 20)),
    ]
    groups = WorkQueue.of(items).groups()
    assert [
        (category, [i.claim_control_number for i in members], total) for category, members, total in groups
    ] == [
        (Category.AUTHORIZATION, ["C2"], 90000),
        (Category.BUNDLING, ["C3", "C1", "C4"], 20000),
    ]


# group, CARC, RARCs -> what the denial means and whether an appeal is the next action
PAIRS = [
    (
        "CO",
        "96",
        ("N130",),
        Category.NON_COVERED,
        False,
    ),  # plan exclusion: bill the patient (ABN) or write off
    ("CO", "96", (), Category.NON_COVERED, False),
    ("CO", "96", ("N425",), Category.NON_COVERED, False),  # statutorily excluded
    ("CO", "96", ("N115",), Category.MEDICAL_NECESSITY, True),  # non-covered by an LCD: a necessity question
    ("CO", "204", ("N130",), Category.NON_COVERED, False),
    ("CO", "50", (), Category.MEDICAL_NECESSITY, True),  # appeal with the records
    ("CO", "50", ("N115",), Category.MEDICAL_NECESSITY, True),
    ("CO", "16", ("MA63",), Category.MISSING_INFORMATION, False),  # correct and resubmit
    ("CO", "16", ("M76",), Category.MISSING_INFORMATION, False),
    (
        "CO",
        "16",
        ("M62",),
        Category.MISSING_INFORMATION,
        False,
    ),  # the authorization number left off the claim
    ("CO", "16", ("M47",), Category.MISSING_INFORMATION, False),
    ("CO", "A1", ("MA130",), Category.MISSING_INFORMATION, False),  # unprocessable: a new claim
    ("CO", "A1", ("N382",), Category.MISSING_INFORMATION, False),  # a missing/invalid patient identifier
    ("CO", "A1", (), Category.OTHER, False),
    ("PR", "204", (), Category.PATIENT_RESPONSIBILITY, False),  # bill the patient
    ("PR", "96", ("N130",), Category.PATIENT_RESPONSIBILITY, False),
    ("PR", "50", (), Category.PATIENT_RESPONSIBILITY, False),
    ("CO", "18", ("N522",), Category.DUPLICATE, False),
    ("OA", "18", (), Category.DUPLICATE, False),
    ("CO", "B13", (), Category.DUPLICATE, False),
    ("PR", "18", (), Category.DUPLICATE, False),
    ("CO", "29", (), Category.TIMELY_FILING, True),  # appeal with proof of submission
    (
        "CO",
        "29",
        ("N130",),
        Category.TIMELY_FILING,
        True,
    ),  # a remark does not turn a filing limit into a benefit
    ("CO", "197", ("M62",), Category.AUTHORIZATION, True),
    ("CO", "97", ("M15",), Category.BUNDLING, False),
    ("CO", "97", ("N390",), Category.BUNDLING, False),
    ("CO", "27", (), Category.ELIGIBILITY, False),
    ("CO", "4", ("N657",), Category.CODING, False),
]


@pytest.mark.parametrize(("group", "carc", "remarks", "category", "appeal_first"), PAIRS)
def test_a_denial_means_what_its_group_carc_and_remarks_say_together(
    group, carc, remarks, category, appeal_first
):
    # when the denial is categorized
    found = categorize(group, carc, remarks)
    # then it has the meaning and next action the pair has, and an appeal comes first only where it should
    assert (found, appeal_is_next_action(found)) == (category, appeal_first)


def test_the_next_actions_of_the_new_categories_say_what_a_biller_does():
    assert next_action(Category.NON_COVERED) == (
        "not covered by the plan: bill the patient if a signed ABN/waiver is on file (GA/GX), else write off as "
        "non-covered; appeal only if the plan's documents cover the service"
    )
    assert next_action(Category.MISSING_INFORMATION).startswith("supply what the remark code names")
    assert next_action(Category.PATIENT_RESPONSIBILITY).endswith("else the patient (statement)")


def test_remark_kinds_come_from_the_public_rarc_list():
    assert (remark_kind("MA63"), remark_kind("M62"), remark_kind("N130"), remark_kind("ZZZ9")) == (
        "missing_information",
        "missing_information",
        None,
        None,
    )


def test_a_non_covered_denial_is_argued_on_the_plans_terms_not_on_medical_necessity():
    wording = TEMPLATES[Category.NON_COVERED]
    text = " ".join(wording.body)
    assert wording.subject == "Request for review of a coverage determination"
    assert ("benefit documents" in text, "medically necessary" in text) == (True, False)
