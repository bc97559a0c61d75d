"""Issue 18's payer side as a story (sqlite and postgresql): a hospital's inpatient stay for heart failure with
an MCC is built from its stay file, scrubbed and sent as a pyx12-valid 837I; the payer simulator groups it to
MS-DRG 291 and pays base rate x the FY2026 weight; its 835 (CLP08 11, CLP11 291, CLP12 1.2838, MIA, the
contractual adjustment at the claim level) posts to the ledger. Then an emergency visit (0131) paid per HCPCS
and by a percent of charges comes back with SVC lines (HC with SVC04, NU:0250) and MOA, posted line by line.

The payer (ACME HEALTH, `example_payer`): base rate $6,500.00, fixed-loss threshold $40,397.00, cost-to-charge
ratio 0.30, outlier 80 %; outpatient fees 99284 $450.00 and 80053 $15.00, other lines at 55 % of charges; the
patient on the PPO plan: $500.00 deductible (none met), 20 % coinsurance, $3,000.00 out-of-pocket maximum."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice  # noqa: E402

from revcycle.claims.institutional import ChargeMaster  # noqa: E402
from revcycle.claims.stay_file import read_stay_file  # noqa: E402
from revcycle.edi.envelope import EnvelopeSettings  # noqa: E402
from revcycle.edi.remit_read import read_835  # noqa: E402
from revcycle.kernel import FixedClock  # noqa: E402
from revcycle.services import claims as claim_services  # noqa: E402
from revcycle.services import institutional_claims, ledger  # noqa: E402
from revcycle.services.remittances import post_remittance  # noqa: E402
from revcycle.services.x12_files import pyx12_errors  # noqa: E402
from revcycle.simulator.claims_desk import SimulatorRun, simulate  # noqa: E402
from revcycle.simulator.config import FacilityTerms, Member  # noqa: E402
from revcycle.simulator.engine import PayerEngine  # noqa: E402
from revcycle.simulator.examples import example_payer  # noqa: E402
from revcycle.store import UnitOfWork  # noqa: E402
from revcycle.store.testing import database_url, engine  # noqa: E402, F401, F811  (pytest fixtures)

HOSPITAL = Path(__file__).resolve().parents[2] / "examples" / "hospital"
CHARGE_MASTER = ChargeMaster.from_csv(HOSPITAL / "charge_master.csv")
PAYER = EnvelopeSettings("acme", "87726", "CLINIC01", usage="T")
FACILITY_HEADER = """
patient_id: 1
facility:
  name: Springfield General Hospital
  npi: "1316000003"
  tin: "371234567"
  taxonomy: 282N00000X
  address: {line1: 1 Hospital Dr, city: Springfield, state: IL, zip: "627019999"}
attending: {npi: "1528000007", last_name: Welby, first_name: Marcus, taxonomy: 207R00000X}
"""
STAY = (
    FACILITY_HEADER
    + """
claim_number: H1-20260302
type_of_bill: "0111"
statement: {from: 2026-03-02, through: 2026-03-05}
admission: {date: 2026-03-02, hour: 14, type: "1", source: "1"}
discharge: {hour: 11, status: "01"}
diagnoses:
  - {code: I50.23, poa: Y}    # acute on chronic systolic heart failure (principal)
  - {code: J96.01, poa: Y}    # acute respiratory failure with hypoxia: an MCC
  - {code: E11.9, poa: Y}
admitting_diagnosis: R06.00
procedures:
  - {code: 02HV33Z, date: 2026-03-03}
charges:
  - {revenue_code: "0120", units: 3, date: 2026-03-02, through: 2026-03-05, charge: 7200.00}
  - {revenue_code: "0250", date: 2026-03-03, charge: 1850.00}
  - {revenue_code: "0300", hcpcs: "80053", date: 2026-03-02}
  - {revenue_code: "0300", hcpcs: "85025", date: 2026-03-02}
"""
)
VISIT = (
    FACILITY_HEADER
    + """
claim_number: H1-20260309
type_of_bill: "0131"
statement: {from: 2026-03-09, through: 2026-03-09}
discharge: {status: "01"}
diagnoses: [{code: R07.89}, {code: I10}]
reasons_for_visit: [R07.9]
charges:
  - {revenue_code: "0450", hcpcs: "99284", date: 2026-03-09}
  - {revenue_code: "0300", hcpcs: "80053", date: 2026-03-09}
  - {revenue_code: "0250", date: 2026-03-09, charge: 90.00}
"""
)


def _payer() -> PayerEngine:
    config = example_payer()
    terms = FacilityTerms(
        hcpcs_fees=(("99284", 45000), ("80053", 1500)), outpatient_percent_of_charges=Decimal(55)
    )
    member = Member("XYZ123456789", "PPO", date(2025, 1, 1), None, "DOE", "JANE")
    return PayerEngine(dataclasses.replace(config, members=(*config.members, member), facility=terms))


def _send(uow, biller, stay_text: str, out: Path) -> tuple[int, str]:
    """Built through the institutional claim service, scrubbed clean, exported: (claim row id, the 837I)."""
    built = institutional_claims.build_institutional_claim(
        uow(), biller, read_stay_file(stay_text), CHARGE_MASTER
    )
    run = claim_services.scrub_claims(uow(), biller, [built.id])
    assert [result.findings for result in run.result.results] == [()]
    institutional_claims.export_batch_837i(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    return built.id, out.read_text()


def _segments(text: str, *ids: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip().split("*")[0] in ids]


def _adjudicate(claim_837i: str, payer, paid_on: date, check: int) -> tuple[SimulatorRun, str]:
    """The payer's run on the 837I received 2026-03-12: (the run, its pyx12-valid 835)."""
    run = simulate(claim_837i, payer, PAYER, date(2026, 3, 12), paid_on, check)
    assert pyx12_errors(run.remittance_835) == []
    return run, run.remittance_835


def _post(uow, biller, text: str, name: str, claim_id: int, *, paid: int, contractual: int, patient: int) -> None:
    """Posted in full: the totals, and the claim's balance left to the patient alone."""
    report = post_remittance(uow(), biller, text.encode(), name)
    assert (report.status, report.claims_posted, report.exceptions) == ("posted", 1, [])
    assert report.totals == {"paid": paid, "contractual": contractual, "patient": patient, "next_payer": 0,
                             "denied": 0, "interest": 0, "reversed": 0}  # fmt: skip
    balance = ledger.claim_balance(uow(), biller, claim_id)
    assert (balance.insurance_cents, balance.patient_cents) == (0, patient)


def test_an_inpatient_stay_is_paid_by_drg_291_and_posted_then_an_outpatient_visit_per_hcpcs(engine, tmp_path):  # noqa: F811
    # given the hospital's patient (Jane Doe, born 1980-04-12, member XYZ123456789) and the payer
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer_row, _encounter = setup_practice(uow)
    payer = _payer()
    # when the 3-day stay is built, scrubbed and sent: 0120 3 days $7,200.00, 0250 $1,850.00, 0300 80053
    # $185.00 and 0300 85025 $72.00 from the charge master = $9,307.00
    stay_id, stay_837i = _send(uow, biller, STAY, tmp_path / "stay.837i")
    # then the 837I is pyx12-valid and carries the PCS procedure
    assert pyx12_errors(stay_837i) == []
    assert "HI*BBR:02HV33Z:D8:20260303" in _segments(stay_837i, "HI")
    # when the payer adjudicates it
    run, text = _adjudicate(stay_837i, payer, date(2026, 3, 20), 21)
    # then it groups I50.23 + J96.01 (MCC) to DRG 291, weight 1.2838 (FY2026 Table 5):
    #   DRG payment  = $6,500.00 x 1.2838                        = $8,344.70
    #   outlier      : cost $9,307.00 x 0.30 = $2,792.10 < $8,344.70 + $40,397.00   -> $0
    #   CO-45        = $9,307.00 - $8,344.70                     =   $962.30  (at the claim level)
    #   PR-1         = the $500.00 deductible
    #   PR-2         = 20 % x ($8,344.70 - $500.00)              = $1,568.94
    #   paid         = $8,344.70 - $500.00 - $1,568.94           = $6,275.76
    assert _segments(text, "CLP", "CAS", "MIA", "SVC") == [
        "CLP*H1-20260302*1*9307*6275.76*2068.94*12*01260710000001*11*1**291*1.2838",
        "CAS*CO*45*962.3",
        "CAS*PR*1*500**2*1568.94",
        "MIA*3***8344.7",
    ]
    # and the 835 reads back into the same advice, DRG, weight and covered days included
    advices, problems = read_835(text)
    assert problems == [] and advices == [run.advice]
    claim = advices[0].claims[0]
    assert (claim.drg, claim.drg_weight, claim.facility.covered_days, claim.facility.drg_amount_cents) == (
        "291", Decimal("1.2838"), 3, 834470)  # fmt: skip
    # when the 835 is posted
    # then the ledger: $6,275.76 paid, $962.30 contractual, $2,068.94 to the patient, the payer owes nothing
    _post(uow, biller, text, "stay.835", stay_id, paid=627576, contractual=96230, patient=206894)
    assert claim_services.get_claim(uow(), biller, stay_id).status.value == "paid"

    # given the same patient back in the emergency department on 2026-03-09 (deductible now met)
    # when the visit is sent: 0250 $90.00, 0300 80053 $185.00, 0450 99284 $980.00 = $1,255.00
    visit_id, visit_837i = _send(uow, biller, VISIT, tmp_path / "visit.837i")
    assert pyx12_errors(visit_837i) == []
    _run, text = _adjudicate(visit_837i, payer, date(2026, 3, 27), 22)
    # then each line is priced and shares 20 % coinsurance:
    #   0250 (no HCPCS) 55 % of $90.00 = $49.50: PR-2 $9.90, paid $39.60, CO-45 $40.50       -> SVC NU:0250
    #   80053 fee $15.00:                 PR-2 $3.00, paid $12.00, CO-45 $170.00              -> SVC HC:80053, 0300
    #   99284 fee $450.00:                PR-2 $90.00, paid $360.00, CO-45 $530.00            -> SVC HC:99284, 0450
    #   paid $411.60, patient $102.90, MOA01 0.55 (percent of charges), MOA02 $465.00 (HCPCS payable)
    assert _segments(text, "CLP", "MOA", "SVC", "CAS") == [
        "CLP*H1-20260309*1*1255*411.6*102.9*12*01260710000002*13*1",
        "MOA*0.55*465",
        "SVC*NU:0250*90*39.6",
        "CAS*CO*45*40.5",
        "CAS*PR*2*9.9",
        "SVC*HC:80053*185*12*0300",
        "CAS*CO*45*170",
        "CAS*PR*2*3",
        "SVC*HC:99284*980*360*0450",
        "CAS*CO*45*530",
        "CAS*PR*2*90",
    ]
    # when posted: each SVC matched to the line sent (REF*6R, then revenue code / HCPCS)
    _post(uow, biller, text, "visit.835", visit_id, paid=41160, contractual=74050, patient=10290)
    # and the ledger still balances: cash = both payments, the patient owes both shares
    trial = ledger.trial_balance(uow(), biller)
    assert (trial["cash"], trial["contractual_adjustment"]) == (627576 + 41160, 96230 + 74050)
    assert ledger.verify_ledger(uow(), biller) == []


def test_a_per_diem_contract_pays_room_and_board_by_the_day_and_posts_line_by_line(engine, tmp_path):  # noqa: F811
    # given the same stay and a payer paying inpatient stays $1,800.00 a day, ancillaries included
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer_row, _encounter = setup_practice(uow)
    config = _payer().config
    payer = PayerEngine(dataclasses.replace(config, facility=FacilityTerms(inpatient_per_diem_cents=180000)))
    stay_id, stay_837i = _send(uow, biller, STAY, tmp_path / "stay.837i")
    # when adjudicated
    _run, text = _adjudicate(stay_837i, payer, date(2026, 3, 20), 31)
    # then room and board 0120: 3 days x $1,800.00 = $5,400.00 allowed, CO-45 $1,800.00; PR-1 $500.00,
    # PR-2 20 % x $4,900.00 = $980.00, paid $3,920.00; pharmacy and both labs included (paid 0, CO-45 in full);
    # the DRG the payer grouped is still reported (CLP11/12), MIA01 3 covered days
    assert _segments(text, "CLP", "MIA", "SVC", "CAS") == [
        "CLP*H1-20260302*1*9307*3920*1480*12*01260710000001*11*1**291*1.2838",
        "MIA*3",
        "SVC*NU:0120*7200*3920**3",
        "CAS*CO*45*1800",
        "CAS*PR*1*500**2*980",
        "SVC*NU:0250*1850*0",
        "CAS*CO*45*1850",
        "SVC*HC:80053*185*0*0300",
        "CAS*CO*45*185",
        "SVC*HC:85025*72*0*0300",
        "CAS*CO*45*72",
    ]
    # when posted: the room-and-board line and the ancillaries each matched to the line sent
    # then paid $3,920.00, contractual $1,800.00 + $1,850.00 + $185.00 + $72.00 = $3,907.00, patient $1,480.00
    _post(uow, biller, text, "stay.835", stay_id, paid=392000, contractual=390700, patient=148000)
    assert ledger.verify_ledger(uow(), biller) == []
