"""How a partner wants our 837 files named: a pattern of the partner's name, ISA13 and the moment we write it.

    name = file_name("{name}-{isa13:09d}.837", settings, 7, created)            # "acme-000000007.837"
    file_name("CLM_{sender}_{created:%Y%m%d}_{isa13:09d}.{usage}.837", ...)     # "CLM_CLINIC01_20260305_000000007.T.837"

Fields: `name` (the partner's name), `isa13` (the interchange control number, an int: `{isa13:09d}`),
`created` (a datetime: `{created:%Y%m%d%H%M%S}`), `date` (YYYYMMDD), `time` (HHMMSS), `sender` (ISA06),
`receiver` (ISA08), `usage` (ISA15, T or P). A pattern must name `isa13`, since names are never reused and ISA13
never repeats; it must give a plain file name (no folder, not hidden).
"""

from __future__ import annotations

import datetime as dt
import string

from revcycle.edi.envelope import EnvelopeSettings

DEFAULT_PATTERN = "{name}-{isa13:09d}.837"
FIELDS = ("name", "isa13", "created", "date", "time", "sender", "receiver", "usage")


def file_name(pattern: str, settings: EnvelopeSettings, isa13: int, created: dt.datetime) -> str:
    """The name of the file carrying interchange `isa13`, written at `created`."""
    return pattern.format(name=settings.name, isa13=isa13, created=created, date=f"{created:%Y%m%d}",
                          time=f"{created:%H%M%S}", sender=settings.sender_id.strip(),
                          receiver=settings.receiver_id.strip(), usage=settings.usage)  # fmt: skip


def checked_pattern(pattern: str) -> str:
    """The pattern, if it names ISA13, only known fields and gives a plain file name; else ValueError saying why."""
    named = {field.split(".")[0].split("[")[0] for _text, field, _spec, _conv in string.Formatter().parse(pattern)
             if field is not None}  # fmt: skip
    if unknown := sorted(named - set(FIELDS)):
        raise ValueError(
            f"naming pattern {pattern!r}: unknown field {unknown[0]!r} (known: {', '.join(FIELDS)})"
        )
    if "isa13" not in named:
        raise ValueError(f"naming pattern {pattern!r} must contain {{isa13}} (a name is never reused)")
    sample = file_name(
        pattern, EnvelopeSettings("partner", "SENDER", "RECEIVER"), 1, dt.datetime(2026, 1, 2, 3, 4, 5)
    )
    if "/" in sample or "\\" in sample or sample.startswith(".") or not sample.strip():
        raise ValueError(f"naming pattern {pattern!r} must give a plain file name, not {sample!r}")
    return pattern
