"""`revcycle patients ...` against a real database: add, find, edit, coverage add/reorder/end/edit, check-in
(twice: once), eligibility in plain words, merge, show; a refusal is one line on stderr and exit 2."""

from __future__ import annotations

import json

import pytest
from front_desk_setup import set_up_front_desk
from typer.testing import CliRunner

from revcycle.cli.main import app as cli


@pytest.fixture
def desk(engine, tmp_path):
    return set_up_front_desk(engine, tmp_path / "clearinghouse")


def run(database_url, *args):
    return CliRunner().invoke(cli, ["patients", *args, "--user", "biller1", "--database-url", database_url])


def partner_file(tmp_path):
    config = tmp_path / "acme.json"
    config.write_text(json.dumps({"name": "acme", "kind": "simulator", "root": "acme", "sender_id": "CLINIC01",
                                  "receiver_id": "87726", "usage": "T", "received_on": "2026-03-10"}))  # fmt: skip
    return config


def test_register_find_edit_and_show_from_the_command_line(desk, database_url):
    # when Zoë Núñez is registered
    added = run(database_url, "add", "--first", "Zoë", "--last", "Núñez", "--dob", "04/02/1990", "--sex", "F",
                "--line1", "9 Oak Ave", "--city", "Springfield", "--state", "IL", "--zip", "62704",
                "--phone", "555 201 0188", "--json")  # fmt: skip
    # then she gets account 00000026
    assert added.exit_code == 0, added.output
    assert (json.loads(added.output)["account_number"], json.loads(added.output)["phone"]) == (
        "00000026",
        "5552010188",
    )
    # when found without the accents
    found = run(database_url, "find", "nunez")
    assert found.exit_code == 0, found.output
    assert found.output == "00000026  Núñez, Zoë  born 1990-04-02  F\n1 found; page 1 of 1\n"
    # when her e-mail is added by account number
    edited = run(database_url, "edit", "00000026", "--email", "zoe@example.org", "--json")
    assert (json.loads(edited.output)["email"], json.loads(edited.output)["phone"]) == (
        "zoe@example.org",
        "5552010188",
    )
    # and a wrong account number is one line, exit 2
    wrong = run(database_url, "show", "00000027")
    assert (wrong.exit_code, wrong.output) == (
        2, "error: [validation] account number 00000027: its check digit does not match; retype it\n")  # fmt: skip


def test_coverages_check_in_and_eligibility_from_the_command_line(desk, database_url, tmp_path):
    # when Richard's Second Health coverage becomes primary on the visit day, then ends in June
    reordered = run(database_url, "coverage", "reorder", "00000018", str(desk.second_coverage_id),
                    str(desk.acme_coverage_id), "--on", "2026-03-10")  # fmt: skip
    assert reordered.exit_code == 0, reordered.output
    assert reordered.output.splitlines()[0] == (
        f"[{desk.second_coverage_id}] primary: Second Health member S-77, 2026-01-01..open, subscriber Roe, Rita (spouse)"
    )
    ended = run(database_url, "coverage", "end", str(desk.second_coverage_id), "--on", "2026-06-30", "--json")
    assert json.loads(ended.output)["effective_to"] == "2026-06-30"
    # and a third policy as primary overlapping is refused, one line, exit 2
    clash = run(database_url, "coverage", "add", "00000018", "--payer", "87726", "--member-id", "Q1",
                "--from", "2026-03-01")  # fmt: skip
    assert clash.exit_code == 2
    assert clash.output.startswith("error: [conflict] two primary coverages would be in force together")
    # when he is checked in with Dr Quill (by NPI) at the office with a $25 card copay, twice
    visit = ["check-in", "00000018", "--provider", "1245319599", "--facility", "Main Street Office",
             "--dos", "2026-03-10", "--copay", "25.00", "--method", "card", "--reference", "a-1"]  # fmt: skip
    first, again = run(database_url, *visit, "--json"), run(database_url, *visit)
    # then one visit, the second run says so
    assert first.exit_code == 0, first.output
    answer = json.loads(first.output)
    assert (answer["provider"], answer["copay_cents"], answer["replayed"]) == ("Quill, Ada", 2500, False)
    assert again.output == (f"Roe, Richard checked in 2026-03-10 with Quill, Ada, visit E{answer['encounter_id']}, "
                            "copay $25.00 (already checked in: nothing changed)\n")  # fmt: skip
    # when eligibility of Acme (now secondary) is asked
    asked = run(database_url, "eligibility", "00000018", "--coverage", str(desk.acme_coverage_id), "--dos",
                "2026-03-10", "--partner", str(partner_file(tmp_path)))  # fmt: skip
    # then the benefits are printed in words
    assert asked.exit_code == 0, asked.output
    assert "  Deductible: individual, in network: $500.00; met $450.00, $50.00 remaining\n" in asked.output
    assert "  Copay: $25.00 office visit (99213), in network\n" in asked.output


def test_merge_and_show_from_the_command_line(desk, database_url):
    dup = run(database_url, "add", "--first", "Rick", "--last", "Roe", "--dob", "1970-05-17", "--sex", "M",
              "--line1", "100 Elm St", "--city", "Springfield", "--state", "IL", "--zip", "62701", "--json")  # fmt: skip
    account = json.loads(dup.output)["account_number"]
    merged = run(database_url, "merge", "00000018", "--duplicate", account)
    assert merged.exit_code == 0, merged.output
    assert merged.output == (f"{account} merged into 00000018 Roe, Richard: coverages moved 0, coverages linked 0, "
                             "encounters moved 0\n")  # fmt: skip
    shown = run(database_url, "show", account)
    assert shown.output.splitlines()[:2] == [f"{account}  Roe, Rick  born 1970-05-17  M (merged)",
                                             "merged into 00000018 Roe, Richard"]  # fmt: skip
