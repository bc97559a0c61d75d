"""Coverage order (one primary, secondary, tertiary on any date), ending, reordering, and the merge rules."""

from dataclasses import replace
from datetime import date

import pytest

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.coverage_rules import ended, ensure_unique_order, merge_coverages, reordered
from revcycle.practice.patients import Coverage, CoverageOrder


def cover(coverage_id, order, start=date(2026, 1, 1), end=None, payer_id=1, member="M1", patient_id=1):
    return Coverage(patient_id, payer_id, member, order, start, end, id=coverage_id)


def test_two_primaries_in_force_on_a_common_day_clash():
    # given a primary ending 2026-03-31 and another from 2026-03-31
    first = cover(1, CoverageOrder.PRIMARY, end=date(2026, 3, 31))
    second = cover(2, CoverageOrder.PRIMARY, start=date(2026, 3, 31), payer_id=2)
    # when both are checked / then the clash names the order and both periods
    with pytest.raises(RevcycleError) as refused:
        ensure_unique_order([first, second])
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.message == (
        "two primary coverages would be in force together (2026-01-01..2026-03-31 and 2026-03-31..open); "
        "end one or change its order first"
    )


def test_a_primary_that_starts_the_day_after_the_other_ends_is_fine():
    first = cover(1, CoverageOrder.PRIMARY, end=date(2026, 3, 30))
    second = cover(2, CoverageOrder.PRIMARY, start=date(2026, 3, 31), payer_id=2)
    # when checked / then nothing is raised and ending keeps the rest of the coverage
    ensure_unique_order([first, second])
    assert ended(second, date(2026, 6, 30)) == replace(second, effective_to=date(2026, 6, 30))


def test_a_coverage_cannot_end_before_it_starts():
    with pytest.raises(RevcycleError, match="the coverage starts 2026-01-01; it cannot end 2025-12-31"):
        ended(cover(1, CoverageOrder.PRIMARY), date(2025, 12, 31))


def test_reordering_swaps_primary_and_secondary_in_force_on_the_date():
    # given a primary and a secondary, and an ended tertiary
    primary, secondary = cover(1, CoverageOrder.PRIMARY), cover(2, CoverageOrder.SECONDARY, payer_id=2)
    old = cover(3, CoverageOrder.TERTIARY, end=date(2025, 12, 31), start=date(2025, 1, 1), payer_id=3)
    # when the desk puts coverage 2 first on 2026-03-01
    changed = reordered([primary, secondary, old], [2, 1], date(2026, 3, 1))
    # then both change order and the ended one is left alone
    assert [(c.id, c.order) for c in changed] == [(2, CoverageOrder.PRIMARY), (1, CoverageOrder.SECONDARY)]


def test_reordering_must_name_every_coverage_in_force_once():
    primary, secondary = cover(1, CoverageOrder.PRIMARY), cover(2, CoverageOrder.SECONDARY, payer_id=2)
    with pytest.raises(RevcycleError, match="name each of the 2 coverages in force on 2026-03-01 once"):
        reordered([primary, secondary], [2, 2], date(2026, 3, 1))


def test_reordering_a_coverage_that_would_clash_outside_the_date_is_refused():
    # given a secondary starting in April while the primary is open-ended
    primary = cover(1, CoverageOrder.PRIMARY)
    later_secondary = cover(2, CoverageOrder.SECONDARY, start=date(2026, 4, 1), payer_id=2)
    other_secondary = cover(3, CoverageOrder.SECONDARY, end=date(2026, 3, 31), payer_id=3)
    # when only the March coverages swap, the primary becomes secondary and meets the April secondary
    with pytest.raises(RevcycleError, match="two secondary coverages would be in force together"):
        reordered([primary, later_secondary, other_secondary], [3, 1], date(2026, 3, 1))


def test_a_merge_links_the_same_policy_and_moves_the_others():
    # given the survivor's Acme primary and the duplicate's same Acme policy (typed with a dash) and a secondary
    survivor = [cover(1, CoverageOrder.PRIMARY, member="W123")]
    duplicate = [cover(5, CoverageOrder.PRIMARY, member="w-123", patient_id=2),
                 cover(6, CoverageOrder.SECONDARY, payer_id=2, member="S9", patient_id=2)]  # fmt: skip
    # when the merge is planned
    plan = merge_coverages(survivor, duplicate)
    # then the same policy is linked to the survivor's, the secondary moves
    assert plan.moved == (6,)
    assert plan.linked == {5: 1}


def test_a_merge_whose_moved_coverage_would_clash_is_refused_whole():
    # given two different primary policies in force together
    survivor = [cover(1, CoverageOrder.PRIMARY, member="W123")]
    duplicate = [
        cover(5, CoverageOrder.PRIMARY, payer_id=2, member="Z9", start=date(2026, 2, 1), patient_id=2)
    ]
    # when the merge is planned / then it is refused, nothing merged
    with pytest.raises(RevcycleError) as refused:
        merge_coverages(survivor, duplicate)
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.message == (
        "nothing was merged: the duplicate's primary coverage (2026-02-01..open) would be in force with the "
        "survivor's (2026-01-01..open); end or reorder one of them first"
    )
