"""Migration 0009 (one claim record) on a database the previous head built and used: a demo of 120 visits,
a corrected and a voided claim answered by reversals, a payment plan (`tests/fixtures/pre_0009`, made by
`make_fixture.py` with the code of that time, which also wrote down what it reported). After the upgrade
the same balances, claim states, KPIs and aging come out, and the way back points at the claims and lines.
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import MetaData, insert, inspect, text

from revcycle.kernel import FixedClock
from revcycle.services import reports, users
from revcycle.store import UnitOfWork, current_revision, head_revision, make_engine, upgrade
from revcycle.store.testing import database_url  # noqa: F401  (pytest fixture)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "pre_0009"
AS_OF = dt.date(2026, 4, 15)
LATER = dt.datetime(2026, 4, 20, 10, 0, tzinfo=dt.UTC)


def _value(value):  # noqa: ANN001, ANN202
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, dict) and "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    return value


def _database_at_0008(url: str):  # noqa: ANN202
    """A database migrated to 0008 holding every row the fixture's database held."""
    dump = json.loads(gzip.decompress((FIXTURE / "rows.json.gz").read_bytes()))
    engine = make_engine(url)
    upgrade(engine, "0008")
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        for name in dump["order"]:
            rows = [{key: _value(value) for key, value in row.items()} for row in dump["tables"][name]]
            if rows and name != "alembic_version":
                connection.execute(insert(metadata.tables[name]), rows)
        if engine.dialect.name == "postgresql":
            for name, table in metadata.tables.items():
                if "id" in table.c and dump["tables"][name]:
                    connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                            f"(SELECT MAX(id) FROM {name}))"))  # fmt: skip
    return engine


def _facts(engine) -> dict:  # noqa: ANN001
    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(LATER))

    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    try:
        manager = users.acting_user(uow(), "manager")
    finally:
        users.use_password_hasher(previous)
    with uow() as unit:
        db = unit.connection
        patient_ids = [row[0] for row in db.execute(text("SELECT id FROM patients ORDER BY id"))]
        balances = {str(pid): _owed(unit.journal.receivable(patient_id=pid)) for pid in patient_ids}
        claims = {row.claim_number: {"status": row.status, "owed": _owed(unit.journal.receivable(claim_id=row.id))}
                  for row in db.execute(text("SELECT id, claim_number, status FROM claims ORDER BY id"))}  # fmt: skip
        links = [[row[0], row[1], row[2]] for row in db.execute(text(
            "SELECT rc.id, rc.claim_control_number, c.claim_number FROM remittance_claims rc "
            "LEFT JOIN claims c ON c.id = rc.claim_id ORDER BY rc.id"))]  # fmt: skip
        numbers = {number: list(unit.corrections.payer_claim_number(number) or ["", ""]) for number in claims}
        stale = [claim.claim_control_number for claim in unit.followup.stale_claims(LATER, 7)]
        trial = unit.journal.trial_balance()
        open_denials = db.execute(text("SELECT COUNT(*) FROM denials WHERE status = 'open'")).scalar()
    aging = reports.ar_aging(uow(), manager, AS_OF)
    return {
        "kpis": reports.kpis(uow(), manager, AS_OF).to_dict(), "trial_balance": trial, "patient_balances": balances,
        "claims": claims, "remittance_claim_links": links, "payer_claim_numbers": numbers,
        "stale_claims_after_7_days": stale, "open_denials": open_denials,
        "aging": {"insurance_cents": list(aging.insurance_buckets), "patient_cents": list(aging.patient_buckets)},
    }  # fmt: skip


def _owed(receivable) -> list[int]:  # noqa: ANN001
    return [receivable.insurance_cents, receivable.patient_cents]


def test_upgrading_a_used_database_keeps_every_balance_state_and_kpi(database_url):  # noqa: F811
    # given a database at 0008 holding what the previous code wrote, and what that code reported on it
    engine = _database_at_0008(database_url)
    expected = json.loads((FIXTURE / "facts.json").read_text())
    # when it is upgraded to head
    upgrade(engine)
    # then it is at head, and the balances, claim states, KPIs, aging and links are those reported before
    assert current_revision(engine) == head_revision()
    found = _facts(engine)
    assert found == {key: expected[key] for key in found}
    # (as of 2026-04-15: the two corrected claims scrubbed and the one adjudicated on 2026-04-20 not yet)
    assert (found["kpis"]["claims_scrubbed"], found["kpis"]["claims_adjudicated"]) == (87, 79)
    engine.dispose()


def test_the_way_back_points_at_claims_and_their_lines_after_the_upgrade(database_url):  # noqa: F811
    # given the used database upgraded
    engine = _database_at_0008(database_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as db:
        # then the submitted claims' tables are gone and every claim's lines are rows of claim_lines
        assert {"submitted_claims", "submitted_claim_lines"} & tables == set()
        documents = db.execute(text("SELECT document FROM claims")).scalars().all()
        assert {json.loads(document)["format"] for document in documents} == {2}
        assert all("lines" not in json.loads(document) for document in documents)
        assert db.execute(text("SELECT COUNT(*) FROM claim_lines")).scalar() == 157
        # and each denial and remitted line names a line of the claim its remitted claim names
        for table in ("denials", "remitted_lines"):
            strays = db.execute(text(
                f"SELECT COUNT(*) FROM {table} t JOIN remittance_claims rc ON rc.id = t.remittance_claim_id "
                f"LEFT JOIN claim_lines cl ON cl.id = t.claim_line_id "
                f"WHERE cl.id IS NULL OR cl.claim_id <> rc.claim_id")).scalar()  # fmt: skip
            assert strays == 0, table
        # and every claim sent through the clearinghouse knows its interchange and when it went
        sent = db.execute(text("SELECT COUNT(*) FROM claims WHERE submission_batch_id IS NOT NULL")).scalar()
        dated = db.execute(text("SELECT COUNT(*) FROM claims WHERE submitted_at IS NOT NULL")).scalar()
        assert (sent, dated) == (84, 86)
    engine.dispose()


def test_an_upgrade_that_meets_a_submission_with_no_claim_stops_and_changes_nothing(database_url):  # noqa: F811
    # given the used database at 0008 with one submitted claim that names no stored claim
    engine = _database_at_0008(database_url)
    with engine.begin() as db:
        db.execute(text("UPDATE submitted_claims SET claim_reference = '' WHERE claim_control_number = 'E2-1'"))
    # when it is upgraded, then the upgrade stops naming the claim
    with pytest.raises(RuntimeError, match=r"^migration 0009: 1 submitted claim\(s\) name no stored claim \(E2-1\)"):
        upgrade(engine)
    # and the database is still at 0008: its submitted claims kept, no claim_lines, claims not altered
    assert current_revision(engine) == "0008"
    tables = set(inspect(engine).get_table_names())
    assert "submitted_claims" in tables and "claim_lines" not in tables
    assert "submitted_at" not in {column["name"] for column in inspect(engine).get_columns("claims")}
    engine.dispose()
