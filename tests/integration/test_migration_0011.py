"""Migration 0011 on a database 0010 built and used: every existing patient gets its account number and the
name keys search reads, nobody is merged, and the search finds them without accents. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from revcycle.practice.patient_search import PatientQuery
from revcycle.services import front_desk, users
from revcycle.services.listings import page_of
from revcycle.store import UnitOfWork, current_revision, head_revision, make_engine, upgrade
from revcycle.store.testing import database_url  # noqa: F401  (pytest fixture)

ROW = ("INSERT INTO patients (first_name, last_name, birth_date, sex, address_line1, address_line2, city, state, "
       "zip_code, guarantor_relationship) VALUES (:first, :last, :born, 'F', '1 Main St', '', 'Springfield', 'IL', "
       "'62701', 'self')")  # fmt: skip


def test_existing_patients_get_account_numbers_and_search_keys(database_url):  # noqa: F811
    # given a database at 0010 with two patients written before the front desk existed
    engine = make_engine(database_url)
    upgrade(engine, "0010")
    with engine.begin() as connection:
        connection.execute(text(ROW), [{"first": "Zoë", "last": "Núñez", "born": date(1990, 4, 2)},
                                       {"first": "Ana", "last": "O'Brien", "born": date(1985, 1, 9)}])  # fmt: skip
    # when it is brought to head
    upgrade(engine)
    # then each has its account number and keys, none is merged
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, account_number, last_name_key, first_name_key, merged_into_id, "
                                       "phone FROM patients ORDER BY id")).all()  # fmt: skip
    assert [tuple(row) for row in rows] == [(1, "00000018", "nunez", "zoe", None, ""),
                                            (2, "00000026", "obrien", "ana", None, "")]  # fmt: skip
    # and the front desk finds them as typed today
    admin = users.add_user(UnitOfWork(engine), "admin", "admin", "correct horse battery")
    found, total = front_desk.find_patients(
        UnitOfWork(engine), admin, PatientQuery.from_text("obrien"), page_of(5, 0)
    )
    assert ([p.account_number for p in found], total) == (["00000026"], 1)
