"""The coder sets the diagnosis order and each line's pointers; finalizing keeps them (SQLite; PostgreSQL when
configured). Before, finalizing put the codes in suggestion rank order and re-pointed the lines."""

import json

import pytest
from test_coding_workflow import _practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.coding.workflow import Action
from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.services import claims, coding
from revcycle.services.coding import CoderDecision
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)


def _decided(uow, coder, encounter_id):
    for decision in (CoderDecision(Action.ACCEPT, "E11.9"), CoderDecision(Action.ACCEPT, "M54.50"),
                     CoderDecision(Action.REJECT, "I10"), CoderDecision(Action.ADD, final_code="Z79.84"),
                     CoderDecision(Action.ACCEPT, "83036")):  # fmt: skip
        coding.record_decision(uow(), coder, encounter_id, decision)


def test_finalizing_keeps_the_order_and_the_pointers_the_coder_set(engine):  # noqa: F811
    # given a coder who kept E11.9, M54.50 and Z79.84 (99214 and 83036 on the encounter)
    uow, staff, encounter_id = _practice(engine)
    coder = staff["coder"]
    _decided(uow, coder, encounter_id)
    # when the coder puts the back pain first and points each line
    preview = coding.set_coding_order(
        uow(), coder, encounter_id, ["m54.50", "E11.9", "Z79.84"], {1: (1, 2), 2: (2, 3)}
    )
    assert [line.diagnosis_pointers for line in preview.lines] == [(1, 2), (2, 3)]
    final = coding.finalize_coding(uow(), coder, encounter_id)
    # then finalizing keeps the order and the pointers, and so does the claim
    assert final == ["M54.50", "E11.9", "Z79.84"]
    (claim,) = claims.build_encounter_claims(uow(), coder, encounter_id)
    assert claim.diagnoses == ("M54.50", "E11.9", "Z79.84")
    assert [(line.procedure_code, line.diagnosis_pointers) for line in claim.lines] == [
        ("99214", (1, 2)),
        ("83036", (2, 3)),
    ]


def test_an_order_that_does_not_fit_the_final_codes_is_refused(engine):  # noqa: F811
    uow, staff, encounter_id = _practice(engine)
    coder = staff["coder"]
    _decided(uow, coder, encounter_id)
    cases = [
        (["E11.9", "M54.50"], None, "the order leaves out Z79.84"),
        (
            ["E11.9", "M54.50", "Z79.84", "I10"],
            None,
            "I10 is not among the final codes (E11.9, M54.50, Z79.84)",
        ),
        (
            ["E11.9", "M54.50", "Z79.84"],
            {1: (1,), 2: (1,)},
            "no line points at M54.50, Z79.84 (a claim carries only the diagnoses its lines point at)",
        ),
        (["E11.9", "M54.50", "Z79.84"], {3: (1,)}, "there is no line 3 (the coded encounter has 2)"),
        (
            ["E11.9", "M54.50", "Z79.84"],
            {1: (1, 4)},
            "line 1: pointer 4 names no diagnosis (the encounter has 3)",
        ),
    ]
    for order, pointers, message in cases:
        with pytest.raises(RevcycleError) as refused:
            coding.set_coding_order(uow(), coder, encounter_id, order, pointers)
        assert (refused.value.code, refused.value.message) == (ErrorCode.VALIDATION, message)


def test_an_order_set_before_the_codes_changed_stops_finalizing_until_it_is_set_again(engine):  # noqa: F811
    uow, staff, encounter_id = _practice(engine)
    coder = staff["coder"]
    _decided(uow, coder, encounter_id)
    coding.set_coding_order(uow(), coder, encounter_id, ["Z79.84", "E11.9", "M54.50"], {1: (2, 3, 1)})
    coding.record_decision(uow(), coder, encounter_id, CoderDecision(Action.REJECT, "M54.50"))
    with pytest.raises(RevcycleError) as refused:
        coding.finalize_coding(uow(), coder, encounter_id)
    assert refused.value.message == (
        f"the diagnosis order set for encounter {encounter_id} no longer fits: "
        "M54.50 is not among the final codes (E11.9, Z79.84); set it again"
    )


def test_coding_decide_sets_the_order_and_pointers_from_the_cli(engine, database_url):  # noqa: F811
    # given decisions made, through the CLI the coder sets the order with the last decision
    uow, staff, encounter_id = _practice(engine)
    _decided(uow, staff["coder"], encounter_id)
    result = CliRunner().invoke(app, ["coding", "decide", str(encounter_id), "--user", "cora", "--database-url",
                                      database_url, "--order", "E11.9,Z79.84,M54.50", "--pointers", "1=1,3",
                                      "--pointers", "2=1,2", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["order"] == {
        "diagnoses": ["E11.9", "Z79.84", "M54.50"],
        "pointers": {"1": [1, 3], "2": [1, 2]},
    }
    # and finalizing from the CLI keeps it
    done = CliRunner().invoke(app, ["coding", "finalize", str(encounter_id), "--user", "cora", "--database-url",
                                    database_url, "--json"])  # fmt: skip
    assert json.loads(done.output)["diagnoses"] == ["E11.9", "Z79.84", "M54.50"]
    # and a bad order is one line, no traceback
    bad = CliRunner().invoke(app, ["coding", "decide", str(encounter_id), "--user", "cora", "--database-url",
                                   database_url, "--order", "E11.9"])  # fmt: skip
    assert bad.exit_code != 0 and "Traceback" not in bad.output
