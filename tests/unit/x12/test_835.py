"""835 typed read and write (005010X221A1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from x12_samples import REMIT_835

from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.x835.model import Adjustment, ProviderAdjustment
from revcycle.x12.guides.x835.write import write_remittances


def test_reads_payment_claim_adjustments_and_service_lines():
    # when
    remittance = read_x12(REMIT_835).models("835")[0]
    # then
    assert (remittance.handling, remittance.total_paid, remittance.payment_method) == (
        "I",
        Decimal("80"),
        "ACH",
    )
    assert (remittance.trace_number, remittance.payment_date) == ("12345", dt.date(2026, 1, 5))
    assert remittance.payer.name.last_or_organization == "ACME HEALTH PLAN"
    assert (remittance.payee.name.id_qualifier, remittance.payee.name.id) == ("XX", "1234567893")
    claim = remittance.claims[0]
    assert (claim.claim_id, claim.status, claim.charge, claim.paid) == (
        "CLAIM-1",
        "1",
        Decimal(100),
        Decimal(80),
    )
    assert claim.patient_responsibility == Decimal(20)
    assert claim.adjustments == [Adjustment("PR", "1", Decimal(20))]
    assert (claim.patient.last_or_organization, claim.patient.id) == ("DOE", "W123")
    line = claim.service_lines[0]
    assert (line.procedure.code, line.procedure.modifiers, line.charge, line.paid) == (
        "99213",
        ["25"],
        Decimal(100),
        Decimal(80),
    )
    assert (line.control_number, line.service_date) == ("LINE1", dt.date(2025, 12, 20))


def test_cas_with_six_triples_and_quantities():
    # given
    text = REMIT_835.replace("CAS*PR*1*20~\nNM1", "CAS*CO*45*1*2*253*2**A1*3*1*B1*4**B2*5**B3*6~\nNM1")
    # when
    adjustments = read_x12(text).models("835")[0].claims[0].adjustments
    # then
    assert [(a.reason, a.amount, a.quantity) for a in adjustments] == [
        ("45", Decimal(1), Decimal(2)),
        ("253", Decimal(2), None),
        ("A1", Decimal(3), Decimal(1)),
        ("B1", Decimal(4), None),
        ("B2", Decimal(5), None),
        ("B3", Decimal(6), None),
    ]


def test_a_bad_amount_is_a_located_problem_not_an_exception():
    # given
    text = REMIT_835.replace("CLP*CLAIM-1*1*100*80*", "CLP*CLAIM-1*1*100*ABC*")
    # when
    result = read_x12(text)
    # then
    assert [str(problem) for problem in result.problems] == ["segment 13 (CLP): CLP04 'ABC' is not a number"]
    assert result.problems[0].element == 4


def test_plb_provider_adjustments():
    # given
    text = REMIT_835.replace("SE*18", "PLB*1234567893*20261231*WO:INV9*-15.5*L6*2.25~\nSE*19")
    # when
    remittance = read_x12(text).models("835")[0]
    # then
    assert remittance.provider_adjustments == [
        ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "WO", "INV9", Decimal("-15.5")),
        ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "L6", "", Decimal("2.25")),
    ]
    assert remittance.total_provider_adjustments == Decimal("-13.25")


def test_writes_back_in_guide_order_and_reads_the_same():
    # given
    remittance = read_x12(REMIT_835).models("835")[0]
    header = InterchangeHeader("SENDER", "RECEIVER", 101, created=dt.datetime(2026, 1, 1, 12, 0), usage="T")
    # when
    text = write_remittances([remittance], header, sender="SENDER", receiver="RECEIVER", group_control=1)
    # then
    assert text == REMIT_835.replace("ST*835*0001~", "ST*835*0001~")
    again = read_x12(text, validate=True)
    assert again.problems == []
    assert again.models("835")[0] == remittance
