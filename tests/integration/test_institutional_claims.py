"""Institutional claims stored and sent: a stay file -> a draft claim -> scrubbed -> 837I -> UB-04 (sqlite and
postgresql), and the `revcycle claims build-institutional / export-837i / ub04` commands on a temp SQLite file."""

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice
from typer.testing import CliRunner

from revcycle.claims import ClaimKind, ClaimStatus
from revcycle.claims.institutional import ChargeMaster
from revcycle.claims.stay_file import read_stay_file
from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.kernel.errors import RevcycleError
from revcycle.services import claims as claim_services
from revcycle.services import institutional_claims
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork, make_engine
from revcycle.x12 import read_x12

HOSPITAL = Path(__file__).resolve().parents[2] / "examples" / "hospital"
STAY = (HOSPITAL / "stay_inpatient.yaml").read_text()
CHARGE_MASTER = ChargeMaster.from_csv(HOSPITAL / "charge_master.csv")


def test_a_stay_is_stored_scrubbed_and_sent_as_an_837i(engine, tmp_path):
    # given the practice's patient (id 1) with her primary coverage
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, _encounter = setup_practice(uow)
    # when the example inpatient stay is built, priced by the example charge master
    built = institutional_claims.build_institutional_claim(uow(), biller, read_stay_file(STAY), CHARGE_MASTER)
    # then it is stored as an institutional draft and reads back equal, lines priced from the charge master
    stored = claim_services.get_claim(uow(), biller, built.id)
    assert replace(stored, history=()) == replace(built, history=())
    assert (stored.kind, stored.type_of_bill, stored.status, stored.claim_id) == (
        ClaimKind.INSTITUTIONAL,
        "0111",
        ClaimStatus.DRAFT,
        "H1-20260302",
    )
    assert [(li.revenue_code, li.procedure_code, li.units, li.charge_cents, li.charge_source) for li in stored.lines] == [
        ("0120", "", 3, 555000, "charge_master"), ("0250", "", 4, 38000, "charge_master"),
        ("0300", "80053", 1, 18500, "charge_master"), ("0301", "83880", 1, 16000, "charge_master"),
        ("0636", "J1940", 2, 3600, "charge_master")]  # fmt: skip
    assert stored.institutional.present_on_admission == ("Y", "N", "Y")
    assert stored.subscriber.member_id == "XYZ123456789"
    # when scrubbed and its batch exported
    run = claim_services.scrub_claims(uow(), biller, [built.id])
    assert [result.findings for result in run.result.results] == [()]
    out = tmp_path / "batch.837i"
    export = institutional_claims.export_batch_837i(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    # then the file is a pyx12-valid 837I with the claim, submitted, its five charges posted
    text = out.read_text()
    assert pyx12_errors(text) == []
    [claim] = read_x12(text, validate=True).models("837i")[0].claims
    assert (claim.claim_id, str(claim.charge), claim.facility_type, claim.patient_status) == (
        "H1-20260302",
        "6311",
        "11",
        "01",
    )
    assert (export.charges_posted, claim_services.get_claim(uow(), biller, built.id).status) == (
        5,
        ClaimStatus.SUBMITTED,
    )
    # and the UB-04 prints it on one page
    assert institutional_claims.print_ub04(uow(), biller, built.id, tmp_path / "ub04.pdf") == 1
    # and the same claim number again is a conflict
    with pytest.raises(RevcycleError, match="claim H1-20260302 already exists"):
        institutional_claims.build_institutional_claim(uow(), biller, read_stay_file(STAY), CHARGE_MASTER)


def test_a_professional_batch_is_not_an_837i_and_a_professional_claim_not_a_ub04(engine, tmp_path):
    # given a scrubbed professional claim
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    visit = encounter(("E11.9",), NOW.date())
    [claim] = claim_services.build_encounter_claims(uow(), biller, visit.id)
    run = claim_services.scrub_claims(uow(), biller, [claim.id])
    # when / then
    with pytest.raises(RevcycleError, match=f"batch {run.batch_id} holds professional claim E1-1"):
        institutional_claims.export_batch_837i(
            uow(), biller, run.batch_id, tmp_path / "x.837i", SUBMITTER, RECEIVER
        )
    with pytest.raises(RevcycleError, match="claim E1-1 is professional: print it on the CMS-1500"):
        institutional_claims.print_ub04(uow(), biller, claim.id, tmp_path / "x.pdf")


ENVELOPE = {"REVCYCLE_SUBMITTER_NAME": "Springfield General Hospital", "REVCYCLE_SUBMITTER_ID": "HOSP01",
            "REVCYCLE_SUBMITTER_CONTACT": "Billing Office", "REVCYCLE_SUBMITTER_PHONE": "2175550100",
            "REVCYCLE_RECEIVER_NAME": "Acme Health", "REVCYCLE_RECEIVER_ID": "ACME01", "REVCYCLE_USER": "bea"}  # fmt: skip


def invoke(*args):
    return CliRunner().invoke(app, list(args), env=ENVELOPE)


def test_hospital_claim_commands(tmp_path):
    # given a database with the practice's patient and coverage
    url = f"sqlite:///{tmp_path / 'hospital.db'}"
    assert invoke("db", "upgrade", "--database-url", url).exit_code == 0
    setup_practice(lambda: UnitOfWork(make_engine(url), FixedClock(NOW)))
    # and the example ER visit moved to last week (the CLI runs on the system clock)
    last_week = date.today() - timedelta(days=7)
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        (HOSPITAL / "visit_outpatient.yaml").read_text().replace("2026-03-02", last_week.isoformat())
    )
    number = f"H1-{last_week:%Y%m%d}"
    # when the visit is built
    built = invoke("claims", "build-institutional", str(visit), "--charge-master", str(HOSPITAL / "charge_master.csv"),
                   "--database-url", url)  # fmt: skip
    # then it says what it built
    assert built.exit_code == 0, built.output
    assert (
        built.stdout.splitlines()[0] == f"claim 1 {number}: type of bill 0131, 4 line(s), $1,770.00 (draft)"
    )
    # when it is scrubbed, exported as an 837I and printed on the UB-04
    scrubbed = invoke("claims", "scrub", "1", "--database-url", url)
    assert scrubbed.exit_code == 0, scrubbed.output
    out = tmp_path / "er.837i"
    exported = invoke(
        "claims", "export-837i", "--batch", "1", "--out", str(out), "--database-url", url, "--json"
    )
    printed = invoke("claims", "ub04", "1", "--out", str(tmp_path / "er.pdf"), "--database-url", url)
    # then
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout) == {"batch_id": 1, "file": str(out), "claims": [number],
                                           "charges_posted": 4}  # fmt: skip
    assert pyx12_errors(out.read_text()) == []
    assert (printed.exit_code, printed.stdout.strip()) == (0, f"wrote {tmp_path / 'er.pdf'} (1 page)")
    # and a bad stay file is one located line with exit code 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(visit.read_text().replace('revenue_code: "0730"', 'revenue_code: "73"'))
    refused = invoke("claims", "build-institutional", str(bad), "--charge-master", str(HOSPITAL / "charge_master.csv"),
                     "--database-url", url)  # fmt: skip
    assert (refused.exit_code, refused.output.strip()) == (
        2,
        "error: [validation] charge 2: revenue code '73' must be 4 digits (e.g. 0450)",
    )
