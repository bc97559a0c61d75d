"""Property: any valid claim batch written as an 837P reads back equal, and our validator finds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.x837p.model import (
    Address,
    BillingProvider,
    Claim,
    ClaimBatch,
    Name,
    Party,
    Patient,
    ServiceLine,
    Subscriber,
)
from revcycle.x12.guides.x837p.write import write_claim_batches

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORDS = st.text(LETTERS, min_size=2, max_size=12)
IDS = st.text(LETTERS + "0123456789", min_size=2, max_size=16)
CENTS = st.integers(min_value=1, max_value=9_999_999).map(lambda cents: Decimal(cents) / 100)
DATES = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
DIAGNOSES = st.lists(
    st.builds(
        lambda letter, number: f"{letter}{number}",
        st.sampled_from("ABCDEFGIJKLMNRSZ"),
        st.integers(100, 99999),
    ),
    min_size=1,
    max_size=12,
    unique=True,
)
PROCEDURES = st.integers(10000, 99999).map(str) | st.integers(1000, 9999).map(lambda number: f"J{number}")
MODIFIERS = st.lists(
    st.sampled_from(["25", "59", "26", "TC", "GT", "95", "LT", "RT", "QW"]), max_size=4, unique=True
)
ADDRESSES = st.builds(lambda line, city: Address([line], city, "IL", "62701"), WORDS, WORDS)


@st.composite
def service_lines(draw, diagnosis_count: int, number: int) -> ServiceLine:
    start = draw(DATES)
    end = start + dt.timedelta(days=draw(st.sampled_from([0, 0, 3])))
    pointers = draw(
        st.lists(st.integers(1, diagnosis_count), min_size=1, max_size=min(4, diagnosis_count), unique=True)
    )
    return ServiceLine(
        "HC",
        draw(PROCEDURES),
        draw(CENTS),
        Decimal(draw(st.integers(1, 99))),
        "UN",
        draw(MODIFIERS),
        diagnosis_pointers=pointers,
        service_date=start,
        service_end=end,
        line_number=str(number),
        references=[("6R", draw(IDS))],
    )


@st.composite
def claims(draw) -> Claim:
    diagnoses = draw(DIAGNOSES)
    lines = [draw(service_lines(len(diagnoses), number)) for number in range(1, draw(st.integers(1, 4)) + 1)]
    return Claim(
        draw(IDS),
        sum((line.charge for line in lines), Decimal(0)),
        draw(st.sampled_from(["11", "02", "10", "22"])),
        frequency=draw(st.sampled_from(["1", "7"])),
        diagnoses=diagnoses,
        diagnosis_qualifiers=["ABK"] + ["ABF"] * (len(diagnoses) - 1),
        references=[("F8", draw(IDS))] if draw(st.booleans()) else [],
        service_lines=lines,
    )


def person(draw, entity: str) -> Party:
    """A subscriber (IL, with a member id) or a patient (QC: 5010 sends no patient id)."""
    member_id = draw(IDS) if entity == "IL" else ""
    return Party(
        Name(entity, "1", draw(WORDS), draw(WORDS), id_qualifier="MI" if member_id else "", id=member_id),
        draw(ADDRESSES),
        birth_date=draw(DATES),
        gender=draw(st.sampled_from(["F", "M", "U"])),
    )


@st.composite
def subscribers(draw) -> Subscriber:
    payer = Party(Name("PR", "2", draw(WORDS), id_qualifier="PI", id=draw(IDS)))
    if draw(st.booleans()):
        return Subscriber(
            "P",
            person(draw, "IL"),
            payer,
            "18",
            filing_indicator="CI",
            claims=draw(st.lists(claims(), min_size=1, max_size=3)),
        )
    patient = Patient(
        draw(st.sampled_from(["01", "19", "G8"])),
        person(draw, "QC"),
        claims=draw(st.lists(claims(), min_size=1, max_size=2)),
    )
    return Subscriber("S", person(draw, "IL"), payer, "", filing_indicator="MC", patients=[patient])


@st.composite
def batches(draw) -> ClaimBatch:
    billing = Party(
        Name("85", "2", draw(WORDS), id_qualifier="XX", id="1234567893"),
        draw(ADDRESSES),
        references=[("EI", "123456789")],
    )
    return ClaimBatch(
        "0001",
        draw(IDS),
        draw(DATES),
        "1200",
        Party(
            Name("41", "2", draw(WORDS), id_qualifier="46", id=draw(IDS)),
            contacts=[["IC", "BILLING", "TE", "2175551212"]],
        ),
        Party(Name("40", "2", draw(WORDS), id_qualifier="46", id=draw(IDS))),
        [BillingProvider(billing, subscribers=draw(st.lists(subscribers(), min_size=1, max_size=3)))],
        purpose="00",
        claim_or_encounter="CH",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_random_claim_batches_round_trip_through_837p(batch):
    # given
    header = InterchangeHeader("CLINIC", "CLEARINGHOUSE", 5, created=dt.datetime(2026, 1, 1, 8, 0))
    # when
    text = write_claim_batches([batch], header, sender="CLINIC", receiver="CLEARINGHOUSE", group_control=5)
    result = read_x12(text, validate=True)
    # then
    assert [str(problem) for problem in result.problems] == []
    assert result.models("837p") == [batch]
