"""The practice set-up services on a real database (SQLite, and PostgreSQL when configured): the example
practice imported whole, again (nothing changes), with a changed fee (a new version), a bad file (located
errors, nothing loaded), exported and read back; users' roles; who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.practice import ReferringProvider
from revcycle.services import audit, contracts, fee_schedules, practice, setup, setup_export, staff, users
from revcycle.store import UnitOfWork

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def uow(engine) -> UnitOfWork:
    return UnitOfWork(engine, FixedClock(NOW))


def read_example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def load(engine, actor, text: str, source: str = "practice.yaml", files=read_example) -> setup.SetupReport:
    return setup.import_practice(uow(engine), actor, text, source, files, lambda _: "one-time-password-1")


@pytest.fixture
def admin(engine):
    return users.add_user(uow(engine), "admin", "admin", PASSWORD)


def counts(engine) -> tuple[int, int]:
    with uow(engine) as reading:
        return reading.audit.count(), len(reading.fees.versions(reading.fees.schedule("Standard").id))


def test_the_example_practice_loads_whole_and_again_changes_nothing(engine, admin):
    # given an empty practice / when the example practice is imported
    report = load(engine, admin, read_example("practice.yaml"))
    # then every record of the file is added
    assert dict(report.added) == {"billing_provider": 1, "rendering_provider": 3, "referring_provider": 2,
                                  "facility": 3, "payer": 4, "plan": 3, "user": 4}  # fmt: skip
    assert (report.fees.added, report.contracts_changed, report.new_users) == (
        39,
        1,
        ["dana", "bea", "carlos", "audra"],
    )
    found = practice.practice_setup(uow(engine), admin)
    assert found.profile.phone == "2175550140"
    assert [p.name for p in found.payers] == ["Acme Health", "Heartland Medicare Part B", "Prairie State Medicaid",
                                              "Second Health"]  # fmt: skip
    assert found.billing_providers[0].pay_to.line1 == "PO Box 4410"
    audit_rows, fee_versions = counts(engine)
    # when the same file is imported again
    again = load(engine, admin, read_example("practice.yaml"))
    # then nothing is written: no record, no fee version, no audit row
    assert (again.changes, sum(again.unchanged.values()), again.fees.unchanged) == (0, 20, 39)
    assert counts(engine) == (audit_rows, fee_versions)


def test_a_changed_fee_becomes_a_new_version_and_the_old_one_is_kept(engine, admin):
    # given the example practice loaded
    load(engine, admin, read_example("practice.yaml"))
    # when its fee CSV says 99213 is $115.00 from July
    changed = read_example("fees.csv").replace("99213,,110.00,2026-01-01", "99213,,115.00,2026-07-01")
    report = load(engine, admin, read_example("practice.yaml"), files=lambda name: changed)
    # then one version is added and one ended; a March visit is charged $110.00, an August one $115.00
    assert (report.fees.added, report.fees.ended, report.fees.unchanged) == (1, 1, 38)
    march = fee_schedules.fee_for(uow(engine), admin, "99213", ("25",), date(2026, 3, 4))
    august = fee_schedules.fee_for(uow(engine), admin, "99213", (), date(2026, 8, 3))
    assert (march.amount_cents, march.effective_to, august.amount_cents) == (11000, date(2026, 6, 30), 11500)
    # and the change is audited against the schedule
    assert [e.detail for e in audit.events_for(uow(engine), admin, "fee_schedule")][
        -1
    ] == "1 fee versions added, 1 ended"


def test_a_bad_file_names_each_problem_by_file_line_and_field_and_loads_nothing(engine, admin):
    # given a practice file with a bad NPI (line 4), an unknown field (line 6) and a fee CSV with a bad amount
    text = """practice: {name: Bad Clinic}
rendering_providers:
  - {first_name: Ann, last_name: Lee, npi: "1987654328", taxonomy: 207Q00000X}
  - {first_name: Bo, last_name: Kim, npi: "1234567890", taxonomy: 207Q00000X}
facilities:
  - {name: Office, place_of_servce: "11", address: {line1: 1 Main St, city: Springfield, state: IL, zip: "62701"}}
fee_schedules:
  - {name: Standard, file: fees.csv}
"""
    fees = "code,amount\n99213,110.00\n99214,1O5.00\n"
    # when it is imported
    with pytest.raises(RevcycleError) as refused:
        load(engine, admin, text, "bad.yaml", files=lambda name: fees)
    # then every problem is named where it is, and nothing was loaded (not even the good provider)
    assert refused.value.code is ErrorCode.VALIDATION
    assert refused.value.message.splitlines() == [
        "3 problems, nothing loaded:",
        "bad.yaml:4: rendering_providers[1]: invalid NPI '1234567890': an NPI is 10 digits whose last digit is the "
        "Luhn check digit (prefix 80840)",
        "bad.yaml:6: facilities[0]: unknown field 'place_of_servce'; expected some of address, name, npi, "
        "place_of_service",
        "fees.csv:3: fee: amount must be dollars and cents, e.g. 110.00; got '1O5.00'",
    ]
    found = practice.practice_setup(uow(engine), admin)
    assert (found.profile, found.rendering_providers, found.facilities) == (None, [], [])


def test_a_refusal_found_while_loading_rolls_back_what_was_already_written(engine, admin):
    # given a file whose provider is fine but whose two fees for 99213 start the same day at different amounts
    text = """rendering_providers:
  - {first_name: Ann, last_name: Lee, npi: "1987654328", taxonomy: 207Q00000X}
fee_schedules:
  - name: Standard
    fees:
      - {code: "99213", amount: "110.00", effective_from: "2026-01-01"}
      - {code: "99213", amount: "120.00", effective_from: "2026-01-01"}
"""
    with pytest.raises(RevcycleError) as refused:
        load(engine, admin, text, "clash.yaml")
    # then the second fee is named and the provider written before it is gone with the transaction
    assert refused.value.message.splitlines()[1] == (
        "clash.yaml:7: fee 99213: fee 99213: a version starting 2026-01-01 already exists with another value; "
        "give the new version a later effective date"
    )
    assert practice.practice_setup(uow(engine), admin).rendering_providers == []
    assert fee_schedules.fee_schedules(uow(engine), admin) == []


def test_the_export_reads_back_as_the_same_practice(engine, admin):
    # given the example practice with a second version of one contract rate
    load(engine, admin, read_example("practice.yaml"))
    rate = contracts.FeeScheduleRate("99213", 9550, "", date(2026, 7, 1))
    assert contracts.set_contract_rate(uow(engine), admin, "87726", rate) is True
    # when it is exported and the export imported
    exported = setup_export.export_practice(uow(engine), admin)
    report = load(engine, admin, exported, "export.yaml")
    # then nothing changes, and the export holds both versions of the rate
    assert report.changes == 0
    assert "effective_to: '2026-06-30'" in exported
    acme = contracts.payer_contract(uow(engine), admin, "87726")
    assert [(r.allowed_cents, r.effective_from, r.effective_to) for r in acme.rates if r.code == "99213"] == [
        (9200, date(2026, 1, 1), date(2026, 6, 30)), (9550, date(2026, 7, 1), None)]  # fmt: skip


def test_a_biller_may_read_the_set_up_but_not_change_it(engine, admin):
    # given a biller
    biller = users.add_user(uow(engine), "bea", "biller", PASSWORD, actor=admin)
    # then the set-up reads, and a change or an import is refused
    assert practice.practice_setup(uow(engine), biller).payers == []
    with pytest.raises(RevcycleError) as refused:
        practice.add_referring_provider(uow(engine), biller, ReferringProvider("Ray", "Chu", "1555012347"))
    assert refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RevcycleError) as refused_import:
        load(engine, biller, read_example("practice.yaml"))
    assert refused_import.value.code is ErrorCode.FORBIDDEN


def test_a_manager_loads_the_practice_but_only_an_admin_adds_its_users(engine, admin):
    # given a manager / when the example (which lists users) is imported by the manager
    manager = users.add_user(uow(engine), "dana", "manager", PASSWORD, actor=admin)
    with pytest.raises(RevcycleError) as refused:
        load(engine, manager, read_example("practice.yaml"))
    # then the users it would add are named, and nothing is loaded
    assert (
        refused.value.message.splitlines()[1]
        == "practice.yaml:98: user: user dana (manager) may not manage_users"
    )
    assert practice.practice_setup(uow(engine), admin).payers == []


def test_roles_change_and_users_are_deactivated_but_an_admin_never_demotes_themselves(engine, admin):
    # given a biller
    users.add_user(uow(engine), "bea", "biller", PASSWORD, actor=admin)
    # when the admin makes her a manager, then deactivates her
    assert staff.change_user(uow(engine), admin, "bea", role="manager").role.value == "manager"
    assert staff.change_user(uow(engine), admin, "bea", active=False).active is False
    # then she can no longer act, and both changes are audited
    with pytest.raises(RevcycleError) as refused:
        users.acting_user(uow(engine), "bea")
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
    assert [e.detail for e in audit.events_for(uow(engine), admin, "user") if e.action == "change"] == [
        "role biller->manager", "deactivated"]  # fmt: skip
    # and the admin may not demote or deactivate themselves
    with pytest.raises(RevcycleError) as own:
        staff.change_user(uow(engine), admin, "admin", active=False)
    assert own.value.message == "you may not change your own role or deactivate yourself"


def test_the_stored_schedule_prices_claim_lines_by_date_of_service(engine, admin):
    # given the example fee schedule with 99213 raised from July
    load(engine, admin, read_example("practice.yaml"))
    july = "code,amount,effective_from\n99213,115.00,2026-07-01\n"
    fee_schedules.import_fees_csv(uow(engine), admin, "Standard", july, "july.csv")
    # when it is read as the schedule claim building and charge entry price with
    charges = fee_schedules.charge_schedule(uow(engine), admin)
    # then each line is priced on its date of service, a pricing modifier's own fee first
    assert (len(charges), charges.unit_charge_cents("99213", (), date(2026, 6, 30)),
            charges.unit_charge_cents("99213", ("25",), date(2026, 7, 1)),
            charges.unit_charge_cents("72148", ("26",), date(2026, 3, 4))) == (40, 11000, 11500, 14000)  # fmt: skip
    assert fee_schedules.charge_schedule(uow(engine), admin, "Self-pay") is None
