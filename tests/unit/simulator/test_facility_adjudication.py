"""The payer simulator paying hospitals: inpatient by MS-DRG (base rate x weight, the outlier, the DRG the
payer groups vs the one sent), outpatient per line (HCPCS fee, revenue-code rate, percent of charges, no
price), the "facility" JSON terms, and the 835 elements (CLP08/11/12, MIA, MOA, SVC NU and SVC04) read back."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from revcycle.claims import examples
from revcycle.claims.institutional import StayDiagnosis, build_institutional_claim
from revcycle.cli.main import app
from revcycle.edi.claim_to_837i import write_837i
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import to_x835, write_835
from revcycle.edi.remit_read import from_x835
from revcycle.practice.organization import Receiver, Submitter
from revcycle.remittance.matching import match_line
from revcycle.remittance.model import Adjustment, ClaimPayment, RemittanceAdvice, ServicePayment
from revcycle.simulator.config import FacilityTerms, Member
from revcycle.simulator.config_file import payer_config_from_dict
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import EXAMPLE_PAYER_ID, example_payer
from revcycle.simulator.facility_pricing import drg_payment_cents, outlier_cents
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine, SubmittedStay

ADMITTED, DISCHARGED = date(2026, 3, 2), date(2026, 3, 5)
SUBMITTER = Submitter("Springfield General Hospital", "HOSP01", "Billing Office", "2175550100")
RECEIVER = Receiver("Acme Health", "87726")
HEART_FAILURE_WITH_MCC = (("I5023", "Y"), ("J9601", "Y"), ("E119", "Y"))


def _engine(**terms: object) -> PayerEngine:
    config = example_payer()
    member = Member("H100", "GOLD", date(2025, 1, 1), None, "DOE", "JANE")  # no deductible, no coinsurance
    return PayerEngine(
        dataclasses.replace(config, members=(*config.members, member), facility=FacilityTerms(**terms))
    )


def _stay(bill_type: str = "11", drg: str = "", diagnoses=HEART_FAILURE_WITH_MCC, admitted=ADMITTED,  # noqa: ANN001
          discharged=DISCHARGED) -> SubmittedStay:  # fmt: skip
    return SubmittedStay(
        bill_type, admitted, discharged, "01", diagnoses, ("02HV33Z",), drg, admitted, 45, "F"
    )


def _claim(lines: tuple[SubmittedLine, ...], stay: SubmittedStay) -> SubmittedClaim:
    return SubmittedClaim("H1-1", EXAMPLE_PAYER_ID, "H100", sum(line.charge_cents for line in lines), date(2026, 3, 12),
                          lines, tuple(code for code, _poa in stay.diagnoses_poa), "DOE", "JANE", "1316000003",
                          "SPRINGFIELD GENERAL", stay=stay)  # fmt: skip


def _line(number: int, revenue_code: str, charge: int, hcpcs: str = "", units: int = 1) -> SubmittedLine:
    return SubmittedLine(number, hcpcs, charge, ADMITTED, units, control_number=f"H1-1-{number}",
                         revenue_code=revenue_code)  # fmt: skip


def test_drg_payment_and_the_outlier_follow_the_documented_formula():
    # given the default terms: $6,500.00 base rate, $40,397.00 fixed-loss threshold, CCR 0.30, 80 %
    terms = FacilityTerms()
    # when a DRG 291 stay (weight 1.2838) is priced with $200,000.00 of charges
    payment = drg_payment_cents(terms, Decimal("1.2838"))
    outlier = outlier_cents(terms, 20_000_000, payment)
    # then $8,344.70; cost $60,000.00 - ($8,344.70 + $40,397.00) = $11,258.30, x 80 % = $9,006.64
    assert (payment, outlier) == (834470, 900664)
    # and below the threshold there is no outlier
    assert outlier_cents(terms, 10_000_000, payment) == 0


def test_a_costly_stay_is_paid_the_drg_plus_the_outlier_with_the_contractual_at_the_claim_level():
    # given a stay grouping to DRG 291 with $200,000.00 of room and board and pharmacy, GOLD plan
    lines = (_line(1, "0120", 15_000_000, units=3), _line(2, "0250", 5_000_000))
    # when adjudicated
    payment = _engine().adjudicate([_claim(lines, _stay())], date(2026, 3, 20)).claims[0]
    # then $8,344.70 + $9,006.64 = $17,351.34 paid, CO-45 the rest, at the claim level, no SVC lines
    assert (payment.paid_cents, payment.drg, payment.drg_weight, payment.facility_type) == (1735134, "291",
                                                                                           Decimal("1.2838"), "11")  # fmt: skip
    assert payment.adjustments == (Adjustment("CO", "45", 20_000_000 - 1735134),)
    assert payment.lines == () and payment.problems() == []
    assert (payment.facility.covered_days, payment.facility.drg_amount_cents, payment.facility.outlier_cents) == (
        3, 834470, 900664)  # fmt: skip


def test_a_drg_sent_that_differs_from_the_payers_grouping_is_paid_as_grouped_with_remark_n208():
    # given the hospital sent DRG 292 (without MCC) for a stay with an MCC
    lines = (_line(1, "0120", 1_000_000, units=3),)
    # when adjudicated
    payment = _engine().adjudicate([_claim(lines, _stay(drg="292"))], date(2026, 3, 20)).claims[0]
    # then the payer pays its own DRG 291 and says so (MIA05 N208)
    assert (payment.drg, payment.paid_cents, payment.remarks) == ("291", 834470, ("N208",))
    assert "MIA*3***8344.7*N208" in _x835_segments(payment)


def test_a_stay_the_payer_cannot_group_is_paid_by_the_drg_sent_else_denied_co_16():
    # given a stay whose principal diagnosis is no ICD-10-CM code, with DRG 291 sent; and a FY2025 discharge
    # (no Table 5 held for it) with DRG 291 sent
    lines = (_line(1, "0120", 1_000_000, units=3),)
    ungroupable = _stay(drg="291", diagnoses=(("Z9999", "Y"),))
    unweighted = _stay(drg="291", admitted=date(2025, 8, 31), discharged=date(2025, 9, 3))
    # when adjudicated
    by_sent = _engine().adjudicate([_claim(lines, ungroupable)], date(2026, 3, 20)).claims[0]
    denied = _engine().adjudicate([_claim(lines, unweighted)], date(2026, 3, 20)).claims[0]
    # then the first is paid DRG 291 as sent; the second is denied CO-16 N208, its line reported NU:0120
    assert (by_sent.drg, by_sent.paid_cents, by_sent.remarks) == ("291", 834470, ())
    assert (denied.status, denied.paid_cents, denied.drg) == ("4", 0, "")
    assert denied.lines[0].qualifier == "NU" and denied.lines[0].procedure_code == "0120"
    assert denied.lines[0].adjustments == (Adjustment("CO", "16", 1_000_000),)
    assert denied.lines[0].remarks == ("N208",)


def test_outpatient_lines_are_priced_by_fee_revenue_rate_percent_or_denied():
    # given an 0131 visit: 99284 (fee $450), 0730 by revenue-code rate $60, 0250 at 40 % of charges, and
    # 0270 with no price when the contract has no percent
    lines = (_line(1, "0250", 10_000), _line(2, "0270", 5_000), _line(3, "0450", 98_000, "99284"),
             _line(4, "0730", 21_000, "93005"))  # fmt: skip
    claim = _claim(lines, _stay("13", diagnoses=(("R0789", ""),)))
    engine = _engine(hcpcs_fees=(("99284", 45000),), revenue_code_rates=(("0730", 6000),),
                     outpatient_percent_of_charges=Decimal(40))  # fmt: skip
    without_percent = _engine(hcpcs_fees=(("99284", 45000),), revenue_code_rates=(("0730", 6000),))
    # when adjudicated
    paid = engine.adjudicate([claim], date(2026, 3, 20)).claims[0]
    unpriced = without_percent.adjudicate([claim], date(2026, 3, 20)).claims[0]
    # then each line at its price (GOLD: no patient share), HC lines with their revenue codes, NU for the rest
    assert [(ln.qualifier, ln.procedure_code, ln.revenue_code, ln.paid_cents) for ln in paid.lines] == [
        ("NU", "0250", "0250", 4000), ("NU", "0270", "0270", 2000), ("HC", "99284", "0450", 45000),
        ("HC", "93005", "0730", 6000)]  # fmt: skip
    assert (paid.facility.reimbursement_rate, paid.facility.hcpcs_payable_cents) == (Decimal("0.4"), 45000)
    assert [ln.adjustments for ln in unpriced.lines[:2]] == [(Adjustment("CO", "96", 10_000),),
                                                             (Adjustment("CO", "96", 5_000),)]  # fmt: skip
    assert unpriced.lines[0].remarks == ("N130",)
    # and the 835 reads back into the same payment (SVC NU:0250, SVC04 0450, MOA01 0.4)
    assert from_x835(to_x835(_advice(paid))).claims[0] == paid
    assert "SVC*NU:0250*100*40" in _x835_segments(paid) and "SVC*HC:99284*980*450*0450" in _x835_segments(
        paid
    )


def test_the_facility_terms_read_from_json_and_a_config_without_them_keeps_the_defaults():
    # given the JSON shape of simulator.config_file, with and without "facility"
    data = {"payer_id": "87726", "name": "ACME", "plans": [], "members": []}
    facility = {"drg_base_rate_cents": 700000, "fixed_loss_threshold_cents": 4000000, "cost_to_charge_ratio": "0.25",
                "outlier_percent": "80", "hcpcs_fees": [["80053", 1500]], "revenue_code_rates": [["0450", 45000]],
                "outpatient_percent_of_charges": "55", "inpatient_per_diem_cents": 180000}  # fmt: skip
    # when read
    plain = payer_config_from_dict(data)
    with_terms = payer_config_from_dict(data | {"facility": facility})
    # then
    assert plain.facility == FacilityTerms()
    assert with_terms.facility == FacilityTerms(700000, 4000000, Decimal("0.25"), Decimal(80), (("80053", 1500),),
                                                (("0450", 45000),), Decimal(55), 180000)  # fmt: skip


def test_a_revenue_code_line_is_matched_to_the_claim_line_by_revenue_code_without_a_control_number():
    # given the example inpatient claim as sent (0120 3 days, 0250, 0300 80053)
    claim = examples.example_inpatient_claim()
    notes: list[str] = []
    # when the payer returns NU:0250 and HC:80053 with SVC04 0300, neither with REF*6R
    pharmacy = ServicePayment(
        "0250", 42000, 0, qualifier="NU", service_date=date(2026, 3, 3), revenue_code="0250"
    )
    lab = ServicePayment("80053", 18500, 0, service_date=ADMITTED, revenue_code="0300")
    # then each finds its line by revenue code (and HCPCS), with nothing guessed
    found = [match_line(paid, claim, set(), notes, "H1-1").revenue_code for paid in (pharmacy, lab)]
    assert (found, notes) == (["0250", "0300"], [])


def _advice(payment: ClaimPayment) -> RemittanceAdvice:
    return RemittanceAdvice("ACME", "87726", "HOSPITAL", "1316000003", "T1", date(2026, 3, 20), payment.paid_cents,
                            claims=(payment,))  # fmt: skip


def _x835_segments(payment: ClaimPayment) -> list[str]:
    text = write_835(
        _advice(payment), EnvelopeSettings("acme", "87726", "HOSP01"), 1, datetime(2026, 3, 20, 9)
    )
    return [segment.strip() for segment in text.split("~") if segment.strip()]


def test_revcycle_payer_adjudicate_takes_an_837i(tmp_path):
    # given the example stay with an MCC (J96.01) written as an 837I, and the example hospital's payer
    stay = examples.example_stay(diagnoses=(StayDiagnosis("I50.23", "Y"), StayDiagnosis("J96.01", "Y")))
    claim = build_institutional_claim(stay, examples.EXAMPLE_CHARGE_MASTER)
    file = tmp_path / "stay.837i"
    file.write_text(write_837i([claim], SUBMITTER, RECEIVER, 7, datetime(2026, 3, 10, 9, 30)))
    config = Path(__file__).resolve().parents[3] / "examples" / "hospital" / "payer.json"
    # when the payer simulator adjudicates it
    result = CliRunner().invoke(app, ["payer", "adjudicate", str(file), "--out", str(tmp_path / "out"), "--config",
                                      str(config), "--received", "2026-03-12", "--paid", "2026-03-20", "--json"])  # fmt: skip
    # then DRG 291 ($8,344.70) is capped at the $6,155.00 charged (lesser of): $500.00 deductible, 20 % of
    # $5,655.00 = $1,131.00 coinsurance, $4,524.00 paid; the 835 is written beside the 999 and the 277CA
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["claims"] == [
        {"claim": "H1-1", "status": "1", "charge_cents": 615500, "paid_cents": 452400, "patient_cents": 163100,
         "drg": "291", "adjustments": ["PR-1 50000", "PR-2 113100"]}]  # fmt: skip
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "stay.277ca",
        "stay.835",
        "stay.999",
    ]


def test_a_stay_sent_twice_is_a_duplicate_and_a_void_reverses_its_claim_level_payment():
    # given a paid DRG 291 stay ($10,000.00 of room and board; GOLD: no patient share)
    engine = _engine()
    lines = (_line(1, "0120", 1_000_000, units=3),)
    paid = engine.adjudicate([_claim(lines, _stay())], date(2026, 3, 20)).claims[0]
    # when the same stay comes again, then a void (frequency 8, REF*F8) of the first
    again = engine.adjudicate([_claim(lines, _stay())], date(2026, 3, 27)).claims[0]
    void = dataclasses.replace(_claim(lines, _stay()), frequency="8",
                               original_payer_claim_number=paid.payer_claim_number)  # fmt: skip
    reversal = engine.adjudicate([void], date(2026, 4, 3)).claims[0]
    # then the copy is denied CO-18 on its line; the void takes the payment back with the claim-level CO-45 negated
    assert (again.status, again.lines[0].adjustments) == ("4", (Adjustment("CO", "18", 1_000_000),))
    assert (reversal.status, reversal.paid_cents, reversal.drg) == ("22", -834470, "291")
    assert reversal.adjustments == (Adjustment("CO", "45", -(1_000_000 - 834470)),)
    assert reversal.problems() == []
