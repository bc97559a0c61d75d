"""The front desk's use cases on SQLite and PostgreSQL: search, edit, coverages in order, merge, check-in,
eligibility in plain words — each read and change audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from api_remit_setup import SETTINGS
from front_desk_setup import VISIT, roe, set_up_front_desk
from practice_rows import ADDRESS, table_counts
from sqlalchemy.exc import IntegrityError

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger import ChargeRef
from revcycle.practice import Coverage, CoverageOrder, Encounter, Patient, ServiceLine
from revcycle.practice.patient_search import PatientQuery
from revcycle.services import audit, deposits, front_desk, ledger, patients
from revcycle.services.front_desk import CheckInRequest
from revcycle.services.listings import page_of


@pytest.fixture
def desk(engine, tmp_path):
    return set_up_front_desk(engine, tmp_path / "clearinghouse")


def audit_rows(desk, entity_type, entity_id):
    with desk.uow() as uow:
        return [(e.username, e.action, e.detail) for e in uow.audit.events(entity_type, str(entity_id))]


def test_a_registered_patient_gets_an_account_number_and_is_found_by_name_dob_account_and_member_id(desk):
    # given Richard Roe, and Zoë Núñez registered after him
    nunez = patients.register_patient(
        desk.uow(), desk.biller, Patient("Zoë", "Núñez", date(1990, 4, 2), "F", ADDRESS)
    )
    assert (patients.get_patient(desk.uow(), desk.biller, desk.roe_id).account_number, nunez.account_number) == (
        "00000018", "00000026")  # fmt: skip

    # when the desk searches each way
    def found(query):
        hits, total = front_desk.find_patients(desk.uow(), desk.biller, query, page_of(10, 0))
        return [p.last_name for p in hits], total

    # then accents and case do not matter, and each criterion finds its patient
    assert found(PatientQuery.from_text("NUNEZ, zo")) == (["Núñez"], 1)
    assert found(PatientQuery.from_text("zoe nun")) == (["Núñez"], 1)
    assert found(PatientQuery.from_text("05/17/1970")) == (["Roe"], 1)
    assert found(PatientQuery.from_text("00000026")) == (["Núñez"], 1)
    assert found(PatientQuery.from_text("w-200")) == (["Roe"], 1)
    assert found(PatientQuery.build(sort="newest")) == (["Núñez", "Roe"], 2)
    assert found(PatientQuery.build(sort="dob")) == (["Roe", "Núñez"], 2)
    # and a page of one holds one, the total still two
    page, total = front_desk.find_patients(desk.uow(), desk.biller, PatientQuery.build(), page_of(1, 1))
    assert ([p.last_name for p in page], total) == (["Roe"], 2)
    # and every patient shown was audited as a search read
    assert audit_rows(desk, "patient", nunez.id)[-1] == ("biller1", "read", "list")


def test_an_edit_rewrites_the_record_and_audits_the_fields_that_changed_without_their_values(desk):
    # when the desk corrects Richard's phone and first name
    changed = replace(roe(), first_name="Rich", phone="555-201-0199")
    after = patients.edit_patient(desk.uow(), desk.biller, desk.roe_id, changed)
    # then the record holds them, the account number stays, and the audit names the fields only
    assert (after.first_name, after.phone, after.account_number) == ("Rich", "5552010199", "00000018")
    assert audit_rows(desk, "patient", desk.roe_id)[-1] == ("biller1", "change", "edit first_name,phone")


def test_a_second_primary_in_force_together_is_refused_and_nothing_is_written(desk, engine):
    before = table_counts(engine)
    # when a second primary from March is added while Acme is open-ended
    clash = Coverage(desk.roe_id, desk.second_id, "Z9", CoverageOrder.PRIMARY, date(2026, 3, 1))
    with pytest.raises(RevcycleError) as refused:
        patients.add_coverage(desk.uow(), desk.biller, clash)
    # then it is a conflict naming both periods, and no row changed
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.message.startswith(
        "two primary coverages would be in force together (2026-01-01..open"
    )
    assert table_counts(engine) == before


def test_the_database_itself_refuses_two_open_ended_primaries(desk):
    # when a repository writes a second open primary past the service / then the partial unique index refuses it
    with pytest.raises(IntegrityError), desk.uow() as uow:
        uow.coverages.add(
            Coverage(desk.roe_id, desk.second_id, "Z9", CoverageOrder.PRIMARY, date(2026, 3, 1))
        )


def test_reorder_swaps_primary_and_secondary_and_end_closes_a_coverage(desk):
    # when the desk makes Second Health primary on the visit date
    after = patients.reorder_coverages(desk.uow(), desk.biller, desk.roe_id, [desk.second_coverage_id,
                                       desk.acme_coverage_id], VISIT)  # fmt: skip
    # then the orders are swapped (the open-order index held through the swap) and audited
    assert [(c.id, c.order) for c in after] == [(desk.second_coverage_id, CoverageOrder.PRIMARY),
                                                (desk.acme_coverage_id, CoverageOrder.SECONDARY)]  # fmt: skip
    assert audit_rows(desk, "patient", desk.roe_id)[-1] == (
        "biller1", "change", f"coverage order {desk.second_coverage_id},{desk.acme_coverage_id}")  # fmt: skip
    # when Acme ends on June 30
    ended = patients.end_coverage(desk.uow(), desk.biller, desk.acme_coverage_id, date(2026, 6, 30))
    # then it is in force until then only
    assert (ended.effective_to, ended.covers(date(2026, 7, 1))) == (date(2026, 6, 30), False)
    assert audit_rows(desk, "coverage", desk.acme_coverage_id)[-1] == (
        "biller1", "change", f"patient={desk.roe_id} end 2026-06-30")  # fmt: skip


def duplicate_with_a_visit(desk) -> tuple[int, int, int]:
    """'Rick Roe', registered twice: the same Acme policy typed W-200, a tertiary, a $150 visit charged to Acme."""
    dup = patients.register_patient(desk.uow(), desk.biller, replace(roe(), first_name="Rick"))
    same_acme = patients.add_coverage(desk.uow(), desk.biller, Coverage(
        dup.id, desk.acme_id, "W-200", CoverageOrder.PRIMARY, date(2026, 2, 1)))  # fmt: skip
    patients.add_coverage(desk.uow(), desk.biller, Coverage(
        dup.id, desk.second_id, "T-1", CoverageOrder.TERTIARY, date(2026, 2, 1)))  # fmt: skip
    visit = patients.record_encounter(desk.uow(), desk.biller, Encounter(
        dup.id, date(2026, 2, 10), "11", desk.clinic_id, desk.doctor_id, ("I10",),
        (ServiceLine(1, "99213", 15000),), desk.office_id, same_acme.id))  # fmt: skip
    ledger.post_charge(
        desk.uow(), desk.biller, "dup-visit", ChargeRef(dup.id), 15000, desk.acme_id, date(2026, 2, 10)
    )
    return dup.id, same_acme.id, visit.id


def test_a_merge_moves_or_links_everything_and_leaves_every_balance_and_ledger_line_as_it_was(desk):
    # given the duplicate with a visit owing $150, and Richard's $40 self-pay charge
    dup_id, same_acme_id, visit_id = duplicate_with_a_visit(desk)
    ledger.post_charge(
        desk.uow(), desk.biller, "roe-visit", ChargeRef(desk.roe_id), 4000, None, date(2026, 1, 5)
    )
    with desk.uow() as uow:
        journal_before, trial_before = uow.journal.row_counts(), uow.journal.trial_balance()
    # when the duplicate is merged into Richard
    result = front_desk.merge_patients(desk.uow(), desk.biller, desk.roe_id, dup_id)
    # then the tertiary moved, the same Acme policy is linked to Richard's, the visit is his and billed to his Acme
    assert (result.coverages_moved, result.coverages_linked, result.encounters_moved) == (1, 1, 1)
    coverages = patients.patient_coverages(desk.uow(), desk.biller, desk.roe_id)
    assert [(c.member_id, c.order) for c in coverages] == [
        ("W200", CoverageOrder.PRIMARY), ("S-77", CoverageOrder.SECONDARY), ("T-1", CoverageOrder.TERTIARY)]  # fmt: skip
    visit = patients.get_encounter(desk.uow(), desk.biller, visit_id)
    assert (visit.patient_id, visit.coverage_id) == (desk.roe_id, desk.acme_coverage_id)
    with desk.uow() as uow:
        assert uow.coverages.get(same_acme_id).merged_into_id == desk.acme_coverage_id
        # and not one ledger line was written or changed; the account sums both records
        assert (uow.journal.row_counts(), uow.journal.trial_balance()) == (journal_before, trial_before)
    balance = front_desk.account_balance(desk.uow(), desk.biller, desk.roe_id)
    assert (balance.insurance_cents, balance.patient_cents) == (15000, 4000)
    # and the duplicate is kept, marked merged into Richard, read-only, both audited
    assert patients.get_patient(desk.uow(), desk.biller, dup_id).merged_into_id == desk.roe_id
    with pytest.raises(RevcycleError, match="this record was merged into account 00000018"):
        patients.edit_patient(desk.uow(), desk.biller, dup_id, roe())
    assert ("biller1", "change", f"merge absorbed patient={dup_id} coverages moved=1 linked=1 encounters=1") in (
        audit_rows(desk, "patient", desk.roe_id))  # fmt: skip
    assert ("biller1", "change", f"merged into patient={desk.roe_id}") in audit_rows(desk, "patient", dup_id)
    # and search no longer shows the duplicate
    hits, total = front_desk.find_patients(
        desk.uow(), desk.biller, PatientQuery.from_text("roe"), page_of(10, 0)
    )
    assert ([p.id for p in hits], total) == ([desk.roe_id], 1)


def test_a_merge_that_would_clash_changes_nothing(desk, engine):
    # given a duplicate whose different primary overlaps Richard's Acme
    dup = patients.register_patient(desk.uow(), desk.biller, replace(roe(), first_name="Rick"))
    patients.add_coverage(desk.uow(), desk.biller, Coverage(
        dup.id, desk.second_id, "Z9", CoverageOrder.PRIMARY, date(2026, 2, 1)))  # fmt: skip
    before = table_counts(engine)
    # when merged / then refused whole: no row in any table changed, not even the audit log
    with pytest.raises(RevcycleError, match="nothing was merged: the duplicate's primary coverage"):
        front_desk.merge_patients(desk.uow(), desk.biller, desk.roe_id, dup.id)
    assert table_counts(engine) == before


def test_check_in_creates_the_visit_and_posts_the_copay_once_per_key(desk):
    request = CheckInRequest("desk:1", desk.roe_id, VISIT, desk.doctor_id, "11", desk.office_id, copay_cents=2500,
                             copay_method="card", copay_reference="auth 7731")  # fmt: skip
    # when the desk checks Richard in with a $25 copay, and the form is sent twice
    first = front_desk.check_in(desk.uow(), desk.biller, request)
    again = front_desk.check_in(desk.uow(), desk.biller, request)
    # then one visit exists: Dr Quill at the office, POS 11, on the visit date, billed to Acme, no charges yet
    visit = first.encounter
    assert (visit.rendering_provider_id, visit.facility_id, visit.place_of_service, visit.date_of_service) == (
        desk.doctor_id, desk.office_id, "11", VISIT)  # fmt: skip
    assert (visit.coverage_id, visit.billing_provider_id, visit.lines, visit.diagnosis_codes) == (
        desk.acme_coverage_id, desk.clinic_id, (), ())  # fmt: skip
    assert (again.replayed, again.encounter.id, again.record.id) == (True, visit.id, first.record.id)
    # and the copay is one patient payment kept as Richard's credit
    with desk.uow() as uow:
        payments = [e for e in uow.journal.entries(desk.roe_id) if e.kind.value == "patient_payment"]
    assert [(p.id, p.entry.effective_date) for p in payments] == [(first.record.journal_entry_id, VISIT)]
    assert ledger.patient_balance(desk.uow(), desk.biller, desk.roe_id).unapplied_cents == -2500
    # and one receipt the day's deposit reconciliation counts (it left the copay out before)
    day = deposits.reconcile_day(desk.uow(), desk.biller, VISIT)
    assert [(r.source, r.reference, r.party, r.amount_cents) for r in day.receipts] == [
        ("patient card", "auth 7731", "Roe, Richard", 2500)]  # fmt: skip
    # and the check-in is audited
    assert audit_rows(desk, "check_in", first.record.id) == [
        ("biller1", "create", f"patient={desk.roe_id} encounter={visit.id} copay=2500")]  # fmt: skip


def test_the_same_check_in_key_for_another_visit_is_refused(desk):
    front_desk.check_in(
        desk.uow(), desk.biller, CheckInRequest("desk:2", desk.roe_id, VISIT, desk.doctor_id, "11")
    )
    other = CheckInRequest("desk:2", desk.roe_id, date(2026, 3, 11), desk.doctor_id, "11")
    with pytest.raises(RevcycleError, match="this check-in key was used for another visit"):
        front_desk.check_in(desk.uow(), desk.biller, other)


def test_a_coder_may_not_check_in_and_a_check_paid_copay_needs_its_number(desk):
    request = CheckInRequest(
        "desk:3", desk.roe_id, VISIT, desk.doctor_id, "11", copay_cents=2500, copay_method="check"
    )
    with pytest.raises(RevcycleError, match="a copay paid by check needs the check number"):
        front_desk.check_in(desk.uow(), desk.biller, request)
    with pytest.raises(RevcycleError) as refused:
        front_desk.check_in(desk.uow(), desk.staff["coder"], replace(request, copay_reference="1042"))
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_eligibility_of_the_primary_reads_in_plain_words(desk):
    # when the desk asks Acme about Richard on the visit date (through a 270 to the payer simulator)
    found = front_desk.check_coverage(
        desk.uow(), desk.biller, desk.partner.payer_desk(), SETTINGS, desk.roe_id, VISIT
    )
    # then the benefits read as the desk says them
    words = dict(found.words)
    assert (found.payer_name, found.coverage_id, found.office_copay_cents) == (
        "Acme Health",
        desk.acme_coverage_id,
        2500,
    )
    assert words["Status"] == "active on 2026-03-10"
    assert words["Copay"] == "$25.00 office visit (99213), in network"
    assert words["Deductible"] == "individual, in network: $500.00; met $450.00, $50.00 remaining"
    assert words["Coinsurance"] == "patient pays 20% of health plan, in network"
    # and the check is stored and audited
    assert audit_rows(desk, "eligibility_check", found.check.check_id)[0][:2] == ("biller1", "create")


def test_the_patient_page_data_is_one_audited_read(desk):
    overview = front_desk.patient_overview(desk.uow(), desk.biller, desk.roe_id)
    assert (overview.patient.last_name, [overview.payer_names[c.payer_id] for c in overview.coverages]) == (
        "Roe", ["Acme Health", "Second Health"])  # fmt: skip
    assert audit_rows(desk, "patient", desk.roe_id)[-1] == ("biller1", "read", "front desk")
    assert audit.Action.READ.value == "read"


def test_every_front_desk_read_and_change_leaves_its_audit_row_with_the_user_and_no_phi(desk):
    # given the audit log as it stands
    with desk.uow() as uow:
        before = uow.audit.count()
    biller, roe_id, acme = desk.biller, desk.roe_id, desk.acme_coverage_id
    # when each front desk verb runs once
    front_desk.find_patients(desk.uow(), biller, PatientQuery.from_text("roe"), page_of(5, 0))
    front_desk.patient_overview(desk.uow(), biller, roe_id)
    patients.get_coverage(desk.uow(), biller, acme)
    patients.edit_patient(desk.uow(), biller, roe_id, replace(roe(), email="r.roe@example.org"))
    patients.change_coverage(desk.uow(), biller, acme, replace(patients.get_coverage(desk.uow(), biller, acme),
                                                               group_number="G7"))  # fmt: skip
    patients.end_coverage(desk.uow(), biller, desk.second_coverage_id, date(2026, 6, 30))
    visit = front_desk.check_in(
        desk.uow(), biller, CheckInRequest("audit:1", roe_id, VISIT, desk.doctor_id, "11")
    )
    # then every one of them wrote its row, as the biller, naming ids and fields only
    with desk.uow() as uow:
        rows = [(e.username, e.action, e.entity_type, e.detail) for e in uow.audit.events()][before:]
    assert [row for row in rows if row[2] != "encounter"] == [
        ("biller1", "read", "patient", "list"),
        ("biller1", "read", "patient", "front desk"),
        ("biller1", "read", "coverage", f"patient={roe_id}"),
        ("biller1", "change", "patient", "edit email"),
        ("biller1", "read", "coverage", f"patient={roe_id}"),
        ("biller1", "change", "coverage", f"patient={roe_id} edit"),
        ("biller1", "change", "coverage", f"patient={roe_id} end 2026-06-30"),
        ("biller1", "create", "check_in", f"patient={roe_id} encounter={visit.encounter.id} copay=0"),
    ]
    assert ("biller1", "create", "encounter", f"patient={roe_id}") in rows
