"""Every corpus 835 reads into remittance advices without an exception; every balanced one posts in a
dry run (its claims registered as if we had sent them) with a report, and nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from revcycle.claims import examples
from revcycle.claims.model import ClaimLine
from revcycle.edi.remit_read import read_835
from revcycle.kernel import FixedClock
from revcycle.practice import Address, Patient, Payer, Role, User
from revcycle.services.remittances import post_remittance
from revcycle.store import UnitOfWork, make_engine, upgrade
from revcycle.store.tables import journal_entries
from sent_claims import record_sent

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
# exceptions a correct poster raises on these samples: they are properties of the files, not of the poster
EXPECTED_EXCEPTIONS = {"reversal_without_original", "negative_payment", "unbalanced_claim"}
# negative CAS amounts post (TR3 CAS03: a negative adjustment increases the payment): 14 claims in 14 files
# (8 COB samples with OA-94, secondary with a higher fee schedule x2, penalty/bonus x2, edifabric, lfh COB)
# used to be exceptions; the one left is lfh tertiary-payment, whose line does not balance
POSTED, TOTAL = 68, 69
NEGATIVE_OA_COB_SAMPLES = ("2a", "2b", "3a", "3b", "4aa", "4ab", "4ba", "4bb")


class Rollback(Exception):
    """Ends the test transaction: the dry run and the registered claims are thrown away."""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('remit') / 'corpus.db'}")
    upgrade(engine)
    with UnitOfWork(engine, FixedClock(NOW)) as uow:
        patient = uow.patients.add(Patient("Corpus", "Patient", dt.date(1970, 1, 1), "F", Address("1 Main St", "Springfield", "IL", "62701")))
        payer = uow.practice.add_payer(Payer("CORPUS", "Corpus Payer", "CI", 365))
    yield engine, patient.id, payer.id
    engine.dispose()


def _files(corpus: Path) -> list[Path]:
    return sorted(path for path in (corpus / "x12" / "835").iterdir() if path.is_file())


def _register(uow: UnitOfWork, advice, patient_id: int) -> None:
    """The claims as if we had sent them to this payer (added, when new, under the 835's payer id): each
    line as billed (SVC06 when the payer re-coded it), a claim paid without lines as one line of its charge."""
    payer_id = uow.remittances.payer_id_by_code(advice.payer_id)
    if payer_id is None:
        payer_id = uow.practice.add_payer(Payer(advice.payer_id or "UNNAMED", advice.payer_name or "Payer", "CI", 365)).id
    for claim in advice.claims:
        if uow.claims.find_by_number(claim.claim_id) is not None:
            continue
        first_date = claim.received_date or advice.payment_date or dt.date(2020, 1, 1)
        lines = tuple(
            ClaimLine(n, (line.submitted_code or line.procedure_code)[:48], line.charge_cents, line.service_date or first_date,
                      line.units, line.submitted_modifiers or line.modifiers)
            for n, line in enumerate(claim.lines, start=1)
        ) or (ClaimLine(1, "99499", claim.charge_cents, first_date),)  # fmt: skip
        record_sent(uow, examples.example_claim(claim.claim_id, lines=lines, encounter_id=None), patient_id, payer_id, NOW)


def test_every_corpus_835_reads_and_every_balanced_one_posts_in_a_dry_run(corpus_dir, database):
    engine, patient_id, _payer_id = database
    biller = User("corpus-biller", Role.BILLER, id=None)
    reports, unreadable, unbalanced, repeated = {}, [], [], set()
    for path in _files(corpus_dir):
        data = path.read_bytes()
        advices, _problems = read_835(data)
        if not advices:
            unreadable.append(path.name)
            continue
        if not all(advice.is_balanced for advice in advices):
            unbalanced.append(path.name)
            continue
        claim_ids = [claim.claim_id for advice in advices for claim in advice.claims]
        if len(set(claim_ids)) < len(claim_ids):  # samples reusing one CLP01 for several patients' claims
            repeated.add(path.name)
        uow = UnitOfWork(engine, FixedClock(NOW))
        with pytest.raises(Rollback), uow:
            for advice in advices:
                _register(uow, advice, patient_id)
            reports[path.name] = post_remittance(uow, biller, data, path.name, dry_run=True)
            raise Rollback
    # then every file reads, the unbalanced ones are exactly the samples known to be unbalanced,
    assert unreadable == []
    assert unbalanced == ["affect835__sample_835.txt", "affect835__sample_835_with_interests.txt", "chs__test.835",
                          "edifabric__X12__Custom835.txt", "tigershark__835-example-2.txt", "tigershark__835-example.txt"]  # fmt: skip
    # every balanced one is reported claim by claim, and its exceptions are properties of the file
    assert len(reports) == 69
    for name, report in reports.items():
        assert report.status == "dry_run", name
        assert report.claims == report.claims_posted + len([e for e in report.exceptions if e["claim"]]), name
        allowed = EXPECTED_EXCEPTIONS | ({"unmatched_line"} if name in repeated else set())
        assert {e["reason"] for e in report.exceptions} <= allowed, (name, report.exceptions)
    # claims in files with unique CLP01s: all but the reversals/negative samples post
    unique = [report for name, report in reports.items() if name not in repeated]
    posted, total = sum(r.claims_posted for r in unique), sum(r.claims for r in unique)
    assert (posted, total) == (POSTED, TOTAL)
    assert [(name, [e["reason"] for e in report.exceptions]) for name, report in reports.items()
            if name not in repeated and report.exceptions] == [("lfh__835_005010X221A1__tertiary-payment.835", ["unbalanced_claim"])]  # fmt: skip
    # the COB samples with a negative OA-94 post, the note saying the payment it explains has no entry of its own
    for sample in NEGATIVE_OA_COB_SAMPLES:
        report = reports[f"dwai__X221-coordination-of-benefits-example-{sample}.edi"]
        assert (report.claims_posted, report.exceptions) == (1, []), sample
        assert any("OA-94 -" in note and "increases the payment" in note for note in report.notes), sample
    # and nothing was written
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(journal_entries)) == 0

