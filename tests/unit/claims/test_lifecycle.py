from datetime import UTC, datetime

import pytest

from revcycle.claims import TRANSITIONS, ClaimStatus, Frequency, correct, transition, void
from revcycle.claims.examples import example_claim
from revcycle.kernel import ErrorCode, RevcycleError

AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
S = ClaimStatus


def walk(claim, *statuses):
    for status in statuses:
        claim = transition(claim, status, AT)
    return claim


def test_the_happy_path_records_each_change():
    # given a draft claim
    claim = example_claim()
    # when it goes all the way to paid and closed
    closed = walk(claim, S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.PAID, S.CLOSED)
    # then the history holds every step
    assert closed.status is S.CLOSED
    assert [change.status for change in closed.history] == [
        S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.PAID, S.CLOSED]
    assert claim.status is S.DRAFT  # the original value is untouched


@pytest.mark.parametrize(("path", "target"), [
    ((), S.SUBMITTED),  # a draft cannot skip the scrubber
    ((S.SCRUBBED, S.READY, S.SUBMITTED), S.PAID),  # not adjudicated before acceptance
    ((S.SCRUBBED, S.READY, S.SUBMITTED, S.REJECTED), S.APPEALED),  # a rejection is fixed, not appealed
    ((S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.PAID, S.CLOSED), S.DRAFT),  # closed is terminal
])
def test_illegal_transitions_raise(path, target):
    claim = walk(example_claim(), *path)
    with pytest.raises(RevcycleError) as raised:
        transition(claim, target, AT)
    assert raised.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert f"cannot go from {claim.status} to {target}" in raised.value.message


def test_every_status_is_in_the_table_and_only_closed_is_terminal():
    assert set(TRANSITIONS) == set(S)
    assert [status for status, targets in TRANSITIONS.items() if not targets] == [S.CLOSED]


def test_a_rejected_claim_goes_back_to_draft_and_is_resubmitted_as_an_original():
    rejected = walk(example_claim(), S.SCRUBBED, S.READY, S.SUBMITTED, S.REJECTED)
    again = walk(rejected, S.DRAFT, S.SCRUBBED, S.READY, S.SUBMITTED)
    assert (again.status, again.frequency) == (S.SUBMITTED, Frequency.ORIGINAL)


def test_a_corrected_claim_is_a_new_linked_claim_with_the_payer_control_number():
    # given a denied claim
    denied = walk(example_claim("E5-1"), S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.DENIED)
    fixed_content = example_claim("ignored", diagnoses=("E11.65", "I10"))
    # when it is corrected
    original, replacement = correct(denied, fixed_content, " 2026061500123 ", AT)
    # then the original is marked corrected and the new claim links to it
    assert original.status is S.CORRECTED
    assert (replacement.claim_id, replacement.frequency, replacement.original_claim_id) == ("E5-1V2", Frequency.CORRECTED, "E5-1")
    assert (replacement.payer_claim_control_number, replacement.version, replacement.status) == ("2026061500123", 2, S.DRAFT)
    assert replacement.diagnoses == ("E11.65", "I10")


def test_a_void_claim_copies_the_original_with_frequency_8():
    paid = walk(example_claim("E5-1"), S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.PAID)
    original, cancellation = void(paid, "PCN77", AT)
    assert original.status is S.VOIDED
    assert (cancellation.claim_id, cancellation.frequency, cancellation.original_claim_id) == ("E5-1V2", Frequency.VOID, "E5-1")
    assert cancellation.lines == paid.lines
    # and a second version of the same claim counts on
    second = walk(cancellation, S.SCRUBBED, S.READY, S.SUBMITTED, S.ACCEPTED, S.DENIED)
    assert void(second, "PCN78", AT)[1].claim_id == "E5-1V3"


def test_correction_needs_an_adjudicated_claim_and_a_control_number():
    submitted = walk(example_claim(), S.SCRUBBED, S.READY, S.SUBMITTED)
    with pytest.raises(RevcycleError) as raised:
        void(submitted, "PCN1", AT)
    assert raised.value.code is ErrorCode.ILLEGAL_TRANSITION
    denied = walk(submitted, S.ACCEPTED, S.DENIED)
    with pytest.raises(RevcycleError) as missing:
        correct(denied, denied, "  ", AT)
    assert missing.value.code is ErrorCode.VALIDATION
