"""The day before the visits, the front desk checks tomorrow's schedule with the payer (270/271):
active with what remains of the deductible, coverage that ended, a member the payer does not know,
a dependent, a member whose id and name the payer changed. The answers are stored with the
encounters, and the scrubber stops the claim of the visit the payer said was not covered."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import SETTINGS, family_payer, set_up_clinic

from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.kernel import FixedClock
from revcycle.services import claims as claim_services
from revcycle.services import users
from revcycle.services.eligibility import check_eligibility, check_encounters_on
from revcycle.store.repositories.followup import FollowupRepository
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

EVENING = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
TOMORROW = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _checks(clinic, name):
    with clinic.uow(EVENING) as uow:
        return FollowupRepository(uow.connection).eligibility_checks_of(clinic.patients[name][0])


def test_tomorrows_schedule_is_checked_stored_and_used_by_the_scrubber(engine, tmp_path):  # noqa: F811
    # given five patients with visits tomorrow, and the payer simulator answering 270s in real time
    clinic = set_up_clinic(engine, EVENING)
    encounters = {name: clinic.encounter(name, TOMORROW, EVENING) for name in ("roe", "loe", "nobody", "noah", "olivia")}
    desk = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", family_payer(), clock=FixedClock(EVENING)).payer_desk()
    # when the batch check runs for tomorrow
    checks, skipped = check_encounters_on(clinic.uow(EVENING), clinic.biller, desk, SETTINGS, TOMORROW)
    # then every encounter was checked, through X12, with exact answers
    assert skipped == []
    by_encounter = {check.encounter_id: check.benefits for check in checks}
    roe = by_encounter[encounters["roe"]]
    assert (roe.active, roe.plan_name, roe.limit("deductible").remaining_cents) == (True, "PPO", 5000)
    assert (roe.limit("out_of_pocket").total_cents, roe.copays[0].amount_cents) == (300000, 2500)
    assert by_encounter[encounters["loe"]].active is False
    assert by_encounter[encounters["nobody"]].rejections == [("75", "the payer has no member with this id and name")]
    noah = by_encounter[encounters["noah"]]
    assert (noah.dependent, noah.first_name, noah.plan_name) == (True, "NOAH", "ACME FAMILY PPO")
    assert noah.limit("deductible", "family").remaining_cents == 200000 - 30000 - 20000
    # and the stored rows say it in plain terms, with the changed id and name surfaced
    (loe_row,) = _checks(clinic, "loe")
    assert (loe_row.encounter_id, loe_row.active, loe_row.plan_name) == (encounters["loe"], False, "PPO")
    (nobody_row,) = _checks(clinic, "nobody")
    assert nobody_row.active is None and nobody_row.rejections == "the payer has no member with this id and name"
    (olivia_row,) = _checks(clinic, "olivia")
    assert (olivia_row.member_id_changed_to, olivia_row.name_changed_to) == ("F500", "PARK, OLIVIA")
    assert json.loads(olivia_row.benefits)["prior_member_id"] == "OLD500"
    # when the claims are built and scrubbed the next morning
    morning = EVENING + dt.timedelta(hours=16)
    for name in ("roe", "loe"):
        claim_services.build_encounter_claims(clinic.uow(morning), clinic.biller, encounters[name])
    run = claim_services.scrub_claims(clinic.uow(morning), clinic.biller)
    # then Linda Loe's claim stops on the payer's answer, Richard Roe's does not
    codes = {claim.encounter_id: result.codes for claim, result in zip(run.claims, run.result.results, strict=True)}
    assert "coverage_inactive" in codes[encounters["loe"]]
    assert "coverage_inactive" not in codes[encounters["roe"]]
    (finding,) = [f for r in run.result.results for f in r.findings if f.code == "coverage_inactive"]
    assert finding.message == "the payer answered on 2026-03-01 that the coverage (PPO) was inactive on 2026-03-02"
    # when the biller checks Richard Roe for a date with no visit on file
    check = check_eligibility(clinic.uow(EVENING), clinic.biller, desk, SETTINGS, clinic.patients["roe"][0],
                              dt.date(2026, 3, 9))  # fmt: skip
    # then the answer is stored without an encounter, and every check is in the audit log (ids only)
    assert (check.encounter_id, check.benefits.active, check.benefits.date_of_service) == (None, True, dt.date(2026, 3, 9))
    assert [(row.encounter_id, row.date_of_service) for row in _checks(clinic, "roe")] == [
        (encounters["roe"], TOMORROW), (None, dt.date(2026, 3, 9))]
    with clinic.uow(EVENING) as uow:
        events = [e for e in uow.audit.events() if e.entity_type == "eligibility_check"]
    assert len(events) == 6
    assert (events[-1].entity_id, events[-1].detail) == (
        str(check.check_id), f"patient={clinic.patients['roe'][0]} encounter=None active=True")
