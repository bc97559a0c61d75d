"""The biller's appeal commands: `revcycle denials appeal CLAIM_ID --out FILE.pdf`, `denials appeals`,
`appeal-sent`, `appeal-outcome`, `appeal-window` (the CLI runs on today's date: days left are computed)."""

from __future__ import annotations

import datetime as dt
import json

import pdfplumber
import pytest
from appeal_setup import denied_claim
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import family_payer, set_up_clinic
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.services import users
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _run(url: str, *args: str):  # noqa: ANN202
    return CliRunner().invoke(app, ["denials", *args, "--user", "bea", "--database-url", url])


def test_appeal_a_denied_claim_list_send_and_decide_it(engine, database_url, tmp_path):  # noqa: F811
    # given Richard Roe's MRI claim denied CO-197 on 2026-03-19
    clinic = set_up_clinic(engine, SET_UP)
    _partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    left = (dt.date(2026, 9, 15) - dt.date.today()).days
    when = f"{abs(left)} days {'ago' if left < 0 else 'left'}"
    # when the biller appeals it by claim id with a note
    out = tmp_path / "appeal.pdf"
    drafted = _run(
        database_url, "appeal", str(claim_id), "--out", str(out), "--note", "auth A7731 by phone 02/27"
    )
    # then one line says what was drafted and where the letter is
    assert drafted.exit_code == 0, drafted.output
    assert drafted.output.splitlines() == [
        f"appeal 1 (drafted) for claim E1-1: authorization, level 1, $900.00 denied on 2026-03-19, "
        f"deadline 2026-09-15 ({when}); letter {out} (1 page)"
    ]
    with pdfplumber.open(out) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert "Member ID W200 Date(s) of service 03/02/2026" in lines and "auth A7731 by phone 02/27" in lines
    # when the appeals are listed as JSON
    listed = _run(database_url, "appeals", "--json")
    (shown,) = json.loads(listed.output)
    assert {k: shown[k] for k in ("id", "claim", "payer", "status", "deadline", "days_to_deadline", "overdue",
                                  "denied_cents")} == {"id": 1, "claim": "E1-1", "payer": "Acme Health",
            "status": "drafted", "deadline": "2026-09-15", "days_to_deadline": left, "overdue": left < 0,
            "denied_cents": 90000}  # fmt: skip
    table = _run(database_url, "appeals").output
    assert ("OVERDUE" in table) is (left < 0)
    # when sent, then decided by phone as upheld
    sent = _run(database_url, "appeal-sent", "1", "--on", "2026-03-25")
    upheld = _run(database_url, "appeal-outcome", "1", "upheld")
    assert (sent.exit_code, upheld.exit_code) == (0, 0)
    assert upheld.output.startswith("appeal 1 (upheld) for claim E1-1")
    # then a second outcome, a bad date and appealing a claim twice... fail with exit 2 and one line
    again = _run(database_url, "appeal-outcome", "1", "won")
    assert again.exit_code == 2
    assert "cannot go from upheld to won; allowed: none (final)" in again.output
    bad_day = _run(database_url, "appeal-sent", "1", "--on", "25/03/2026")
    assert bad_day.exit_code == 2 and "not a date (YYYY-MM-DD): '25/03/2026'" in bad_day.output
    nowhere = _run(database_url, "appeal", "E1-1", "--out", str(tmp_path / "missing" / "a.pdf"))
    assert nowhere.exit_code == 2 and "is not a directory" in nowhere.output


def test_the_admin_sets_a_payers_appeal_window(engine, database_url, tmp_path):  # noqa: F811
    # given the practice's payer
    clinic = set_up_clinic(engine, SET_UP)
    # when the admin sets 60 days for authorization appeals
    result = CliRunner().invoke(app, ["denials", "appeal-window", str(clinic.payer_id), "60", "--category",
                                      "authorization", "--user", "admin", "--database-url", database_url])  # fmt: skip
    # then it says so; a biller may not
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"payer {clinic.payer_id}: appeal window 60 days for authorization"
    refused = _run(database_url, "appeal-window", str(clinic.payer_id), "60")
    assert refused.exit_code == 2
