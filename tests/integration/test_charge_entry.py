"""Charge entry on a stored encounter (SQLite; PostgreSQL when configured): diagnoses by date of service,
lines priced by the fee schedule (an override needs a reason, audited), NDC, pointers; the claim built from
the encounter and the 837P written from it carry them."""

from datetime import date
from decimal import Decimal

import pytest
from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice

from revcycle.claims import FeeSchedule
from revcycle.claims.fee_schedule import FeeScheduleEntry
from revcycle.edi.claim_to_837 import write_837p
from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.practice.charges import DrugIdentification
from revcycle.practice.fees import Fee
from revcycle.services import audit, charges, claims, fee_schedules, users
from revcycle.services.charges import ChargeEntry
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import read_x12

DOS = date(2026, 3, 2)
FEES = FeeSchedule([FeeScheduleEntry("99214", 15000, date(2026, 1, 1)), FeeScheduleEntry("96372", 3500, date(2026, 1, 1)),
                    FeeScheduleEntry("J1885", 1200, date(2026, 1, 1))])  # fmt: skip


def _visit(engine):  # noqa: F811
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    visit = encounter(("E11.9",), DOS)
    charges.remove_charge(uow(), biller, visit.id, 2)  # the visit keeps its E/M line (99214, 150.00)
    return uow, biller, visit.id


def _audit_details(uow, encounter_id):
    with uow() as unit:
        return [
            event.detail
            for event in unit.audit.events(entity_type="encounter", entity_id=str(encounter_id))
            if event.action == audit.Action.CHANGE
        ]


def test_entered_charges_flow_into_the_claim_and_the_837p(engine):  # noqa: F811
    # given a visit with its E/M line
    uow, biller, encounter_id = _visit(engine)
    # when the biller lists two diagnoses, hypertension first, and enters an injection and its drug
    charges.set_diagnoses(uow(), biller, encounter_id, ["i10", "E11.9"])
    charges.add_charge(uow(), biller, encounter_id, ChargeEntry("96372", ("59",), 1, (2, 1)), FEES)
    drug = DrugIdentification.parse("0409-3795-01", "ML", "2")
    charges.add_charge(
        uow(), biller, encounter_id, ChargeEntry("J1885", units=2, pointers=(2,), drug=drug), FEES
    )
    # then the encounter holds them, priced by the schedule, the E/M line still pointing at E11.9
    bill = charges.superbill(uow(), biller, encounter_id)
    assert [(d.pointer, d.code, d.title) for d in bill.diagnoses] == [
        (1, "I10", "Essential (primary) hypertension"),
        (2, "E11.9", "Type 2 diabetes mellitus without complications"),
    ]
    assert [(line.line_number, line.procedure_code, line.modifiers, line.units, line.diagnosis_pointers,
             line.charge_cents, line.drug) for line in bill.encounter.lines] == [
        (1, "99214", (), 1, (2,), 15000, None),
        (2, "96372", ("59",), 1, (2, 1), 3500, None),
        (3, "J1885", (), 2, (2,), 2400, DrugIdentification("00409379501", "ML", Decimal("2")))]  # fmt: skip
    # when the claim is built and written
    [claim] = claims.build_encounter_claims(uow(), biller, encounter_id)
    stored = claims.get_claim(uow(), biller, claim.id)
    text = write_837p([stored], SUBMITTER, RECEIVER, 31, NOW)
    # then the stored claim and the 837P carry the lines, pointers and NDC
    assert stored.diagnoses == ("I10", "E11.9")
    assert [(line.procedure_code, line.units, line.modifiers, line.diagnosis_pointers, line.drug)
            for line in stored.lines] == [("99214", 1, (), (2,), None), ("96372", 1, ("59",), (2, 1), None),
                                          ("J1885", 2, (), (2,), drug)]  # fmt: skip
    assert pyx12_errors(text) == []
    [parsed] = read_x12(text).transactions
    [written] = parsed.model.claims
    assert written.diagnoses == ["I10", "E119"]
    assert [(line.procedure, line.modifiers, line.units, line.diagnosis_pointers, line.drug)
            for line in written.service_lines] == [
        ("99214", [], Decimal(1), [2], []),
        ("96372", ["59"], Decimal(1), [2, 1], []),
        ("J1885", [], Decimal(2), [2], [["LIN", "", "N4", "00409379501"], ["CTP", "", "", "", "2", "ML"]])]  # fmt: skip


def test_a_fee_other_than_the_schedules_needs_a_reason_and_is_audited(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    # when the biller charges 99214 at 120.00 without a reason / then it is refused and nothing is added
    with pytest.raises(RevcycleError) as refused:
        charges.add_charge(uow(), biller, encounter_id, ChargeEntry("99214", fee_cents=12000), FEES)
    assert refused.value.message == "99214: the fee schedule charges 150.00: a different fee needs a reason"
    assert len(charges.superbill(uow(), biller, encounter_id).encounter.lines) == 1
    # when the reason is given
    line = charges.add_charge(
        uow(),
        biller,
        encounter_id,
        ChargeEntry("99214", ("25",), fee_cents=12000, fee_reason="sliding scale"),
        FEES,
    )
    # then the line keeps the fee and the reason, and the audit log says who changed what and why
    assert (line.line_number, line.charge_cents, line.fee_override_reason) == (2, 12000, "sliding scale")
    assert (
        _audit_details(uow, encounter_id)[-1]
        == "charge added line 2 99214-25 x1 fee=override 120.00 reason: sliding scale"
    )
    # and the claim built with the fee schedule keeps the overridden fee
    [claim] = claims.build_encounter_claims(uow(), biller, encounter_id, FEES)
    assert [(line.charge_cents, line.charge_source) for line in claim.lines] == [
        (15000, "fee_schedule"),
        (12000, "override"),
    ]


def test_bad_lines_are_refused_with_what_is_wrong(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    cases = [
        (ChargeEntry("99999"), "99999: 99999 is not a CPT code we hold"),
        (ChargeEntry("96372", pointers=(1, 3)), "96372: pointer 3 names no diagnosis (the encounter has 1)"),
        (ChargeEntry("96372", ("ZZ",)), "96372: ZZ is not a modifier code we hold"),
        (
            ChargeEntry("83036"),
            "83036: the fee schedule has no fee for this code on the date of service: enter the fee",
        ),
    ]
    for entry, message in cases:
        with pytest.raises(RevcycleError) as refused:
            charges.add_charge(uow(), biller, encounter_id, entry, FEES)
        assert (refused.value.code, refused.value.message) == (ErrorCode.VALIDATION, message)
    assert [
        line.procedure_code for line in charges.superbill(uow(), biller, encounter_id).encounter.lines
    ] == ["99214"]


def test_diagnoses_are_checked_on_the_date_of_service_and_lines_follow_their_codes(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    with pytest.raises(RevcycleError) as refused:
        charges.set_diagnoses(uow(), biller, encounter_id, ["E11"])
    assert refused.value.message == "E11 is a header (Type 2 diabetes mellitus), not billable on its own"
    with pytest.raises(RevcycleError) as refused:
        charges.set_diagnoses(uow(), biller, encounter_id, ["I10"])  # the E/M line points at E11.9
    assert refused.value.message == (
        "line 1 (99214) would point at no diagnosis: point it at one that stays, or remove it first"
    )
    changed = charges.set_diagnoses(uow(), biller, encounter_id, ["M54.50", "E11.9"])
    assert (changed.diagnosis_codes, changed.lines[0].diagnosis_pointers) == (("M54.50", "E11.9"), (2,))


def test_removing_a_line_numbers_the_rest_up(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    for code in ("96372", "J1885"):
        charges.add_charge(uow(), biller, encounter_id, ChargeEntry(code), FEES)
    charges.remove_charge(uow(), biller, encounter_id, 2)
    lines = charges.superbill(uow(), biller, encounter_id).encounter.lines
    assert [(line.line_number, line.procedure_code) for line in lines] == [(1, "99214"), (2, "J1885")]
    with pytest.raises(RevcycleError) as refused:
        charges.remove_charge(uow(), biller, encounter_id, 7)
    assert (refused.value.code, refused.value.message) == (
        ErrorCode.NOT_FOUND,
        f"encounter {encounter_id} has no line 7",
    )


def test_the_preview_shows_the_line_and_the_scrubbers_findings_and_stores_nothing(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    # when the biller types an injection whose pointer is wrong
    wrong = charges.preview_charge(uow(), biller, encounter_id, ChargeEntry("96372", pointers=(2,)), FEES)
    assert (wrong.addable, wrong.problems) == (False, ("pointer 2 names no diagnosis (the encounter has 1)",))
    # when the line is right: its fee, and the scrubber on the claim with it (NCCI: the E/M beside 96372 needs a modifier)
    right = charges.preview_charge(uow(), biller, encounter_id, ChargeEntry("96372"), FEES)
    assert (right.addable, right.fee.unit_cents, right.fee.source) == (True, 3500, "fee_schedule")
    assert [(f.code, f.location) for f in right.findings if f.severity.value == "error"] == [
        ("ncci_pair_needs_modifier", "line 1")
    ]
    assert len(charges.superbill(uow(), biller, encounter_id).encounter.lines) == 1


def test_charges_are_closed_once_the_encounter_is_billed(engine):  # noqa: F811
    uow, biller, encounter_id = _visit(engine)
    claims.build_encounter_claims(uow(), biller, encounter_id)
    with pytest.raises(RevcycleError) as refused:
        charges.add_charge(uow(), biller, encounter_id, ChargeEntry("96372"), FEES)
    assert (refused.value.code, refused.value.message) == (
        ErrorCode.CONFLICT,
        f"encounter {encounter_id}: it is billed; a change goes on a corrected claim",
    )
    assert (
        charges.superbill(uow(), biller, encounter_id).closed
        == "it is billed; a change goes on a corrected claim"
    )


def test_without_a_fee_file_the_practices_standard_schedule_prices_the_line(engine):  # noqa: F811
    # given the practice's Standard schedule lists 96372 at 36.00 from 2026-01-01
    uow, biller, encounter_id = _visit(engine)
    admin = users.acting_user(uow(), "admin")
    fee_schedules.add_fee(uow(), admin, "Standard", Fee("96372", 3600, effective_from=date(2026, 1, 1)))
    # when the biller enters the injection without a fee
    line = charges.add_charge(uow(), biller, encounter_id, ChargeEntry("96372"))
    # then the Standard schedule's fee is charged
    assert (line.procedure_code, line.charge_cents, line.fee_override_reason) == ("96372", 3600, "")
