"""Claims through the services and a real database (SQLite; PostgreSQL when configured):
encounters -> stored claims -> a scrub batch with its clean-claim rate -> an 837P export that
marks the claims submitted and posts their charges once -> a CMS-1500 of a stored claim."""

from datetime import date

import pytest
from alembic.script import ScriptDirectory
from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice

from revcycle.claims import ClaimStatus
from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.services import claims, ledger
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork
from revcycle.store.migrate import alembic_config, head_revision
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)


def test_claims_are_built_scrubbed_exported_and_printed_from_the_database(engine, tmp_path):  # noqa: F811
    # given a practice with two coded encounters, one of them coded with a header code
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, payer, encounter = setup_practice(uow)
    good = encounter(("E11.9",), date(2026, 3, 2))
    bad = encounter(("E11",), date(2026, 3, 3))
    # when claims are built for every encounter ready to bill (twice: the second builds nothing new)
    built = claims.build_ready_claims(uow(), biller)
    assert claims.build_ready_claims(uow(), biller) == []
    assert [(c.claim_id, c.status, c.total_charge_cents) for c in built] == [
        (f"E{good.id}-1", ClaimStatus.DRAFT, 19000), (f"E{bad.id}-1", ClaimStatus.DRAFT, 19000)]
    # and scrubbed as one batch
    run = claims.scrub_claims(uow(), biller)
    assert (str(run.result.clean_claim_rate), run.result.clean_claims) == ("50.0", 1)
    assert [c.status for c in run.claims] == [ClaimStatus.READY, ClaimStatus.SCRUBBED]
    assert run.result.results[1].codes == ["dx_not_billable"]
    # then the batch's ready claim goes out as a pyx12-valid 837P and its charges are posted once
    out = tmp_path / "batch.837"
    export = claims.export_batch_837(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    assert pyx12_errors(out.read_text()) == []
    assert f"CLM*E{good.id}-1*190***11:B:1*Y*A*Y*Y~" in out.read_text()
    assert (export.charges_posted, [c.status for c in export.claims]) == (2, [ClaimStatus.SUBMITTED])
    stored = claims.get_claim(uow(), biller, built[0].id)
    assert [change.status for change in stored.history] == [
        ClaimStatus.DRAFT, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED]
    assert claims.post_claim_charges(uow(), biller, stored)[0].id == claims.post_claim_charges(uow(), biller, stored)[0].id
    assert ledger.payer_balance(uow(), biller, payer.id).insurance_cents == 19000
    with pytest.raises(RevcycleError) as again:
        claims.export_batch_837(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    assert again.value.code is ErrorCode.VALIDATION
    # and a stored claim prints on a CMS-1500
    assert claims.print_claim(uow(), biller, built[1].id, tmp_path / "claim.pdf") == 1
    # and scrubbing the unfixed claim again records a second batch, still not clean
    rerun = claims.scrub_claims(uow(), biller, [built[1].id])
    assert (rerun.batch_id, str(rerun.result.clean_claim_rate), rerun.claims[0].status) == (
        run.batch_id + 1, "0.0", ClaimStatus.SCRUBBED)


def test_migrations_have_a_single_head():
    # given the shipped migrations (each feature adds a revision on the one head)
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    # then there is exactly one head, the one `revcycle db upgrade` goes to
    assert len(heads) == 1
    assert head_revision() == heads[0]
