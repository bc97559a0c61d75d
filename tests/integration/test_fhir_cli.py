"""`revcycle fhir export ...` against a real database: a claim, its EOB and a patient as collection Bundles
(valid R4, fullUrls under --base); a refusal is one line on stderr and exit 2."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir_setup import paid_claim
from typer.testing import CliRunner

from revcycle.cli.main import app as cli


@pytest.fixture
def paid(engine, tmp_path):
    return paid_claim(engine, tmp_path)


def run(database_url, *args, user="biller1"):
    return CliRunner().invoke(cli, ["fhir", *args, "--user", user, "--database-url", database_url])


def test_a_claim_and_its_eob_are_exported_to_files(paid, database_url, tmp_path):
    # given the paid claim
    claim = paid.claim
    # when the claim and its EOB are exported by number, the EOB under another base
    exported = run(database_url, "export", "claim", claim.claim_id, "--out", str(tmp_path / "claim.json"))
    eob = run(database_url, "export", "eob", str(claim.id), "--out", str(tmp_path / "eob.json"),
              "--base", "https://ehr.example/fhir/")  # fmt: skip
    # then each file is a valid collection Bundle of the claim's resources
    assert exported.exit_code == 0, exported.output
    assert exported.output == f"wrote {tmp_path / 'claim.json'}: a Bundle of 3 resources\n"
    bundle = json.loads((tmp_path / "claim.json").read_text())
    Bundle.model_validate(bundle)
    assert [e["fullUrl"] for e in bundle["entry"]] == [
        f"http://localhost:8000/fhir/Claim/{claim.id}", f"http://localhost:8000/fhir/Patient/{paid.practice.patient_id}",
        f"http://localhost:8000/fhir/Coverage/{paid.practice.coverage_id}"]  # fmt: skip
    assert eob.exit_code == 0, eob.output
    eob_bundle = json.loads((tmp_path / "eob.json").read_text())
    first = eob_bundle["entry"][0]
    assert (first["fullUrl"], first["resource"]["payment"]["amount"]) == (
        f"https://ehr.example/fhir/ExplanationOfBenefit/{first['resource']['id']}",
        {"value": 125.0, "currency": "USD"},
    )


def test_a_patient_is_printed_by_account_number_and_refusals_are_one_line(paid, database_url):
    # when the patient is exported by account number without --out
    printed = run(database_url, "export", "patient", "00000018")
    unknown_kind = run(database_url, "export", "visit", "1")
    forbidden = run(database_url, "export", "eob", paid.claim.claim_id, user="coder1")
    # then the Bundle is printed; a refusal is one line and exit 2
    assert printed.exit_code == 0, printed.output
    assert [e["resource"]["resourceType"] for e in json.loads(printed.output)["entry"]] == [
        "Patient",
        "Coverage",
    ]
    assert (unknown_kind.exit_code, unknown_kind.output) == (2, "error: [validation] export one of claim, eob, "
                                                              "patient, not 'visit'\n")  # fmt: skip
    assert (forbidden.exit_code, forbidden.output) == (
        2,
        "error: [forbidden] user coder1 (coder) may not read_ledger\n",
    )
