"""CARC -> kind and category, next actions, and the work queue grouping."""

from __future__ import annotations

from datetime import date

from revcycle.denials.categories import Category, Kind, category_of, classify, next_action
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
        "16": Category.CODING,
        "50": Category.MEDICAL_NECESSITY,
        "29": Category.TIMELY_FILING,
        "18": Category.DUPLICATE,
        "97": Category.BUNDLING,
        "A1": Category.OTHER,
    }
    assert {carc: category_of(carc) for carc in expected} == expected
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
