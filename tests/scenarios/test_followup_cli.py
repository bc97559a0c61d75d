"""The biller's commands: `revcycle eligibility check` (one patient, a day's encounters) and
`revcycle claims status --stale-days N`, against a simulator trading partner."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import set_up_clinic
from typer.testing import CliRunner

from revcycle.clearinghouse.partners import load_partner
from revcycle.cli.main import app
from revcycle.practice.organization import Submitter
from revcycle.services import claims as claim_services
from revcycle.services import users
from revcycle.services.clearinghouse import submit_batch
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
SUBMITTED = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)
DOS = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _partner(tmp_path):
    config = tmp_path / "acme.json"
    config.write_text(json.dumps({"name": "acme", "kind": "simulator", "root": "acme", "sender_id": "CLINIC01",
                                  "receiver_id": "87726", "usage": "T", "received_on": "2026-03-05"}))  # fmt: skip
    return config


def test_eligibility_check_for_a_patient_and_for_a_days_encounters(engine, database_url, tmp_path):  # noqa: F811
    # given Richard Roe (W200, active) and Linda Loe (W400, ended) with visits on 2026-03-02
    clinic = set_up_clinic(engine, SET_UP)
    for name in ("roe", "loe"):
        clinic.encounter(name, DOS, SET_UP)
    partner = _partner(tmp_path)
    base = ["--partner", str(partner), "--user", "bea", "--database-url", database_url]
    # when one patient is checked
    one = CliRunner().invoke(app, ["eligibility", "check", "--patient", str(clinic.patients["roe"][0]),
                                   "--dos", "2026-03-02", *base, "--json"])  # fmt: skip
    # then active, with the deductible left, exit 0
    assert one.exit_code == 0, one.output
    (check,) = json.loads(one.output)["checks"]
    assert (check["benefits"]["active"], check["benefits"]["plan_name"]) == (True, "PPO")
    assert check["benefits"]["limits"][0] == {"kind": "deductible", "level": "individual", "in_network": True,
                                              "total_cents": 50000, "remaining_cents": 5000}  # fmt: skip
    # when the day's encounters are checked
    day = CliRunner().invoke(app, ["eligibility", "check", "--date", "2026-03-02", *base])
    # then the table shows Linda Loe inactive and the command exits 1
    assert day.exit_code == 1, day.output
    roe_id, loe_id = clinic.patients["roe"][0], clinic.patients["loe"][0]
    lines = day.output.splitlines()
    assert f"patient {roe_id} encounter 1 on 2026-03-02: active — PPO; deductible $500.00 ($50.00 left); " \
           "out-of-pocket $3,000.00 ($3,000.00 left); copay 99213 $25.00" in lines
    assert f"patient {loe_id} encounter 2 on 2026-03-02: INACTIVE — PPO" in lines
    # and asking for both a patient and a day is a usage error
    both = CliRunner().invoke(app, ["eligibility", "check", "--patient", "1", "--tomorrow", *base])
    assert both.exit_code == 2 and "give --patient ID, or --tomorrow / --date DATE" in both.output


def test_claims_status_asks_about_quiet_claims_and_moves_them(engine, database_url, tmp_path):  # noqa: F811
    # given Richard Roe's claim submitted through the simulator partner on 2026-03-05, answers never collected
    clinic = set_up_clinic(engine, SET_UP)
    encounter = clinic.encounter("roe", DOS, SET_UP)
    (claim,) = claim_services.build_encounter_claims(clinic.uow(SUBMITTED), clinic.biller, encounter)
    run = claim_services.scrub_claims(clinic.uow(SUBMITTED), clinic.biller)
    partner = _partner(tmp_path)
    submitter = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
    submit_batch(clinic.uow(SUBMITTED), clinic.biller, load_partner(partner), run.batch_id, submitter)
    # when the biller runs the status check for claims quiet for 30 days
    result = CliRunner().invoke(app, ["claims", "status", "--stale-days", "30", "--partner", str(partner),
                                      "--user", "bea", "--database-url", database_url, "--json"])  # fmt: skip
    # then the 277 says paid, with the amounts and dates, and the claim moved to paid
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["asked"] == [claim.claim_id] and shown["moved"] == {claim.claim_id: "paid"}
    answer = shown["answers"][claim.claim_id]
    assert (answer["paid_cents"], answer["adjudicated_on"], answer["paid_on"]) == (7440, "2026-03-19", "2026-03-19")
    assert answer["statuses"][0]["words"] == "finalized: paid — the claim or line has been paid"
