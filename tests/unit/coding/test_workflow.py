from datetime import UTC, datetime

import pytest

from revcycle.coding.workflow import (
    Action,
    Decision,
    Worklist,
    decide,
    final_codes,
    latest_decisions,
    pending,
)
from revcycle.kernel import ErrorCode, RevcycleError

AT = datetime(2026, 1, 15, 14, 30, tzinfo=UTC)


def _worklist() -> Worklist:
    return Worklist("enc-1", ("E11.40", "I10", "R07.9"))


def test_accept_reject_edit_and_add_make_the_final_code_set():
    # given three suggestions
    worklist = _worklist()
    # when the coder accepts one, edits one, rejects one and adds a code
    worklist = decide(worklist, Decision(Action.ACCEPT, "coder-7", AT, suggested_code="I10"))
    worklist = decide(worklist, Decision(Action.EDIT, "coder-7", AT, suggested_code="E11.40", final_code="E11.42"))
    worklist = decide(worklist, Decision(Action.REJECT, "coder-7", AT, suggested_code="R07.9", reason="denied"))
    worklist = decide(worklist, Decision(Action.ADD, "coder-7", AT, final_code="Z79.84"))
    # then the claim gets the kept codes in suggestion order, then the additions
    assert final_codes(worklist) == ["E11.42", "I10", "Z79.84"]
    assert pending(worklist) == []
    assert [d.action.value for d in worklist.decisions] == ["accept", "edit", "reject", "add"]


def test_the_latest_decision_wins_and_the_trail_keeps_both():
    worklist = decide(_worklist(), Decision(Action.REJECT, "coder-7", AT, suggested_code="I10"))
    worklist = decide(worklist, Decision(Action.ACCEPT, "coder-9", AT, suggested_code="I10"))
    assert latest_decisions(worklist)["I10"].coder_id == "coder-9"
    assert len(worklist.decisions) == 2
    assert final_codes(worklist) == ["I10"]
    assert pending(worklist) == ["E11.40", "R07.9"]


def test_bad_decisions_are_refused():
    with pytest.raises(RevcycleError) as raised:
        decide(_worklist(), Decision(Action.ACCEPT, "coder-7", AT, suggested_code="J18.9"))
    assert raised.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(RevcycleError):
        decide(_worklist(), Decision(Action.EDIT, "coder-7", AT, suggested_code="I10"))
    with pytest.raises(RevcycleError):
        decide(_worklist(), Decision(Action.ACCEPT, " ", AT, suggested_code="I10"))
    with pytest.raises(RevcycleError):
        decide(_worklist(), Decision(Action.ACCEPT, "coder-7", datetime(2026, 1, 15), suggested_code="I10"))
