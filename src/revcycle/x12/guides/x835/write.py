"""Write a `Remittance` as an 835 (005010X221A1) in guide order.

    body = remittance_segments(remittance)                    # segments between ST and SE
    text = write_remittances([remittance], header, sender="PAYER", receiver="CLINIC", group_control=1)

Lists keep the order they hold (a remittance read from a valid file writes back in its order);
names inside a claim are put in guide order (QC, IL, 74, 82, TT, PR, GB).
"""

from __future__ import annotations

from revcycle.x12.collector import paused_gc
from revcycle.x12.guides.x835.model import (
    Adjudication,
    Adjustment,
    ClaimPayment,
    Contact,
    Name,
    Party,
    Procedure,
    ProviderAdjustment,
    Remittance,
    ServiceLine,
)
from revcycle.x12.values import format_date, format_decimal
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X221A1"
NAME_ORDER = {entity: rank for rank, entity in enumerate(("QC", "IL", "74", "82", "TT", "PR", "GB"))}
Body = list[list[Value]]


def remittance_segments(remittance: Remittance) -> Body:
    body: Body = [
        _bpr(remittance),
        [
            "TRN",
            remittance.trace_type or "1",
            remittance.trace_number,
            remittance.trace_payer_id,
            remittance.trace_payer_supplemental or None,
        ],
    ]
    if remittance.currency:
        body.append(["CUR", *remittance.currency])
    body += [["REF", qualifier, value] for qualifier, value in remittance.references]
    if remittance.production_date is not None:
        body.append(["DTM", "405", format_date(remittance.production_date)])
    if remittance.payer is not None:
        body += _party(remittance.payer)
    if remittance.payee is not None:
        body += _party(remittance.payee)
    header_number = None
    for claim in remittance.claims:
        if claim.header_number != header_number or header_number is None:
            header_number = claim.header_number or "1"
            body.append(["LX", header_number])
            body += [list(segment) for segment in remittance.summaries.get(header_number, [])]
        body += _claim(claim)
    body += _plb(remittance.provider_adjustments)
    return body


def write_remittances(
    remittances: list[Remittance],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
) -> str:
    with paused_gc():  # segment lists by the hundred thousand, no cycles
        transactions = [
            Transaction("835", r.control_number, remittance_segments(r), with_st03=False) for r in remittances
        ]
        group = Group("HP", sender, receiver, group_control, VERSION, transactions)
        return write_interchange(header, [group], line_break=line_break)


def _bpr(remittance: Remittance) -> list[Value]:
    bank = list(remittance.bank) + [""] * (10 - len(remittance.bank))
    return [
        "BPR",
        remittance.handling,
        format_decimal(remittance.total_paid),
        remittance.credit_debit,
        remittance.payment_method,
        remittance.payment_format or None,
        *bank[:10],
        format_date(remittance.payment_date),
    ]


def _party(party: Party) -> Body:
    name = party.name
    body: Body = [["N1", name.entity, name.last_or_organization, name.id_qualifier or None, name.id or None]]
    if party.address:
        body.append(["N3", *party.address])
    if party.city or party.state or party.postal_code:
        body.append(["N4", party.city, party.state or None, party.postal_code or None, party.country or None])
    body += [["REF", qualifier, value] for qualifier, value in party.references]
    body += [_contact(contact) for contact in party.contacts]
    if party.delivery:
        body.append(["RDM", *party.delivery])
    return body


def _contact(contact: Contact) -> list[Value]:
    numbers = [value for pair in contact.numbers for value in pair]
    return ["PER", contact.function, contact.name or None, *numbers]


def _name(name: Name) -> list[Value]:
    return [
        "NM1",
        name.entity,
        name.entity_type,
        name.last_or_organization,
        name.first,
        name.middle,
        None,
        name.suffix,
        name.id_qualifier,
        name.id,
    ]


def _claim(claim: ClaimPayment) -> Body:
    body: Body = [
        [
            "CLP",
            claim.claim_id,
            claim.status,
            format_decimal(claim.charge),
            format_decimal(claim.paid),
            format_decimal(claim.patient_responsibility),
            claim.filing_indicator,
            claim.payer_claim_number,
            claim.facility_type,
            claim.frequency,
            None,
            claim.drg,
            format_decimal(claim.drg_weight),
            format_decimal(claim.discharge_fraction),
        ]
    ]
    body += cas_segments(claim.adjustments)
    body += [_name(name) for name in sorted(claim.names, key=lambda name: NAME_ORDER.get(name.entity, 99))]
    body += [_adjudication(adjudication) for adjudication in claim.adjudications]
    body += [["REF", qualifier, value] for qualifier, value in claim.references]
    body += [["DTM", qualifier, format_date(value)] for qualifier, value in claim.dates]
    body += [_contact(contact) for contact in claim.contacts]
    body += [["AMT", qualifier, format_decimal(value)] for qualifier, value in claim.amounts]
    body += [["QTY", qualifier, format_decimal(value)] for qualifier, value in claim.quantities]
    for line in claim.service_lines:
        body += _service_line(line)
    return body


def _adjudication(adjudication: Adjudication) -> list[Value]:
    positions = [*adjudication.values, *adjudication.remark_codes]
    values: list[Value] = [adjudication.segment_id] + [None] * max(positions, default=0)
    for position, amount in adjudication.values.items():
        values[position] = format_decimal(amount)
    for position, code in adjudication.remark_codes.items():
        values[position] = code
    return values


def cas_segments(adjustments: list[Adjustment]) -> Body:
    """One CAS per group code, up to six triples each (a seventh starts a new CAS)."""
    body: Body = []
    by_group: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        by_group.setdefault(adjustment.group, []).append(adjustment)
    for group, items in by_group.items():
        for start in range(0, len(items), 6):
            values: list[Value] = ["CAS", group]
            for item in items[start : start + 6]:
                values += [item.reason, format_decimal(item.amount), format_decimal(item.quantity)]
            body.append(values)
    return body


def procedure_value(procedure: Procedure) -> tuple[str | None, ...]:
    modifiers = [*procedure.modifiers, None, None, None, None][:4]
    return (procedure.qualifier, procedure.code, *modifiers, procedure.description or None)


def _service_line(line: ServiceLine) -> Body:
    submitted = procedure_value(line.submitted_procedure) if line.submitted_procedure else None
    body: Body = [
        [
            "SVC",
            procedure_value(line.procedure),
            format_decimal(line.charge),
            format_decimal(line.paid),
            line.revenue_code or None,
            format_decimal(line.units_paid),
            submitted,
            format_decimal(line.units_billed),
        ]
    ]
    body += [["DTM", qualifier, format_date(value)] for qualifier, value in line.dates]
    body += cas_segments(line.adjustments)
    body += [["REF", qualifier, value] for qualifier, value in line.references]
    body += [["AMT", qualifier, format_decimal(value)] for qualifier, value in line.amounts]
    body += [["QTY", qualifier, format_decimal(value)] for qualifier, value in line.quantities]
    body += [["LQ", qualifier, code] for qualifier, code in line.remarks]
    return body


def _plb(adjustments: list[ProviderAdjustment]) -> Body:
    """PLB: per provider and fiscal period, up to six (reason:reference, amount) pairs per segment."""
    body: Body = []
    keys: dict[tuple, list[ProviderAdjustment]] = {}
    for adjustment in adjustments:
        keys.setdefault((adjustment.provider_id, adjustment.fiscal_period_end), []).append(adjustment)
    for (provider_id, period_end), items in keys.items():
        for start in range(0, len(items), 6):
            values: list[Value] = ["PLB", provider_id, format_date(period_end)]
            for item in items[start : start + 6]:
                values += [(item.reason, item.reference or None), format_decimal(item.amount)]
            body.append(values)
    return body
