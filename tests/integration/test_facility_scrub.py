"""Facility edits on stored claims (sqlite and postgresql): an outpatient ER visit (0131) billing an echocardiogram
(93306) and an IV push (96374) — a hospital outpatient NCCI pair (I/OCE PTP, column 1 93306, column 2 96374,
modifier indicator 1) — is held with the finding; the same visit with XU on the IV push goes ready. And
"scrub all" over professional and institutional drafts forms one batch per kind, each exported on its own."""

from datetime import date, timedelta
from pathlib import Path

from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice
from typer.testing import CliRunner

from revcycle.claims import ClaimKind, ClaimStatus
from revcycle.claims.institutional import ChargeMaster
from revcycle.claims.stay_file import read_stay_file
from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.services import claims as claim_services
from revcycle.services import institutional_claims
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork, make_engine

HOSPITAL = Path(__file__).resolve().parents[2] / "examples" / "hospital"
VISIT = (HOSPITAL / "visit_outpatient.yaml").read_text()
CHARGE_MASTER = ChargeMaster.from_csv(HOSPITAL / "charge_master.csv")


def er_visit(day: str, iv_push_modifiers: str) -> str:
    """The example ER visit moved to `day`, with an echocardiogram (93306, from the charge master) and an IV
    push added."""
    extra = (
        f'  - {{revenue_code: "0483", hcpcs: "93306", date: {day}}}\n'
        f'  - {{revenue_code: "0260", hcpcs: "96374", modifiers: [{iv_push_modifiers}], date: {day}, charge: 310.00}}\n'
    )
    return VISIT.replace("2026-03-02", day) + extra


def test_an_outpatient_ncci_pair_is_held_and_the_modified_visit_goes_ready(engine):
    # given the practice's patient and two stored ER visits: without and with XU on the IV push
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, _encounter = setup_practice(uow)
    bare = institutional_claims.build_institutional_claim(
        uow(), biller, read_stay_file(er_visit("2026-03-02", "")), CHARGE_MASTER
    )
    modified = institutional_claims.build_institutional_claim(
        uow(), biller, read_stay_file(er_visit("2026-03-03", '"XU"')), CHARGE_MASTER
    )
    # when both are scrubbed
    run = claim_services.scrub_claims(uow(), biller, [bare.id, modified.id])
    # then the bare visit has the I/OCE finding on its IV push line and stays scrubbed; the other is ready
    lines = {line.line_number: (line.revenue_code, line.procedure_code) for line in bare.lines}
    bare_result, modified_result = run.result.results
    assert [
        (f.code, f.location, lines[int(f.location.removeprefix("line "))]) for f in bare_result.findings
    ] == [("ncci_pair_needs_modifier", "line 1", ("0260", "96374"))]
    assert modified_result.findings == ()
    assert [claim.status for claim in run.claims] == [ClaimStatus.SCRUBBED, ClaimStatus.READY]
    assert [(batch.kind, len(batch.claims)) for batch in run.batches] == [(ClaimKind.INSTITUTIONAL, 2)]


def test_scrub_all_forms_one_batch_per_claim_kind_and_each_exports(engine, tmp_path):
    # given a professional draft (an office visit) and an institutional draft (the example ER visit)
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    encounter(("E11.9",), date(2026, 3, 2))
    [office] = claim_services.build_ready_claims(uow(), biller)
    er = institutional_claims.build_institutional_claim(uow(), biller, read_stay_file(VISIT), CHARGE_MASTER)
    # when every draft is scrubbed at once
    run = claim_services.scrub_claims(uow(), biller)
    # then there are two batches, professional first, each clean
    assert [(b.kind, [c.id for c in b.claims], b.result.clean_claims) for b in run.batches] == [
        (ClaimKind.PROFESSIONAL, [office.id], 1),
        (ClaimKind.INSTITUTIONAL, [er.id], 1),
    ]
    assert run.batch_id == run.batch_ids[0] and run.batch_ids[1] == run.batch_ids[0] + 1
    # and the professional batch goes out as an 837P, the institutional one as an 837I, both pyx12-valid
    professional = claim_services.export_batch_837(uow(), biller, run.batch_ids[0], tmp_path / "p.837", SUBMITTER,
                                                   RECEIVER)  # fmt: skip
    institutional = institutional_claims.export_batch_837i(uow(), biller, run.batch_ids[1], tmp_path / "i.837",
                                                           SUBMITTER, RECEIVER)  # fmt: skip
    assert [c.claim_id for c in professional.claims] == [office.claim_id]
    assert [c.claim_id for c in institutional.claims] == [er.claim_id]
    assert pyx12_errors((tmp_path / "p.837").read_text()) == []
    assert pyx12_errors((tmp_path / "i.837").read_text()) == []
    assert "*005010X222A1~" in (tmp_path / "p.837").read_text()
    assert "*005010X223A2~" in (tmp_path / "i.837").read_text()


ENVELOPE = {"REVCYCLE_USER": "bea"}


def test_the_scrub_all_command_reports_one_batch_per_kind(tmp_path):
    # given a SQLite database with an office visit claim and the example ER visit, both last week (the CLI
    # runs on the system clock)
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    assert CliRunner().invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0

    def uow():
        return UnitOfWork(make_engine(url), FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    last_week = date.today() - timedelta(days=7)
    encounter(("E11.9",), last_week)
    claim_services.build_ready_claims(uow(), biller)
    visit = VISIT.replace("2026-03-02", last_week.isoformat())
    institutional_claims.build_institutional_claim(uow(), biller, read_stay_file(visit), CHARGE_MASTER)
    # when every draft is scrubbed from the command line
    scrubbed = CliRunner().invoke(app, ["claims", "scrub", "--all", "--database-url", url], env=ENVELOPE)
    # then each kind has its batch
    assert scrubbed.exit_code == 0, scrubbed.output
    assert scrubbed.stdout.splitlines()[-2:] == [
        "batch 1 (professional): 1/1 clean (clean-claim rate 100.0%)",
        "batch 2 (institutional): 1/1 clean (clean-claim rate 100.0%)",
    ]
