"""Write a `ClaimBatch` of `InstitutionalClaim`s as an 837I (005010X223A2): the inverse of `x837i.read`.

    text = write_institutional_batches([batch], header, sender="HOSPITAL", receiver="PAYER", group_control=1)

The 2000A/2000B/2000C loops are the 837P writer's (`x837p.write`, with this guide's version and this 2300
writer). In 2300: CLM (CLM05 facility type : A : frequency), the claim's DTPs (096 discharge hour,
434 statement period from `statement_from/to`, 435 admission), CL1, REF, NTE, then the HI composites of
`codes` grouped by qualifier into HI segments of up to 12 in guide order (ABK, ABJ, APR, ABN, DR, ABF,
BBR, BBQ, BI, BH, BE, BG, TC); 2310A-F by NM101; 2320 other payers; 2400 LX/SV2/DTP*472/REF.
"""

from __future__ import annotations

from revcycle.x12.build import LoopOut
from revcycle.x12.guides.x837i.model import InstitutionalClaim, InstitutionalLine
from revcycle.x12.guides.x837p.model import ClaimBatch
from revcycle.x12.guides.x837p.write import (
    write_claim_batches,
    write_other_payer,
    write_party,
    write_service_dates,
)
from revcycle.x12.values import format_date, format_decimal
from revcycle.x12.writer import InterchangeHeader, Value

VERSION = "005010X223A2"
HI_ORDER = ("ABK", "BK", "ABJ", "BJ", "APR", "PR", "ABN", "BN", "DR", "ABF", "BF", "BBR", "BR", "CAH",
            "BBQ", "BQ", "BI", "BH", "BE", "BG", "TC")  # fmt: skip
HI_PER_SEGMENT = 12
PROVIDER_LOOPS_2310 = {
    "71": "2310A",
    "72": "2310B",
    "ZZ": "2310C",
    "82": "2310D",
    "77": "2310E",
    "DN": "2310F",
}
PROVIDER_LOOPS_2420 = {"72": "2420A", "ZZ": "2420B", "82": "2420C", "DN": "2420D"}


def write_institutional_batches(
    batches: list[ClaimBatch],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
) -> str:
    return write_claim_batches(
        batches,
        header,
        sender=sender,
        receiver=receiver,
        group_control=group_control,
        line_break=line_break,
        version=VERSION,
        claim_writer=write_institutional_claim,
    )


def write_institutional_claim(loop: LoopOut, claim: InstitutionalClaim) -> None:
    loop.add(["CLM", claim.claim_id, format_decimal(claim.charge), None, None,
              (claim.facility_type, "A", claim.frequency or "1"), None, claim.assignment or None,
              claim.benefits_assigned or None, claim.release_of_information or None,
              *([None] * 10), claim.delay_reason or None])  # fmt: skip
    loop.add_all([["DTP", qualifier, date_format, value] for qualifier, date_format, value in claim.dates])
    if claim.statement_from is not None:
        loop.add(["DTP", "434", "RD8", _range(claim.statement_from, claim.statement_to)])
    loop.add(
        ["CL1", claim.admission_type or None, claim.admission_source or None, claim.patient_status or None]
    )
    loop.add_all([["REF", qualifier, value] for qualifier, value in claim.references])
    loop.add_all([["NTE", qualifier, text] for qualifier, text in claim.notes])
    loop.add_all(hi_segments(claim.codes))
    loop.add_all(claim.extra)
    for party in claim.providers:
        write_party(loop.child(PROVIDER_LOOPS_2310.get(party.name.entity, "2310D")), party)
    for other in claim.other_payers:
        write_other_payer(loop.child("2320"), other)
    for number, line in enumerate(claim.service_lines, start=1):
        _service_line(loop.child("2400"), line, number)


def hi_segments(codes: list[list[str]]) -> list[list[Value]]:
    """HI composites grouped by qualifier (guide order, then as given), up to 12 per segment."""
    segments: list[list[Value]] = []
    for qualifier in HI_ORDER:
        same = [_composite(code) for code in codes if code and code[0] == qualifier]
        segments += [
            ["HI", *same[start : start + HI_PER_SEGMENT]] for start in range(0, len(same), HI_PER_SEGMENT)
        ]
    return segments


def _composite(code: list[str]) -> tuple[str | None, ...]:
    values = list(code)
    while values and not values[-1]:
        values.pop()
    return tuple(value or None for value in values)


def _range(first, last) -> str:  # noqa: ANN001 - dates
    return f"{format_date(first)}-{format_date(last or first)}"


def _service_line(loop: LoopOut, line: InstitutionalLine, number: int) -> None:
    loop.add(["LX", str(number)])
    procedure = None
    if line.procedure:
        procedure = (
            line.qualifier or "HC",
            line.procedure,
            *(line.modifiers + [None] * 4)[:4],
            line.description or None,
        )
        procedure = _composite(list(procedure))  # type: ignore[arg-type]
    loop.add(["SV2", line.revenue_code, procedure, format_decimal(line.charge), line.unit_basis or "UN",
              format_decimal(line.units), None,
              format_decimal(line.non_covered) if line.non_covered is not None else None])  # fmt: skip
    write_service_dates(loop, line.service_date, line.service_end)
    loop.add_all([["REF", qualifier, value] for qualifier, value in line.references])
    loop.add_all(line.extra)
    for party in line.providers:
        write_party(loop.child(PROVIDER_LOOPS_2420.get(party.name.entity, "2420C")), party)
