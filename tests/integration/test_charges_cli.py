"""`revcycle charges list / diagnoses / add / remove` on a temp SQLite file: the superbill from the command line,
what the claim then carries, and one-line errors."""

import json
from datetime import date, timedelta

from claims_setup import NOW, setup_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.store import UnitOfWork, make_engine

runner = CliRunner()


def invoke(url, *args):
    return runner.invoke(app, [*args, "--database-url", url], env={"REVCYCLE_USER": "bea"})


def test_a_visit_entered_from_the_command_line(tmp_path):
    # given a visit from last week with its E/M line and a fee file
    url = f"sqlite:///{tmp_path / 'charges.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    engine = make_engine(url)
    _biller, _payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    visit = encounter(("E11.9",), date.today() - timedelta(days=7)).id
    fees = tmp_path / "fees.csv"
    fees.write_text(
        "code,modifier,charge,effective_from,effective_to\n96372,,35.00,2020-01-01,\nJ1885,,6.00,2020-01-01,\n"
    )
    # when the biller adds a diagnosis, removes the lab line and enters an injection with its drug
    assert invoke(url, "charges", "diagnoses", str(visit), "E11.9", "I10").exit_code == 0
    assert invoke(url, "charges", "remove", str(visit), "2").exit_code == 0
    injection = invoke(
        url, "charges", "add", str(visit), "96372", "--pointers", "2,1", "--fees", str(fees), "--json"
    )
    assert injection.exit_code == 0, injection.output
    drug = invoke(url, "charges", "add", str(visit), "J1885", "--units", "2", "--pointers", "2", "--ndc", "0409-3795-01",
                  "--ndc-unit", "ML", "--ndc-quantity", "2", "--fees", str(fees), "--json")  # fmt: skip
    assert json.loads(drug.stdout) == {"line_number": 3, "procedure_code": "J1885", "modifiers": [], "units": 2,
                                       "pointers": [2], "charge": "12.00", "fee_override_reason": "",
                                       "ndc": {"ndc": "00409379501", "unit": "ML", "quantity": "2"}}  # fmt: skip
    # then the list shows the superbill
    listed = json.loads(invoke(url, "charges", "list", str(visit), "--json").stdout)
    assert [(d["pointer"], d["code"]) for d in listed["diagnoses"]] == [(1, "E11.9"), (2, "I10")]
    assert [(line["procedure_code"], line["pointers"], line["charge"]) for line in listed["lines"]] == [
        ("99214", [1], "150.00"),
        ("96372", [2, 1], "35.00"),
        ("J1885", [2], "12.00"),
    ]
    # and the claim built from it carries the lines, pointers and the NDC
    built = runner.invoke(app, ["claims", "build", "--encounter", str(visit), "--database-url", url, "--json"],
                          env={"REVCYCLE_USER": "bea"})  # fmt: skip
    [claim] = json.loads(built.stdout)
    assert [(line["procedure_code"], line["diagnosis_pointers"], line["drug"]) for line in claim["lines"]] == [
        ("99214", [1], None), ("96372", [2, 1], None),
        ("J1885", [2], {"ndc": "00409379501", "unit": "ML", "quantity": "2"})]  # fmt: skip


def test_check_shows_what_is_wrong_and_errors_are_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'charges.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    engine = make_engine(url)
    _biller, _payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    visit = encounter(("E11.9",), date.today() - timedelta(days=7)).id
    checked = invoke(url, "charges", "add", str(visit), "96372", "--pointers", "3", "--check", "--json")
    assert checked.exit_code == 1
    assert json.loads(checked.stdout)["problems"] == ["pointer 3 names no diagnosis (the encounter has 1)"]
    bad_ndc = invoke(url, "charges", "add", str(visit), "J1885", "--fee", "6", "--ndc", "12345")
    assert bad_ndc.exit_code == 2
    assert bad_ndc.output.startswith("error: [validation] NDC '12345': give 11 digits (5-4-2)")
    assert "Traceback" not in bad_ndc.output
    override = invoke(
        url, "charges", "add", str(visit), "99214", "--fee", "120", "--fees", str(tmp_path / "none.csv")
    )
    assert override.exit_code == 2 and "Traceback" not in override.output
