"""Read a keyed paper EOB from YAML or CSV text into a `PaperEob`; every problem located, nothing guessed.

YAML (one check):

    payer: "87726"
    check_number: "CHK20260320"
    check_date: 2026-03-20
    check_total: "64.00"
    method: check                       # check | eft
    claims:
      - claim: C2
        payer_claim_number: "PCN-2"
        status: primary                 # primary | secondary | tertiary | denied
        lines:
          - code: "99214"
            modifiers: ["25"]
            date: 2026-03-01
            billed: "200.00"
            allowed: "130.00"
            paid: "64.00"
            adjustments: "CO-45 70.00; PR-1 50.00; PR-2 16.00"    # or a list of {group, code, amount}
            remarks: "N130"
            patient_responsibility: "66.00"

CSV: one row per service line, the check's columns repeated on every row (they must agree):
`payer,check_number,check_date,check_total,method,claim,payer_claim_number,status,code,modifiers,date,billed,
allowed,paid,adjustments,remarks,patient_responsibility`. Amounts are dollars with at most two decimals.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import round_cents
from revcycle.remittance.model import Adjustment
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob

CHECK_COLUMNS = ("payer", "check_number", "check_date", "check_total", "method")
CSV_COLUMNS = (*CHECK_COLUMNS, "claim", "payer_claim_number", "status", "code", "modifiers", "date", "billed",
               "allowed", "paid", "adjustments", "remarks", "patient_responsibility")  # fmt: skip
_ADJUSTMENT = re.compile(
    r"^\s*([A-Za-z]{2})\s*-\s*([A-Za-z0-9]{1,5})\s+\$?(-?[0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*$"
)


def _invalid(where: str, message: str) -> RevcycleError:
    return RevcycleError(ErrorCode.VALIDATION, f"{where}: {message}")


def dollars_to_cents(value: Any, where: str, required: bool = True) -> int | None:
    """`"64.00"`, `64`, `"$1,234.50"` -> cents; blank -> None (or an error when required); never a float's guess."""
    text = "" if value is None else str(value).strip().replace("$", "").replace(",", "")
    if not text:
        if required:
            raise _invalid(where, "an amount is required")
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _invalid(where, f"amount {value!r}: dollars and cents, e.g. 64.00")
    return round_cents(amount)


def _date(value: Any, where: str, required: bool = True) -> date | None:
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise _invalid(where, "a date is required (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _invalid(where, f"date {text!r}: YYYY-MM-DD") from None


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(item).strip().upper() for item in value if str(item).strip())
    return tuple(part.upper() for part in re.split(r"[\s,;]+", str(value or "").strip()) if part)


def adjustments_from(value: Any, where: str) -> tuple[Adjustment, ...]:
    """`"CO-45 70.00; PR-1 50.00"` or `[{group: CO, code: "45", amount: "70.00"}]` -> adjustments."""
    if isinstance(value, list):
        return tuple(Adjustment(str(item.get("group", "")).strip().upper(), str(item.get("code", "")).strip().upper(),
                                dollars_to_cents(item.get("amount"), f"{where} adjustment {n}") or 0)
                     for n, item in enumerate(value, start=1) if isinstance(item, Mapping))  # fmt: skip
    found = []
    for part in [p for p in str(value or "").split(";") if p.strip()]:
        match = _ADJUSTMENT.match(part)
        if match is None:
            raise _invalid(where, f"adjustment {part.strip()!r}: GROUP-CARC AMOUNT, e.g. CO-45 70.00")
        group, code, amount = match.groups()
        found.append(Adjustment(group.upper(), code.upper(), dollars_to_cents(amount, where) or 0))
    return tuple(found)


def _line(row: Mapping[str, Any], where: str) -> EobLine:
    return EobLine(
        procedure_code=str(row.get("code") or "").strip().upper(),
        billed_cents=dollars_to_cents(row.get("billed"), f"{where} billed") or 0,
        paid_cents=dollars_to_cents(row.get("paid"), f"{where} paid") or 0,
        allowed_cents=dollars_to_cents(row.get("allowed"), f"{where} allowed", required=False),
        modifiers=_words(row.get("modifiers")),
        service_date=_date(row.get("date"), f"{where} date", required=False),
        adjustments=adjustments_from(row.get("adjustments"), where),
        remarks=_words(row.get("remarks")),
        patient_responsibility_cents=dollars_to_cents(row.get("patient_responsibility"),
                                                      f"{where} patient responsibility", required=False),
    )  # fmt: skip


def _check(fields: Mapping[str, Any], claims: tuple[EobClaim, ...], where: str) -> PaperEob:
    return PaperEob(
        payer_code=str(fields.get("payer") or "").strip(),
        check_number=str(fields.get("check_number") or "").strip(),
        check_date=_date(fields.get("check_date"), f"{where} check_date"),  # type: ignore[arg-type]
        check_total_cents=dollars_to_cents(fields.get("check_total"), f"{where} check_total") or 0,
        claims=claims,
        method=str(fields.get("method") or "check").strip().lower(),
    )


def read_eob_yaml(text: str, source: str = "the EOB") -> PaperEob:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise _invalid(f"{source}{at}", "not readable YAML") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("claims"), list):
        raise _invalid(
            source, "a mapping with payer, check_number, check_date, check_total and a list of claims"
        )
    claims = []
    for number, item in enumerate(data["claims"], start=1):
        where = f"{source} claim {number}"
        if not isinstance(item, Mapping) or not isinstance(item.get("lines"), list):
            raise _invalid(where, "a claim is a mapping with claim and a list of lines")
        lines = tuple(_line(line, f"{where} line {n}") if isinstance(line, Mapping) else _not_a_line(where, n)
                      for n, line in enumerate(item["lines"], start=1))  # fmt: skip
        claims.append(EobClaim(str(item.get("claim") or "").strip(), lines,
                               str(item.get("payer_claim_number") or "").strip(),
                               str(item.get("status") or "primary").strip().lower(), _words(item.get("remarks"))))  # fmt: skip
    return _check(data, tuple(claims), source)


def _not_a_line(where: str, number: int) -> EobLine:
    raise _invalid(f"{where} line {number}", "a line is a mapping with code, billed, paid, adjustments")


def read_eob_csv(text: str, source: str = "the EOB") -> PaperEob:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in ("claim", "code", "billed", "paid", *CHECK_COLUMNS[:4])
               if column not in (reader.fieldnames or [])]  # fmt: skip
    if missing:
        raise _invalid(
            f"{source} line 1", f"missing columns: {', '.join(missing)} (expected {','.join(CSV_COLUMNS)})"
        )
    rows = list(reader)
    if not rows:
        raise _invalid(source, "no service lines")
    first = rows[0]
    grouped: dict[str, list[tuple[int, dict]]] = {}
    for number, row in enumerate(rows, start=2):
        for column in CHECK_COLUMNS:
            if (row.get(column) or "").strip() != (first.get(column) or "").strip():
                raise _invalid(f"{source} line {number}", f"{column} differs from line 2: one check per file")
        grouped.setdefault((row.get("claim") or "").strip(), []).append((number, row))
    claims = tuple(
        EobClaim(claim_number, tuple(_line(row, f"{source} line {n}") for n, row in rows_of),
                 (rows_of[0][1].get("payer_claim_number") or "").strip(),
                 (rows_of[0][1].get("status") or "primary").strip().lower())
        for claim_number, rows_of in grouped.items()
    )  # fmt: skip
    return _check(first, claims, f"{source} line 2")


def read_eob(text: str, source: str) -> PaperEob:
    """By the file's name: `.csv` is CSV, anything else YAML."""
    return read_eob_csv(text, source) if source.lower().endswith(".csv") else read_eob_yaml(text, source)
