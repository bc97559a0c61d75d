"""TR3 business scenarios (prose with the EDI inside): the amounts the prose states read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from revcycle.x12 import read_x12

SCENARIOS = "tr3_scenarios_with_prose"


def _remittance(corpus_dir, name: str):
    text = (corpus_dir / "x12" / SCENARIOS / name).read_bytes().decode("latin-1")
    result = read_x12(text[text.index("ISA") :])  # the EDI follows the prose
    return result, result.models("835")[0]


@pytest.mark.parametrize(
    "name, handling, total, claims",
    [
        (
            "stupidedi_X221_case__1.edi",
            "C",
            Decimal("150000"),
            [
                ("666123", Decimal("211366.97"), Decimal("138018.40")),
                ("777777", Decimal("15000"), Decimal("11980.33")),
            ],
        ),
        (
            "stupidedi_X221_case__2.edi",
            "I",
            Decimal("945"),
            [("5554555444", Decimal("800"), Decimal("450")), ("8765432112", Decimal("1200"), Decimal("495"))],
        ),
    ],
)
def test_payment_equals_claim_payments_less_provider_adjustments(corpus_dir, name, handling, total, claims):
    # when ('+' separators, '>' components, a line break as the terminator)
    result, remittance = _remittance(corpus_dir, name)
    # then
    assert result.errors == []
    assert (remittance.handling, remittance.total_paid) == (handling, total)
    assert [(claim.claim_id, claim.charge, claim.paid) for claim in remittance.claims] == claims
    assert remittance.total_paid == remittance.total_claim_paid - remittance.total_provider_adjustments


def test_scenario_3a_is_read_as_written_including_its_unbalanced_plb(corpus_dir):
    # when
    result, remittance = _remittance(corpus_dir, "stupidedi_X221_case__3a.edi")
    # then the example's own SE01 is off by two, and its two PLB*CV -1.27 are not in BPR02
    assert [str(error) for error in result.errors] == ["segment 43 (SE): SE01 says 39 segments, counted 41"]
    assert (remittance.total_paid, remittance.total_claim_paid) == (Decimal("1222"), Decimal("1222"))
    assert [(a.reason, a.reference, a.amount) for a in remittance.provider_adjustments] == [
        ("CV", "CP", Decimal("-1.27")),
        ("CV", "CP", Decimal("-1.27")),
    ]
