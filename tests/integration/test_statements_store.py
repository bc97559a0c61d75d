"""Statement runs on a real database: one PDF per guarantor, minimum balance, statement cycle,
through the service, the CLI and the API; PDFs read back with pdfplumber."""

from __future__ import annotations

import json
from datetime import date

import pdfplumber
from fastapi.testclient import TestClient
from practice_rows import ADDRESS
from services_setup import NOW, PASSWORD, set_up_practice
from typer.testing import CliRunner

from revcycle.api import create_app
from revcycle.cli.main import app as cli
from revcycle.kernel import FixedClock
from revcycle.practice import Encounter, Patient, ServiceLine
from revcycle.practice.organization import PracticeProfile
from revcycle.practice.patients import Guarantor, Person
from revcycle.services import ledger, patients
from revcycle.services import practice as practice_services
from revcycle.services.statements import run_statements
from revcycle.statements import StatementSettings

DOS = date(2026, 3, 4)
PARENT = Person("Pat", "Parent", date(1975, 2, 3), ADDRESS)


def self_pay_visit(practice, patient_id, code, cents):
    line = ServiceLine(1, code, cents)
    encounter = patients.record_encounter(practice.uow(), practice.biller, Encounter(
        patient_id, DOS, "11", practice.clinic_id, practice.doctor_id, ("Z00.00",), (line,)))
    ledger.post_encounter_charges(practice.uow(), practice.biller, encounter.id)


def owing_practice(engine):
    """Patient 1 owes 110.00 for herself; patients 2 and 3 (Pat Parent's children) 25.00 + 70.00; patient 4 3.00."""
    practice = set_up_practice(engine)
    child = Guarantor("parent", PARENT)
    kids = [patients.register_patient(practice.uow(), practice.biller,
                                      Patient(name, "Kid", date(2015, 6, n), "M", ADDRESS, child))
            for n, name in ((1, "Ari"), (2, "Bo"))]
    small = patients.register_patient(practice.uow(), practice.biller,
                                      Patient("Cy", "Small", date(1990, 1, 1), "F", ADDRESS))
    self_pay_visit(practice, practice.patient_id, "99213", 11000)
    self_pay_visit(practice, kids[0].id, "36415", 2500)
    self_pay_visit(practice, kids[1].id, "99212", 7000)
    self_pay_visit(practice, small.id, "36416", 300)
    return practice


def text_of(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_one_statement_per_guarantor_with_minimum_and_cycle(engine, tmp_path):
    # given four patients owing, two of them children of one guarantor
    practice = owing_practice(engine)
    # when statements run on the clock's day
    batch = run_statements(practice.uow(), practice.biller, tmp_path, StatementSettings(billing_phone="(217) 555-0100"))
    # then Test1 and the Parent family get one statement each; 3.00 is under the 5.00 minimum
    assert [(r.account_number, r.patient_ids, r.amount_due_cents, r.path.name if r.path else r.skipped)
            for r in batch.runs] == [
        ("P1", (1,), 11000, "statement-P1-2026-03-10.pdf"),
        ("G2", (2, 3), 9500, "statement-G2-2026-03-10.pdf"),
        ("P4", (4,), 300, "below the minimum balance")]
    family = text_of(tmp_path / "statement-G2-2026-03-10.pdf")
    assert "Pat Parent" in family and "Ari Kid" in family and "Bo Kid" in family and "Amount due $95.00" in family
    assert "36415" in family and "99212" in family and "Springfield Family Clinic" in family
    # when they run again the same day / then nobody is sent a second statement within the cycle
    again = run_statements(practice.uow(), practice.biller, tmp_path)
    assert [r.skipped for r in again.runs] == [
        "sent 2026-03-10, within the 30-day cycle", "sent 2026-03-10, within the 30-day cycle",
        "below the minimum balance"]
    # and each statement sent is in the audit log, ids only
    with practice.uow() as uow:
        assert [(e.entity_id, e.detail) for e in uow.audit.events("statement")] == [
            ("P1", "patients=1; statement 2026-03-10"), ("G2", "patients=2,3; statement 2026-03-10")]


def test_statements_from_the_cli_and_one_from_the_api(engine, database_url, tmp_path):
    # given the same practice
    owing_practice(engine)
    # when the CLI runs with a 1.00 minimum, and the API is asked for patient 3's statement
    result = CliRunner().invoke(cli, ["statements", "run", "--out", str(tmp_path), "--user", "biller1",
                                      "--on", "2026-03-10", "--minimum", "1.00", "--database-url", database_url,
                                      "--json"])
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="k"))
    token = client.post("/api/auth/token", json={"username": "biller1", "password": PASSWORD}).json()["access_token"]
    pdf = client.get("/api/patients/3/statement.pdf?as_of=2026-03-10", headers={"Authorization": f"Bearer {token}"})
    # then three statements, and the API's PDF is the family's account
    assert result.exit_code == 0, result.output
    assert [(s["account"], s["amount_due_cents"], s["skipped"]) for s in json.loads(result.output)["statements"]] == [
        ("P1", 11000, ""), ("G2", 9500, ""), ("P4", 300, "")]
    (tmp_path / "api.pdf").write_bytes(pdf.content)
    text = text_of(tmp_path / "api.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    # (the account number printed is the family's first patient's, as the front desk knows it; G2 names the file)
    assert "Account number 00000026" in text and "Ari Kid" in text and "Amount due $95.00" in text


def test_the_statement_prints_the_practices_phone_where_it_says_call(engine, tmp_path):
    # given the practice's profile with its billing office phone, and patients owing
    practice = owing_practice(engine)
    practice_services.save_profile(practice.uow(), practice.admin,
                                   PracticeProfile("Springfield Family Clinic", "217-555-0142", "Dana Biller"))  # fmt: skip
    # when statements run with no --phone given
    run_statements(practice.uow(), practice.biller, tmp_path)
    text = text_of(tmp_path / "statement-P1-2026-03-10.pdf")
    # then the header and the way to pay by phone both give that number; none says "the number above"
    assert "Phone (217) 555-0142" in text
    assert "call the billing office at (217) 555-0142." in text
    assert "number above" not in text


def test_a_second_run_writes_none_and_says_why_then_reprint_prints_one_again(engine, database_url, tmp_path):
    # given statements already sent on 2026-03-10 from the CLI
    owing_practice(engine)
    base = ["--user", "biller1", "--database-url", database_url]
    first = CliRunner().invoke(cli, ["statements", "run", "--out", str(tmp_path / "run"), "--on", "2026-03-10", *base])
    # when the run is repeated with nothing new
    second = CliRunner().invoke(cli, ["statements", "run", "--out", str(tmp_path / "again"), "--on", "2026-03-10",
                                      *base])  # fmt: skip
    # then it writes none and says so, with why (2 within the cycle, 1 under the minimum) and how to reprint
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    assert "2 statement(s) written" in first.output
    assert "0 statements written (nothing new to send: 1 below the minimum balance; 2 within the cycle)" in (
        " ".join(second.output.split()))
    assert "revcycle statements reprint" in second.output
    assert list((tmp_path / "again").iterdir()) == []
    # when the family's statement is reprinted by its id, and by account and date
    by_id = CliRunner().invoke(cli, ["statements", "reprint", "G2-2026-03-10", "--out", str(tmp_path / "re"), *base])
    by_date = CliRunner().invoke(cli, ["statements", "reprint", "--account", "G2", "--on", "2026-03-10",
                                       "--out", str(tmp_path / "re2"), *base])  # fmt: skip
    # then each writes that statement again, the same amounts as the one sent
    assert (by_id.exit_code, by_date.exit_code) == (0, 0), by_id.output + by_date.output
    assert "reprinted statement G2 of 2026-03-10" in by_id.output
    reprinted = text_of(tmp_path / "re" / "statement-G2-2026-03-10-reprint.pdf")
    assert "Ari Kid" in reprinted and "Amount due $95.00" in reprinted
    assert text_of(tmp_path / "re2" / "statement-G2-2026-03-10-reprint.pdf") == reprinted
    # and a date no statement was sent on is a one-line error listing the dates there are
    missing = CliRunner().invoke(cli, ["statements", "reprint", "G2-2026-03-11", "--out", str(tmp_path), *base])
    assert missing.exit_code == 2
    assert "no statement G2 dated 2026-03-11 (statements sent to G2: 2026-03-10)" in missing.output


def test_statements_run_into_an_existing_file_is_a_one_line_error(engine, database_url, tmp_path):
    # given a file where the folder should be
    owing_practice(engine)
    taken = tmp_path / "statements.pdf"
    taken.write_text("not a folder")
    # when statements run with --out naming it
    result = CliRunner().invoke(cli, ["statements", "run", "--out", str(taken), "--user", "biller1",
                                      "--database-url", database_url])  # fmt: skip
    # then one line, exit 2, no traceback, and the file is untouched
    assert result.exit_code == 2
    assert result.output.strip() == f"error: [validation] --out {taken}: is a file; give a folder for the statement PDFs"
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert taken.read_text() == "not a folder"
