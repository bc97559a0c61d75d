"""Applying a coder's or biller's changes to an adjudicated claim (the content of a corrected claim)."""

from datetime import UTC, date, datetime

import pytest

from revcycle.claims.corrections import ClaimChanges, LineEdit, NewLine, apply_changes, merged, recoded
from revcycle.claims.examples import example_claim
from revcycle.coding.workflow import Action, Decision, Worklist
from revcycle.kernel import ErrorCode, RevcycleError

AT = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
SUGGESTED = ("99214", "83036", "36415")  # the encounter's procedure suggestions


def _lines(claim):
    return [
        (ln.line_number, ln.procedure_code, ln.modifiers, ln.units, ln.charge_cents, ln.diagnosis_pointers)
        for ln in claim.lines
    ]


def test_a_modifier_and_the_diagnoses_are_replaced_and_the_rest_is_kept():
    # given the example claim (E11.9, I10; 99214 $150, 83036 $40, 36415 $15)
    claim = example_claim()
    # when the diagnoses are replaced (E11.65 first) and 99214 gets modifier 25
    changed = apply_changes(
        claim, ClaimChanges(diagnoses=("e1165", "I10"), line_edits=(LineEdit(1, modifiers=("25",)),))
    )
    # then the codes are stored dotted, the modifier replaces the (empty) list, nothing else moves
    assert changed.diagnoses == ("E11.65", "I10")
    assert _lines(changed) == [(1, "99214", ("25",), 1, 15000, (1, 2)), (2, "83036", (), 1, 4000, (1,)),
                               (3, "36415", (), 1, 1500, (1,))]  # fmt: skip
    assert (changed.claim_id, changed.total_charge_cents, changed.lines[0].charge_source) == (
        "E1-1",
        20500,
        "fee_schedule",
    )


def test_units_without_a_charge_keep_the_unit_price_and_a_new_charge_is_marked():
    # given the example claim
    claim = example_claim()
    # when 83036 goes to 2 units and 36415's charge to $12.50
    changed = apply_changes(
        claim, ClaimChanges(line_edits=(LineEdit(2, units=2), LineEdit(3, charge_cents=1250)))
    )
    # then 83036 bills 2 x $40 and 36415 $12.50, both charges said to come from the correction
    assert [(ln.units, ln.charge_cents, ln.charge_source) for ln in changed.lines[1:]] == [(2, 8000, "correction"),
                                                                                       (1, 1250, "correction")]  # fmt: skip
    assert changed.total_charge_cents == 24250


def test_removed_and_added_lines_are_renumbered():
    # given the example claim
    claim = example_claim()
    # when the venipuncture (line 3) goes and an 82947 glucose ($20, pointing at E11.9) is added
    changed = apply_changes(claim, ClaimChanges(removed_lines=(3,), added_lines=(NewLine("82947", 2000),)))
    # then the new line is line 3, on the claim's date of service, with no encounter service line behind it
    assert _lines(changed)[1:] == [(2, "83036", (), 1, 4000, (1,)), (3, "82947", (), 1, 2000, (1,))]
    assert (changed.lines[2].service_date, changed.lines[2].service_line_id) == (date(2026, 3, 2), None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (ClaimChanges(), "claim E1-1: the changes change nothing; a corrected claim must differ from the original"),
        (ClaimChanges(line_edits=(LineEdit(7, modifiers=("25",)),)), "line 7: no such line on the claim"),
        (ClaimChanges(removed_lines=(1, 2, 3)), "claim E1-1: a corrected claim keeps at least one line (void the claim instead)"),
        (ClaimChanges(diagnoses=("E11.9",)), "line 1 (99214): pointer 2 names no diagnosis (the claim has 1)"),
        (ClaimChanges(line_edits=(LineEdit(1, modifiers=("25", "59", "XS", "XU", "76")),)), "line 1: at most 4 modifiers"),
        (ClaimChanges(line_edits=(LineEdit(2, charge_cents=0),)), "line 2 (83036): the charge must be positive integer cents, got 0"),
        (ClaimChanges(line_edits=(LineEdit(1, procedure_code="9921"),)), "'9921' is not a CPT or HCPCS code (5 characters)"),
        (ClaimChanges(line_edits=(LineEdit(2, units=2),), removed_lines=(2,)), "line 2: both edited and removed"),
    ],
)  # fmt: skip
def test_changes_that_cannot_make_a_claim_are_refused_with_the_line_named(changes, message):
    # given the example claim
    claim = example_claim()
    # when the changes are applied, then a validation error names the problem
    with pytest.raises(RevcycleError) as raised:
        apply_changes(claim, changes)
    assert (raised.value.code, raised.value.message) == (ErrorCode.VALIDATION, message)


def test_recoding_follows_the_coders_latest_decisions():
    # given the coder, after billing, replaced E11.9 by E11.65, kept I10 and rejected 36415
    claim = example_claim()
    decisions = Worklist("1", SUGGESTED, (Decision(Action.REJECT, "cody", AT, "36415"),
                                          Decision(Action.ACCEPT, "cody", AT, "99214", "99214")))  # fmt: skip
    # when the claim is recoded from those decisions
    changes = recoded(claim, ["E11.65", "I10"], decisions)
    changed = apply_changes(claim, changes)
    # then pointers follow their codes (99214 keeps I10); a line left pointing at nothing (83036 pointed at
    # E11.9 only) points at the first diagnosis; 36415's line is gone
    assert changed.diagnoses == ("E11.65", "I10")
    assert _lines(changed) == [(1, "99214", (), 1, 15000, (2,)), (2, "83036", (), 1, 4000, (1,))]


def test_a_recoding_with_the_billers_edit_on_top_keeps_both():
    # given a recoding that repoints line 1 and the biller's modifier 25 on the same line
    claim = example_claim()
    base = recoded(
        claim, ["E11.9", "I10"], Worklist("1", SUGGESTED, (Decision(Action.REJECT, "cody", AT, "36415"),))
    )
    # when merged and applied
    changed = apply_changes(claim, merged(base, ClaimChanges(line_edits=(LineEdit(1, modifiers=("25",)),))))
    # then line 1 has the modifier and its pointers; the rejected line is removed
    assert _lines(changed) == [(1, "99214", ("25",), 1, 15000, (1, 2)), (2, "83036", (), 1, 4000, (1,))]


def test_a_procedure_the_coder_added_needs_a_charge():
    # given the coder added 82947 after billing
    claim = example_claim()
    decisions = Worklist("1", SUGGESTED, (Decision(Action.ADD, "cody", AT, None, "82947"),))
    # when recoded, then the biller is told to add the line with its charge
    with pytest.raises(RevcycleError, match="the coder added 82947: add a line with its charge"):
        recoded(claim, ["E11.9", "I10"], decisions)
