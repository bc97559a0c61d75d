"""Corrected (frequency 7) and void (8) claims through X12, with one payer simulator that remembers.

Edgar Poe (ACME HMO W300: no deductible, 10% coinsurance) had a biopsy (11102-F1, $150) and the
destruction of a premalignant lesion on another finger (17000-F6, $100) on 2026-03-02. The pair is
an NCCI edit (modifier indicator 1); our scrubber accepts the anatomic modifiers, the payer wants
XS and denies 17000 CO-97 M15. The coder adds XS: the corrected claim E1-1V2 (CLM05-3 7, REF*F8 =
the 835's CLP07) goes out, the payer reverses the original (CLP02 22) and pays the correction in
one 835; the original's charges and postings are reversed, nothing counts twice. Then a void story.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import HOME, SETTINGS, set_up_clinic
from sqlalchemy import func, select

from revcycle.claims.corrections import ClaimChanges, LineEdit
from revcycle.claims.model import ClaimStatus, Frequency
from revcycle.ledger.postings import ChargeRef
from revcycle.practice import Coverage, CoverageOrder, Encounter, Patient, ServiceLine
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services import claims as claim_services
from revcycle.services import patients, users
from revcycle.services.claim_corrections import correct_claim, void_claim
from revcycle.services.ledger import post_patient_payment
from revcycle.services.remittances import post_remittance
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.tables import journal_entries
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import read_x12

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
BILLED = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
CORRECTED = dt.datetime(2026, 3, 23, 10, 0, tzinfo=dt.UTC)
DOS = dt.date(2026, 3, 2)
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
RECEIVER = Receiver("ACME HEALTH", "87726")
CLP07 = "01260640000001"  # the payer's claim number for E1-1 (seed 1, received 2026-03-05, first claim)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _billed_and_paid(engine, tmp_path: Path, lines: tuple[ServiceLine, ...]):  # noqa: F811
    """Poe's encounter billed as E1-1 (837P exported), adjudicated by the simulator, its 835 posted."""
    clinic = set_up_clinic(engine, SET_UP)
    patient_id, claim = _encounter_claim(clinic, lines, ("D485", "L570"))
    out = _export(clinic, BILLED, [claim.id], tmp_path / "first.837")
    payer = PayerEngine(example_payer())
    first = simulate(
        out.read_bytes(), payer, SETTINGS.reversed(), dt.date(2026, 3, 5), dt.date(2026, 3, 19), 11
    )
    posted = post_remittance(clinic.uow(BILLED), clinic.biller, first.remittance_835.encode(), "first.835")
    assert (posted.claims_posted, posted.exceptions) == (1, [])
    return clinic, patient_id, claim, payer


def _encounter_claim(clinic, lines: tuple[ServiceLine, ...], diagnoses: tuple[str, ...]):  # noqa: ANN001, ANN202
    """Edgar Poe (ACME HMO W300) seen on DOS; his encounter's claim E1-1 built as a draft."""
    poe = patients.register_patient(
        clinic.uow(SET_UP), clinic.biller, Patient("Edgar", "Poe", dt.date(1960, 1, 19), "M", HOME)
    )
    coverage = patients.add_coverage(clinic.uow(SET_UP), clinic.biller, Coverage(
        poe.id, clinic.payer_id, "W300", CoverageOrder.PRIMARY, dt.date(2025, 1, 1)))  # fmt: skip
    encounter = patients.record_encounter(clinic.uow(SET_UP), clinic.biller, Encounter(
        poe.id, DOS, "11", clinic.provider_id, clinic.doctor_id, diagnoses, lines, coverage_id=coverage.id))  # fmt: skip
    (claim,) = claim_services.build_encounter_claims(clinic.uow(BILLED), clinic.biller, encounter.id)
    return poe.id, claim


def _export(clinic, now: dt.datetime, claim_ids: list[int], out: Path) -> Path:
    run = claim_services.scrub_claims(clinic.uow(now), clinic.biller, claim_ids)
    assert run.result.clean_claims == len(claim_ids), run.result.to_dict()
    claim_services.export_batch_837(clinic.uow(now), clinic.biller, run.batch_id, out, SUBMITTER, RECEIVER)
    return out


def _segments(text: str, segment_id: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip().startswith(segment_id + "*")]


def _owed(receivable) -> tuple[int, int]:  # noqa: ANN001
    return receivable.insurance_cents, receivable.patient_cents


def _money(clinic, claim_ids: tuple[int, ...], patient_id: int) -> tuple:
    with clinic.uow(CORRECTED) as uow:
        per_claim = [_owed(uow.journal.receivable(claim_id=i)) for i in claim_ids]
        trial = uow.journal.trial_balance()
        entries = uow.connection.scalar(select(func.count()).select_from(journal_entries))
        patient = uow.journal.receivable(patient_id=patient_id)
    return per_claim, (patient.insurance_cents, patient.patient_cents), trial, entries


def test_a_line_denied_for_its_modifier_is_corrected_and_the_original_postings_reversed(engine, tmp_path):  # noqa: F811
    # given E1-1 paid by a first 835: 11102 $85.50 (CO-45 $55, PR-2 $9.50), 17000 denied CO-97 M15 ($100)
    lines = (ServiceLine(1, "11102", 15000, modifiers=("F1",)),
             ServiceLine(2, "17000", 10000, modifiers=("F6",), diagnosis_pointers=(2,)))  # fmt: skip
    clinic, patient_id, original, payer = _billed_and_paid(engine, tmp_path, lines)
    assert _money(clinic, (original.id,), patient_id)[:2] == ([(10000, 950)], (10000, 950))
    # when the biller corrects line 2's modifiers (F6 XS)
    correction = correct_claim(clinic.uow(CORRECTED), clinic.biller, original.id,
                               ClaimChanges(line_edits=(LineEdit(2, modifiers=("F6", "XS")),)))  # fmt: skip
    # then the original is corrected and E1-1V2 is a frequency-7 draft carrying the 835's payer claim number
    new = correction.replacement
    assert (correction.original.status, new.claim_id, new.frequency, new.version, new.status) == (
        ClaimStatus.CORRECTED,
        "E1-1V2",
        Frequency.CORRECTED,
        2,
        ClaimStatus.DRAFT,
    )
    assert (new.original_claim_id, correction.payer_claim_control_number, correction.source) == (
        "E1-1",
        CLP07,
        "835 CLP07",
    )
    # when it is scrubbed and exported like any claim
    text = _export(clinic, CORRECTED, [new.id], tmp_path / "corrected.837").read_text(encoding="ascii")
    # then our reader finds CLM05-3 7 with REF*F8 and the new modifiers, and pyx12 finds nothing wrong
    (batch,) = read_x12(text).models("837p")
    (claim,) = [c for p in batch.billing_providers for s in p.subscribers for c in s.claims]  # type: ignore[attr-defined]
    assert (claim.claim_id, claim.frequency, claim.references) == ("E1-1V2", "7", [("F8", CLP07)])
    assert [line.modifiers for line in claim.service_lines] == [["F1"], ["F6", "XS"]]
    assert _segments(text, "CLM") == ["CLM*E1-1V2*250***11:B:7*Y*A*Y*Y"]
    assert _segments(text, "REF*F8") == [f"REF*F8*{CLP07}"]
    assert pyx12_errors(text) == []
    # when the payer answers with the reversal of E1-1 and the correction's payment in one 835
    answer = simulate(text, payer, SETTINGS.reversed(), dt.date(2026, 3, 24), dt.date(2026, 4, 7), 12)
    assert pyx12_errors(answer.remittance_835) == []
    assert _segments(answer.remittance_835, "CLP") == [f"CLP*E1-1*22*-250*-85.5*-9.5*12*{CLP07}*11*8",
                                                      "CLP*E1-1V2*1*250*139.5*15.5*12*01260830000002*11*7"]  # fmt: skip
    data = answer.remittance_835.encode()
    report = post_remittance(clinic.uow(CORRECTED), clinic.biller, data, "corrected.835")
    # then the reversal takes back $85.50 and the original's $250 charge; 17000-XS pays $54 ($60 allowed, PR-2 $6)
    assert (report.claims_posted, report.claims_reversed, report.exceptions) == (2, 1, [])
    assert (
        report.totals["reversed"],
        report.totals["paid"],
        report.totals["contractual"],
        report.totals["patient"],
    ) == (8550, 13950, 9500, 1550)
    assert report.notes[-2:] == [
        "E1-1: corrected; its charges ($250.00) reversed with the payer's reversal",
        "E1-1: closed",
    ]
    # and nothing counts twice: E1-1 owes nothing; E1-1V2 leaves Poe $15.50 ($9.50 + $6); the payer owes nothing
    per_claim, patient, trial, entries = _money(clinic, (original.id, new.id), patient_id)
    assert per_claim == [(0, 0), (0, 1550)]
    assert patient == (0, 1550)
    assert (
        trial["cash"],
        trial["revenue"],
        trial["contractual_adjustment"],
        trial["insurance_ar:payer=1"],
    ) == (13950, -25000, 9500, 0)
    # 2 + 2 charges, 3 first postings, 3 + 2 reversals, 6 new postings
    assert entries == 18
    with clinic.uow(CORRECTED) as uow:
        stored = ClaimRepository(uow.connection)
        # the original is closed once the payer reversed it; the correction follows its own decision
        assert (stored.get(original.id).status, stored.get(new.id).status) == (
            ClaimStatus.CLOSED,
            ClaimStatus.PAID,
        )
        assert stored.get(original.id).history[-1].note.endswith(": the payer reversed E1-1")
        reversal = uow.journal.get_by_key("claim:E1-1:line:2:replaced")
    assert [(line.account.code, line.amount_cents) for line in reversal.entry.lines] == [
        ("insurance_ar:payer=1", -10000),
        ("revenue", 10000),
    ]
    # when the same 835 is posted again, then nothing changes
    again = post_remittance(clinic.uow(CORRECTED), clinic.biller, data, "corrected.835")
    assert again.status == "already_posted"
    assert _money(clinic, (original.id, new.id), patient_id) == (per_claim, patient, trial, entries)


def test_a_voided_claim_has_its_charge_and_payment_reversed_once_the_payer_reverses_it(engine, tmp_path):  # noqa: F811
    # given E1-1 (11102-F1 $150) paid $85.50, CO-45 $55, Poe owes $9.50
    clinic, patient_id, original, payer = _billed_and_paid(
        engine, tmp_path, (ServiceLine(1, "11102", 15000, modifiers=("F1",)),)
    )
    # when the biller voids it (the visit was billed under the wrong encounter) and exports the void
    void = void_claim(clinic.uow(CORRECTED), clinic.biller, original.id, "billed under the wrong encounter")
    assert (void.replacement.claim_id, void.replacement.frequency, void.payer_claim_control_number) == (
        "E1-1V2",
        Frequency.VOID,
        CLP07,
    )
    text = _export(clinic, CORRECTED, [void.replacement.id], tmp_path / "void.837").read_text(
        encoding="ascii"
    )
    # then the 837 says void (CLM05-3 8) of the payer's claim, and the void posts no charge of its own
    assert (_segments(text, "CLM"), _segments(text, "REF*F8")) == (
        ["CLM*E1-1V2*150***11:B:8*Y*A*Y*Y"],
        [f"REF*F8*{CLP07}"],
    )
    assert pyx12_errors(text) == []
    assert _money(clinic, (original.id, void.replacement.id), patient_id)[0] == [(0, 950), (0, 0)]
    # when the payer's 835 reverses E1-1 (BPR $0: the $85.50 is carried as PLB FB) and it is posted
    answer = simulate(text, payer, SETTINGS.reversed(), dt.date(2026, 3, 24), dt.date(2026, 4, 7), 12)
    assert _segments(answer.remittance_835, "CLP") == [f"CLP*E1-1*22*-150*-85.5*-9.5*12*{CLP07}*11*8"]
    data = answer.remittance_835.encode()
    report = post_remittance(clinic.uow(CORRECTED), clinic.biller, data, "void.835")
    # then the charge, the payment, the write-off and Poe's share are all reversed; the payer's $85.50 is
    # owed back to it at provider level
    assert (report.claims_reversed, report.provider_adjustment_cents, report.exceptions) == (1, -8550, [])
    assert report.notes[-1] == "E1-1: closed; void E1-1V2 accepted"
    with clinic.uow(CORRECTED) as uow:
        stored = ClaimRepository(uow.connection)
        statuses = (stored.get(original.id).status, stored.get(void.replacement.id).status)
    assert statuses == (ClaimStatus.CLOSED, ClaimStatus.ACCEPTED)
    per_claim, patient, trial, entries = _money(clinic, (original.id, void.replacement.id), patient_id)
    assert (per_claim, patient) == ([(0, 0), (0, 0)], (0, 0))
    assert (
        trial["revenue"],
        trial["contractual_adjustment"],
        trial["cash"],
        trial["provider_adjustment:payer=1"],
    ) == (0, 0, 8550, -8550)
    # when posted again, then nothing changes
    assert post_remittance(clinic.uow(CORRECTED), clinic.biller, data, "void.835").status == "already_posted"
    assert _money(clinic, (original.id, void.replacement.id), patient_id) == (
        per_claim,
        patient,
        trial,
        entries,
    )


def test_a_patient_who_paid_the_originals_share_owes_only_the_difference(engine, tmp_path):  # noqa: F811
    # given E1-1 paid as above, and Poe paid his $9.50 share of it at the front desk
    lines = (ServiceLine(1, "11102", 15000, modifiers=("F1",)),
             ServiceLine(2, "17000", 10000, modifiers=("F6",), diagnosis_pointers=(2,)))  # fmt: skip
    clinic, patient_id, original, payer = _billed_and_paid(engine, tmp_path, lines)
    post_patient_payment(
        clinic.uow(BILLED), clinic.biller, "desk:poe:1", ChargeRef(patient_id, original.id), 950
    )
    # when the corrected claim goes out and the payer's reversal + new payment are posted
    correction = correct_claim(clinic.uow(CORRECTED), clinic.biller, original.id,
                               ClaimChanges(line_edits=(LineEdit(2, modifiers=("F6", "XS")),)))  # fmt: skip
    text = _export(clinic, CORRECTED, [correction.replacement.id], tmp_path / "corrected.837").read_text(
        encoding="ascii"
    )
    answer = simulate(text, payer, SETTINGS.reversed(), dt.date(2026, 3, 24), dt.date(2026, 4, 7), 12)
    post_remittance(clinic.uow(CORRECTED), clinic.biller, answer.remittance_835.encode(), "corrected.835")
    # then Poe owes $6.00 in all: the $15.50 of the correction less the $9.50 he paid (a credit left on E1-1)
    per_claim, patient, trial, _entries = _money(clinic, (original.id, correction.replacement.id), patient_id)
    assert per_claim == [(0, -950), (0, 1550)]
    assert patient == (0, 600)
    assert (trial["cash"], trial["revenue"], trial["insurance_ar:payer=1"]) == (13950 + 950, -25000, 0)


def test_a_claim_denied_in_full_is_corrected_and_its_charge_reversed_with_the_payers_zero_reversal(
    engine,  # noqa: F811
    tmp_path,
):
    # given a payer that does not cover 17000, and E1-1 (17000-F6 $100 for L57.0) denied in full CO-96 N130
    clinic = set_up_clinic(engine, SET_UP)
    payer = PayerEngine(example_payer(non_covered_codes=frozenset({"97810", "S9981", "17000"})))
    patient_id, original = _encounter_claim(
        clinic, (ServiceLine(1, "17000", 10000, modifiers=("F6",)),), ("L570",)
    )
    first = simulate(_export(clinic, BILLED, [original.id], tmp_path / "first.837").read_bytes(), payer,
                     SETTINGS.reversed(), dt.date(2026, 3, 5), dt.date(2026, 3, 19), 11)  # fmt: skip
    assert _segments(first.remittance_835, "CLP") == [f"CLP*E1-1*4*100*0*0*12*{CLP07}*11*1"]
    post_remittance(clinic.uow(BILLED), clinic.biller, first.remittance_835.encode(), "first.835")
    # when the coder finds the note describes a common wart: B07.8 and 17110, on a corrected claim
    changes = ClaimChanges(
        diagnoses=("B07.8",), line_edits=(LineEdit(1, procedure_code="17110", modifiers=()),)
    )
    correction = correct_claim(clinic.uow(CORRECTED), clinic.biller, original.id, changes)
    text = _export(clinic, CORRECTED, [correction.replacement.id], tmp_path / "corrected.837").read_text(
        encoding="ascii"
    )
    assert (_segments(text, "CLM"), _segments(text, "REF*F8")) == (
        ["CLM*E1-1V2*100***11:B:7*Y*A*Y*Y"],
        [f"REF*F8*{CLP07}"],
    )
    assert pyx12_errors(text) == []
    answer = simulate(text, payer, SETTINGS.reversed(), dt.date(2026, 3, 24), dt.date(2026, 4, 7), 12)
    assert pyx12_errors(answer.remittance_835) == []
    # then the payer reverses the denial (nothing paid back) and pays 17110 at 60% of charge: $54, PR-2 $6
    assert _segments(answer.remittance_835, "CLP") == [f"CLP*E1-1*22*-100*0*0*12*{CLP07}*11*8",
                                                      "CLP*E1-1V2*1*100*54*6*12*01260830000002*11*7"]  # fmt: skip
    report = post_remittance(
        clinic.uow(CORRECTED), clinic.biller, answer.remittance_835.encode(), "corrected.835"
    )
    assert (report.claims_reversed, report.exceptions) == (1, [])
    # and the denied $100 charge is reversed: E1-1 owes nothing, E1-1V2 leaves Poe $6, the denial left the queue
    per_claim, patient, trial, _entries = _money(clinic, (original.id, correction.replacement.id), patient_id)
    assert (per_claim, patient) == ([(0, 0), (0, 600)], (0, 600))
    assert (trial["cash"], trial["revenue"], trial["contractual_adjustment"]) == (5400, -10000, 4000)
    with clinic.uow(CORRECTED) as uow:
        assert uow.remittances.open_denials() == []
        assert ClaimRepository(uow.connection).get(original.id).status is ClaimStatus.CLOSED
