"""HL7 v2.5.1 messages read into intake values: ADT A01/A04/A05/A08/A28/A31 (register or update a patient: PID,
GT1, IN1 with its IN2), A40 (merge: PID + MRG), DFT P03 (charges: PID, PV1, DG1, FT1).

    read = hl7_reader(load_mapping(text))       # the sender's code tables (interfaces.hl7_mapping)
    message = read(raw)                         # IntakeMessage, or IntakeReadError (located: "PID-7: ...")

Segments are found wherever they are (EHRs send DG1 after FT1, Z-segments anywhere, NK1 which is not read); IN2
belongs to the IN1 before it. Fields not sent are None in the intake (kept on file); "" (HL7 null) clears.
"""

from __future__ import annotations

from collections.abc import Callable

from revcycle.interfaces.hl7_charges import read_visits
from revcycle.interfaces.hl7_fields import (
    best_repetition,
    optional_text,
    read_address,
    read_contacts,
    read_date,
    read_identifier,
    read_name,
    read_timestamp,
)
from revcycle.interfaces.hl7_mapping import Hl7Mapping, SenderMapping
from revcycle.interfaces.hl7_segments import Hl7Message, Segment
from revcycle.interfaces.intake import (
    CoverageIntake,
    GuarantorIntake,
    IntakeAction,
    IntakeMessage,
    IntakeReadError,
    MergeIntake,
    MessageHeader,
    PatientIntake,
    PatientRef,
    PersonIntake,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patients import Relationship, Sex

PATIENT_EVENTS = ("A01", "A04", "A05", "A08", "A28", "A31")
SUPPORTED = {"ADT": (*PATIENT_EVENTS, "A40"), "DFT": ("P03",)}


def hl7_reader(mapping: Hl7Mapping | None = None) -> Callable[[str], IntakeMessage]:
    """`read(raw)` with the senders' mapping."""
    chosen = mapping or Hl7Mapping()
    return lambda raw: read_hl7(raw, chosen)


def read_hl7(raw: str, mapping: Hl7Mapping | None = None) -> IntakeMessage:
    """The message's intake values (see the module docstring)."""
    try:
        message = Hl7Message.parse(raw)
    except RevcycleError as error:
        raise IntakeReadError(None, error) from error
    msh = message.first("MSH")
    header = _header(message, msh)
    sender = (mapping or Hl7Mapping()).for_sender(message.value(msh, 3), message.value(msh, 4))
    kind, event = message.value(msh, 9, 1).upper(), message.value(msh, 9, 2).upper()
    if event not in SUPPORTED.get(kind, ()):
        problem = RevcycleError(ErrorCode.VALIDATION, f"MSH-9: {kind}^{event} is not a message revcycle applies "
                                f"(ADT {'/'.join(SUPPORTED['ADT'])}, DFT P03)")  # fmt: skip
        raise IntakeReadError(header, problem, kept=False)
    try:
        return IntakeMessage(header, _actions(message, sender, kind, event))
    except RevcycleError as error:
        raise IntakeReadError(header, error) from error


def _header(message: Hl7Message, msh: Segment | None) -> MessageHeader:
    application, facility = message.value(msh, 3), message.value(msh, 4)
    control_id, kind = message.value(msh, 10), message.value(msh, 9, 1).upper()
    event = message.value(msh, 9, 2).upper()
    try:
        if not control_id:
            raise RevcycleError(ErrorCode.VALIDATION, "MSH-10: the message control id is required")
        if not (application or facility):
            raise RevcycleError(
                ErrorCode.VALIDATION, "MSH-3: the sending application or facility is required"
            )
        return MessageHeader("hl7", f"{application}^{facility}"[:120], control_id[:64], f"{kind}^{event}"[:24],
                             read_timestamp(message, msh, 7))  # fmt: skip
    except RevcycleError as error:
        raise IntakeReadError(None, error) from error


def _actions(message: Hl7Message, sender: SenderMapping, kind: str, event: str) -> tuple[IntakeAction, ...]:
    pid = message.first("PID")
    if pid is None:
        raise RevcycleError(ErrorCode.VALIDATION, "PID: the message has no PID segment (required)")
    facility = message.value(message.first("MSH"), 4)
    if kind == "DFT":
        return tuple(read_visits(message, sender, patient_ref(message, pid, sender, facility)))
    if event == "A40":
        return tuple(_merges(message, sender, facility))
    return (_patient(message, pid, sender, facility),)


def patient_ref(message: Hl7Message, pid: Segment, sender: SenderMapping, facility: str, field: int = 3,
                at: str = "") -> PatientRef:  # fmt: skip
    """The patient's identifier from a CX list (PID-3, MRG-1): the repetition of the sender's identifier type
    (MR), its assigning authority (else the sender's `assigner`, else the sending facility)."""
    repetition = best_repetition(message, pid, field, 5, (sender.identifier_type.upper(),))
    identifier, assigner = read_identifier(message, pid, field, repetition)
    where = at or pid.where(field)
    if not identifier:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: the patient identifier is required")
    return PatientRef(identifier, assigner or sender.assigner or facility, where)


def _merges(message: Hl7Message, sender: SenderMapping, facility: str) -> list[MergeIntake]:
    merges = []
    for pid in message.all("PID"):
        mrg = next(message.after(pid, {"MRG"}), None)
        if mrg is None:
            raise RevcycleError(ErrorCode.VALIDATION, f"MRG: the {pid.where()} of an A40 needs the MRG that follows "
                                "it (the record merged)")  # fmt: skip
        merges.append(MergeIntake(patient_ref(message, pid, sender, facility),
                                  patient_ref(message, mrg, sender, facility, 1), {"": mrg.where()}))  # fmt: skip
    return merges


def _patient(message: Hl7Message, pid: Segment, sender: SenderMapping, facility: str) -> PatientIntake:
    name = read_name(message, pid, 5)
    phone, email = read_contacts(message, pid, 13)
    at = {"": pid.where(), "last_name": pid.where(5), "first_name": pid.where(5, 2), "birth_date": pid.where(7),
          "sex": pid.where(8), "address": pid.where(11), "phone": pid.where(13), "email": pid.where(13, 4)}  # fmt: skip
    in1s = message.all("IN1")
    return PatientIntake(
        patient_ref(message, pid, sender, facility), name[0] if name else None, name[1] if name else None,
        read_date(message, pid, 7, "birth date"), _sex(message, pid, sender), read_address(message, pid, 11),
        phone, email, _guarantor(message, sender),
        tuple(_coverage(message, in1, sender) for in1 in in1s) if in1s else None, at,
    )  # fmt: skip


def _sex(message: Hl7Message, pid: Segment, sender: SenderMapping) -> Sex | None:
    code = message.value(pid, 8).upper()
    if not code:
        return None
    mapped = sender.sex.get(code)
    if mapped is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"{pid.where(8)}: sex {code!r} is not in the sender's sex table "
                            f"({', '.join(sorted(sender.sex))})")  # fmt: skip
    return Sex(mapped)


def _relationship(
    message: Hl7Message, segment: Segment, field: int, sender: SenderMapping
) -> Relationship | None:
    code = message.value(segment, field).upper()
    if not code:
        return None
    return Relationship(sender.relationship.get(code, "other"))


def _person(message: Hl7Message, segment: Segment, name_field: int, birth_field: int,
            address_field: int) -> PersonIntake | None:  # fmt: skip
    name = read_name(message, segment, name_field)
    if name is None:
        return None
    return PersonIntake(name[0], name[1], read_date(message, segment, birth_field, "birth date"),
                        read_address(message, segment, address_field))  # fmt: skip


def _guarantor(message: Hl7Message, sender: SenderMapping) -> GuarantorIntake | None:
    gt1 = message.first("GT1")
    if gt1 is None:
        return None
    relationship = _relationship(message, gt1, 11, sender) or Relationship.SELF
    at = {"": gt1.where(), "person": gt1.where(3), "relationship": gt1.where(11)}
    if relationship is Relationship.SELF:
        return GuarantorIntake(Relationship.SELF, None, at)
    return GuarantorIntake(relationship, _person(message, gt1, 3, 8, 5), at)


def _coverage(message: Hl7Message, in1: Segment, sender: SenderMapping) -> CoverageIntake:
    in2 = next(message.after(in1, {"IN2"}), None)
    plan_id, company_id = message.value(in1, 2), message.value(in1, 3)
    if not (plan_id or company_id):
        raise RevcycleError(ErrorCode.VALIDATION, f"{in1.where(3)}: the insurance company id (or IN1-2 plan id) is "
                            "required")  # fmt: skip
    member_id = message.value(in1, 36) or message.value(in1, 49) or message.value(in2, 61)
    if not member_id:
        raise RevcycleError(ErrorCode.VALIDATION, f"{in1.where(36)}: the policy number (member id) is required; "
                            "IN1-49 and IN2-61 are empty too")  # fmt: skip
    relationship = (_relationship(message, in1, 17, sender) or (_relationship(message, in2, 72, sender) if in2
                    else None) or Relationship.SELF)  # fmt: skip
    subscriber = None if relationship is Relationship.SELF else _person(message, in1, 16, 18, 19)
    priority = message.value(in1, 22)
    at = {"": in1.where(), "payer": in1.where(3), "member_id": in1.where(36), "order": in1.where(22),
          "subscriber": in1.where(16), "effective_from": in1.where(12), "effective_to": in1.where(13)}  # fmt: skip
    return CoverageIntake(
        sender.payer_code(plan_id, company_id), member_id, message.value(in1, 4),
        int(priority) if priority.isdecimal() else None, optional_text(message, in1, 8) or "", relationship,
        subscriber, read_date(message, in1, 12, "plan effective date"),
        read_date(message, in1, 13, "plan expiration date"), at,
    )  # fmt: skip
