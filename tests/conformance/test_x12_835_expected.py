"""835 reads agree with other parsers' published outputs and with OpenEMR's ERA test cases."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle.x12 import read_x12
from revcycle.x12.guides.x835.model import Adjustment

EDI835PARSER_SAMPLES = ["blue_cross_nc_sample", "emedny_sample", "united_healthcare_legacy_sample"]


def _remittances(path: Path):
    return read_x12(path.read_bytes()).models("835")


def _service_rows(remittances) -> list[dict[str, object]]:
    """One row per service line, as keironstoddart/edi-835-parser flattens them."""
    rows = []
    for remittance in remittances:
        for claim in remittance.claims:
            for line in claim.service_lines:
                rows.append(
                    {
                        "marker": claim.claim_id,
                        "code": line.procedure.code,
                        "modifier": line.procedure.modifiers[0] if line.procedure.modifiers else "",
                        "qualifier": line.procedure.qualifier,
                        "charge_amount": line.charge,
                        "paid_amount": line.paid,
                        "allowed_amount": line.allowed,
                        "adjustments": [(a.amount, a.reason, a.group) for a in line.adjustments],
                        "refs": [(qualifier, value) for qualifier, value in line.references],
                        "remarks": [code for _, code in line.remarks],
                    }
                )
    return rows


def _money(text: str) -> Decimal:
    """The parser leaves a missing amount empty; we read it as 0 with a located problem."""
    return Decimal(text) if text else Decimal(0)


def _expected_rows(path: Path) -> list[dict[str, object]]:
    rows = []
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            adjustments, index = [], 0
            while row.get(f"adj_{index}_code"):
                amount = Decimal(row[f"adj_{index}_amount"])
                adjustments.append((amount, row[f"adj_{index}_code"], row[f"adj_{index}_group"]))
                index += 1
            rows.append(
                {
                    "marker": row["marker"],
                    "code": row["code"],
                    "modifier": row["modifier"],
                    "qualifier": row["qualifier"],
                    "charge_amount": _money(row["charge_amount"]),
                    "paid_amount": _money(row["paid_amount"]),
                    "allowed_amount": Decimal(row["allowed_amount"]) if row["allowed_amount"] else None,
                    "adjustments": adjustments,
                    "refs": [(row["ref_0_qual"], row["ref_0_value"])] if row.get("ref_0_qual") else [],
                    "remarks": [row["rem_0_code"]] if row.get("rem_0_code") else [],
                }
            )
    return rows


def _comparable(row: dict[str, object]) -> dict[str, object]:
    """The parser's CSVs keep the first REF and RARC of a line, and only the first (reason, amount)
    of each CAS segment; compare those (the adjustments it reports must be ours, in order)."""
    return row | {"refs": row["refs"][:1], "remarks": row["remarks"][:1], "adjustments": None}


def _is_subsequence(expected: list, ours: list) -> bool:
    remaining = iter(ours)
    return all(any(item == candidate for candidate in remaining) for item in expected)


@pytest.mark.parametrize("sample", EDI835PARSER_SAMPLES)
def test_service_lines_match_edi_835_parser_outputs(corpus_dir, sample):
    # given
    expected = _expected_rows(corpus_dir / "x12" / "835_expected_outputs" / f"edi835parser__{sample}.csv")
    # when
    rows = _service_rows(_remittances(corpus_dir / "x12" / "835" / f"edi835parser__{sample}.txt"))
    # then
    assert len(expected) >= 3
    assert [_comparable(row) for row in rows] == [_comparable(row) for row in expected]
    assert all(
        _is_subsequence(e["adjustments"], o["adjustments"]) for e, o in zip(expected, rows, strict=True)
    )


def test_every_cas_triple_is_read_where_the_other_parser_keeps_one_per_segment(corpus_dir):
    # given CAS*PR*2*5.13**1*110 and CAS*CO*45*184.32 on one line
    remittance = _remittances(
        corpus_dir / "x12" / "835" / "edi835parser__united_healthcare_legacy_sample.txt"
    )[0]
    # when
    line = remittance.claims[1].service_lines[2]
    # then
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [
        ("PR", "2", Decimal("5.13")),
        ("PR", "1", Decimal("110")),
        ("CO", "45", Decimal("184.32")),
    ]


def test_a_service_line_without_amounts_is_read_as_zero_with_located_problems(corpus_dir):
    # when
    result = read_x12((corpus_dir / "x12" / "835" / "edi835parser__blue_cross_nc_sample.txt").read_bytes())
    # then
    line = result.models("835")[0].claims[0].service_lines[2]
    assert (line.procedure.code, line.charge, line.paid, line.allowed) == (
        "59426",
        Decimal(0),
        Decimal(0),
        Decimal(742),
    )
    assert "segment 28 (SVC): SVC02 is required (a number)" in [str(problem) for problem in result.problems]


def test_all_samples_output_is_the_union_of_the_three_samples(corpus_dir):
    # given
    expected = _expected_rows(corpus_dir / "x12" / "835_expected_outputs" / "edi835parser__all_samples.csv")
    # when
    ours = []
    for sample in EDI835PARSER_SAMPLES:
        ours += [
            _comparable(row)
            for row in _service_rows(_remittances(corpus_dir / "x12" / "835" / f"edi835parser__{sample}.txt"))
        ]
    # then
    assert len(expected) == 18
    unmatched = list(ours)
    for row in expected:
        unmatched.remove(_comparable(row))  # raises if a row the parser reports is not ours
    assert unmatched == []


def _affect_rows(corpus_dir: Path, table: str) -> list[dict[str, str]]:
    path = corpus_dir / "x12" / "835_expected_outputs" / f"affect835__remits_poc__{table}.csv"
    with path.open(newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="|") if row.get("edi_transaction_id_st02")]


def _affect_claims(corpus_dir: Path):
    remittances = _remittances(corpus_dir / "x12" / "835" / "affect835__sample_835.txt")
    return {(r.control_number, c.claim_id): c for r in remittances for c in r.claims}


def test_claims_match_affect_remits_table(corpus_dir):
    # given
    expected = _affect_rows(corpus_dir, "remits")
    claims = _affect_claims(corpus_dir)
    # when
    ours = [
        {
            "status": claims[key].status,
            "charge": claims[key].charge,
            "paid": claims[key].paid,
            "patient_responsibility": claims[key].patient_responsibility,
            "payer_claim": claims[key].payer_claim_number,
            "patient_id": claims[key].patient.id,
        }
        for key in ((row["edi_transaction_id_st02"], row["patient_control_id"]) for row in expected)
    ]
    # then
    assert len(expected) == 6
    assert ours == [
        {
            "status": row["claim_status"],
            "charge": Decimal(row["claim_total_charge_amount"]),
            "paid": Decimal(row["claim_payment_amount"]),
            "patient_responsibility": Decimal(row["claim_patient_responsibility"])
            if row["claim_patient_responsibility"]
            else None,
            "payer_claim": row["payer_claim_control_number"],
            "patient_id": row["patient_id"],
        }
        for row in expected
    ]


def test_service_lines_and_their_adjustments_match_affect_tables(corpus_dir):
    # given
    expected_lines = _affect_rows(corpus_dir, "remit_service_lines")
    expected_adjustments = _affect_rows(corpus_dir, "service_line_adjustments")
    remittances = _remittances(corpus_dir / "x12" / "835" / "affect835__sample_835.txt")
    lines = [(r.control_number, line) for r in remittances for c in r.claims for line in c.service_lines]
    # when
    ours = [
        (st02, line.control_number, line.procedure.code, line.charge, line.paid, line.units_paid)
        for st02, line in lines
    ]
    by_control = {line.control_number: line for _, line in lines if line.control_number}
    # then
    assert sorted(ours, key=str) == sorted(
        [
            (
                row["edi_transaction_id_st02"],
                row["claim_service_line_id"],
                row["adjudicated_product_service_id"],
                Decimal(row["adjudicated_line_item_amount_charged"]),
                Decimal(row["adjudicated_line_item_amount_paid"]),
                Decimal(row["adjudicated_line_item_quantity"]),
            )
            for row in expected_lines
        ],
        key=str,
    )
    for row in expected_adjustments:
        if not row["claim_service_line_id"]:
            continue
        wanted = [
            Adjustment(
                row["adjustment_group_code"],
                row[f"adjustment_reason_code{suffix}"],
                Decimal(row[f"adjustment_amount{suffix}"]),
            )
            for suffix in ("", "2", "3", "4", "5", "6")
            if row[f"adjustment_reason_code{suffix}"]
        ]
        got = [
            a
            for a in by_control[row["claim_service_line_id"]].adjustments
            if a.group == row["adjustment_group_code"]
        ]
        assert [(a.group, a.reason, a.amount) for a in got] == [(a.group, a.reason, a.amount) for a in wanted]


def test_provider_adjustments_match_affect_table(corpus_dir):
    # given
    expected = _affect_rows(corpus_dir, "provider_adjustments")
    remittances = {
        r.control_number: r for r in _remittances(corpus_dir / "x12" / "835" / "affect835__sample_835.txt")
    }
    # when / then
    for row in expected:
        adjustments = remittances[row["edi_transaction_id_st02"]].provider_adjustments
        assert [(a.provider_id, a.reason, a.reference) for a in adjustments] == [
            (row["provider_id"], row["provider_adjustment_reason_code1"], row["provider_adjustment_id1"])
        ]
        assert adjustments[0].amount == _money(row["provider_adjustment_amount1"])


OPENEMR = "835_openemr_phpunit_fixtures"


@pytest.mark.parametrize(
    "fixture, paid, charge, adjustment",
    [
        (
            "openemr_ParseERATest__nonzero_paid_CO45_25.835",
            Decimal("75.00"),
            Decimal("100.00"),
            ("CO", "45", Decimal("25.00")),
        ),
        (
            "openemr_ParseERATest__zero_paid_contractual_CO45.835",
            Decimal("0"),
            Decimal("100.00"),
            ("CO", "45", Decimal("100.00")),
        ),
        (
            "openemr_ParseERATest__zero_paid_noncontractual_OA96.835",
            Decimal("0"),
            Decimal("100.00"),
            ("OA", "96", Decimal("100.00")),
        ),
    ],
)
def test_openemr_era_cases_hold(corpus_dir, fixture, paid, charge, adjustment):
    # when
    result = read_x12((corpus_dir / "x12" / OPENEMR / fixture).read_bytes())
    line = result.models("835")[0].claims[0].service_lines[0]
    # then paid and charge are numbers (Decimal, never the string "0") and the adjustment is kept
    assert (line.paid, line.charge) == (paid, charge)
    assert isinstance(line.paid, Decimal)
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [adjustment]
    # the fixtures' SE01 says 15 for 13 segments: located, not fatal
    assert [str(problem) for problem in result.problems] == [
        "segment 15 (SE): SE01 says 15 segments, counted 13"
    ]
