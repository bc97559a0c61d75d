"""HL7 v2 acknowledgements (original mode): AA for a message applied (or received before and applied), AE with an
ERR segment for one kept in the error queue, AR for one that cannot be taken at all (no MSH, no control id, a
message type revcycle does not apply).

    MSH|^~\\&|REVCYCLE|PRACTICE|EPIC|NORTHCLINIC|20260310153000||ACK^A04^ACK|ACK-MSG00017|P|2.5.1
    MSA|AE|MSG00017
    ERR||PID^1^7|102^Data type error^HL70357|E||||PID-7: birth date '19850230' is not a date

ERR-2 is the location (segment^sequence^field^repetition^component), ERR-3 the HL7 error code (table 0357),
ERR-8 the message for people. The receiving application and facility are the inbound's, swapped.
"""

from __future__ import annotations

from datetime import datetime

from revcycle.interfaces.hl7_segments import Hl7Message, normalized
from revcycle.interfaces.locations import hl7_location, split_location
from revcycle.kernel.errors import ErrorCode, RevcycleError

APPLICATION = "REVCYCLE"
CODES = {100: "Segment sequence error", 101: "Required field missing", 102: "Data type error",
         103: "Table value not found", 200: "Unsupported message type", 201: "Unsupported event code",
         203: "Unsupported version id", 204: "Unknown key identifier", 205: "Duplicate key identifier",
         206: "Application record locked", 207: "Application internal error"}  # fmt: skip


def error_code(code: ErrorCode | None, message: str) -> int:
    """The HL7 error code (table 0357) for a revcycle error."""
    text = message.lower()
    if "not a message revcycle applies" in text:
        kind = split_location(message)[1].split("^", 1)[0]
        return 201 if kind in ("ADT", "DFT") else 200
    if (
        "does not start with an msh" in text
        or ("has no" in text and "segment" in text)
        or "needs the mrg" in text
    ):
        return 100
    if "is required" in text:
        return 101
    if "table" in text:
        return 103
    if code is ErrorCode.NOT_FOUND:
        return 204
    if code in (
        ErrorCode.CONFLICT,
        ErrorCode.IDEMPOTENCY_CONFLICT,
        ErrorCode.COVERAGE_NOT_IN_FORCE,
        ErrorCode.BUSY,
    ):
        return 207 if code is not ErrorCode.CONFLICT or "at the same time" not in text else 206
    return 102


def escape(text: str, separators: str = "|^~\\&") -> str:
    """Text made safe for a field: the escape character first, then the separators, CR and LF as hex."""
    field, component, repetition, escape_char, sub = separators
    out = text.replace(escape_char, f"{escape_char}E{escape_char}")
    for char, code in ((field, "F"), (component, "S"), (repetition, "R"), (sub, "T")):
        out = out.replace(char, f"{escape_char}{code}{escape_char}")
    return out.replace("\r", f"{escape_char}X0D{escape_char}").replace("\n", f"{escape_char}X0A{escape_char}")


def build_ack(raw: str, code: str, now: datetime, error: str = "", error_kind: ErrorCode | None = None,
              ack_id: str = "") -> str:  # fmt: skip
    """The ACK for `raw` (AA, AE or AR), segments joined by CR; `error` (located) becomes the ERR segment."""
    header = _inbound_header(raw)
    stamp = now.strftime("%Y%m%d%H%M%S")
    control_id = header["control_id"]
    msh = "|".join(["MSH", "^~\\&", APPLICATION, escape(header["receiving_facility"] or "PRACTICE"),
                    escape(header["application"]), escape(header["facility"]), stamp, "",
                    f"ACK^{escape(header['event'])}^ACK", escape(ack_id or f"ACK{control_id}"[:20]),
                    escape(header["processing"] or "P"), escape(header["version"] or "2.5.1")])  # fmt: skip
    segments = [msh, f"MSA|{code}|{escape(control_id)}"]
    if error:
        segments.append(_err(error, error_kind))
    return "\r".join(segments) + "\r"


def _err(error: str, kind: ErrorCode | None) -> str:
    where, _rest = split_location(error)
    location = hl7_location(where) if where else None
    erl = ""
    if location is not None:
        parts = [location.segment, str(location.sequence), str(location.field or ""), "1" if location.field else "",
                 str(location.component or "")]  # fmt: skip
        erl = "^".join(parts).rstrip("^")
    number = error_code(kind, error)
    severity = "E"
    return f"ERR||{erl}|{number}^{CODES[number]}^HL70357|{severity}||||{escape(error[:500])}"


def _inbound_header(raw: str) -> dict[str, str]:
    """The inbound MSH's values the ACK echoes (empty when there is no MSH)."""
    values = dict.fromkeys(("application", "facility", "receiving_facility", "control_id", "event", "processing",
                            "version"), "")  # fmt: skip
    try:
        message = Hl7Message.parse(normalized(raw).split("\r", 1)[0])
    except RevcycleError:
        return values
    msh = message.first("MSH")
    values.update(application=message.value(msh, 3), facility=message.value(msh, 4),
                  receiving_facility=message.value(msh, 6), control_id=message.value(msh, 10),
                  event=message.value(msh, 9, 2), processing=message.value(msh, 11, 1),
                  version=message.value(msh, 12, 1))  # fmt: skip
    return values
