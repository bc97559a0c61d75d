"""Render institutional claims on the UB-04 (CMS-1450): 22 service lines per page, continuation pages.

    render_ub04(claims, out, background=True, created=date(2026, 3, 10), alignment=Alignment()) -> pages

A claim with more than 22 lines continues on further pages: every page repeats the claim's form locators
and line 23 says "PAGE n OF m" with the creation date; the totals (FL 47, 48 on line 23) are on the last
page only. `background=False` prints the data only, for pre-printed red forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from revcycle.claims.cms1500.layout import column_x, line_baseline
from revcycle.claims.model import Claim, ClaimLine
from revcycle.claims.ub04.background import draw_form
from revcycle.claims.ub04.layout import (
    LINES_PER_PAGE,
    LOCATORS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Alignment,
    service_cell,
)
from revcycle.claims.ub04.values import claim_fields, line_fields, totals_fields
from revcycle.kernel.errors import ErrorCode, RevcycleError

FONT = ("Courier", 12)
NO_SHIFT = Alignment()


def render_ub04(claims: Sequence[Claim], out: Path | BinaryIO, background: bool = True,
                created: date | None = None, alignment: Alignment = NO_SHIFT) -> int:  # fmt: skip
    professional = [claim.claim_id for claim in claims if not claim.is_institutional]
    if professional:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"claim {professional[0]} is professional: it prints on the CMS-1500, not the UB-04")  # fmt: skip
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    canvas.setTitle("UB-04 (CMS-1450) claims")
    canvas.setAuthor("revcycle")
    pages = 0
    for claim in claims:
        chunks = [
            claim.lines[start : start + LINES_PER_PAGE]
            for start in range(0, len(claim.lines), LINES_PER_PAGE)
        ]
        fields = claim_fields(claim, created)  # the same on every page of the claim
        for number, chunk in enumerate(chunks, start=1):
            _page(canvas, claim, fields, chunk, number, len(chunks), background, created, alignment)
            pages += 1
    canvas.save()
    return pages


def _page(canvas: Canvas, claim: Claim, fields: dict[str, list[str]], lines: Sequence[ClaimLine], page: int,
          of: int, background: bool, created: date | None, alignment: Alignment) -> None:  # fmt: skip
    if background:
        draw_form(canvas)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(*FONT)
    for key, rows in fields.items():
        form_locator = LOCATORS[key]
        for row, text in enumerate(rows[: form_locator.rows]):
            _put(canvas, form_locator.line + row, form_locator.column, text[: form_locator.width], alignment)
    for index, claim_line in enumerate(lines):
        _line(canvas, index, line_fields(claim_line), alignment)
    _line(canvas, LINES_PER_PAGE, totals_fields(claim, page, of, created), alignment)
    canvas.showPage()


def _line(canvas: Canvas, index: int, fields: dict[str, str], alignment: Alignment) -> None:
    for column, text in fields.items():
        cell = service_cell(index, column)
        _put(canvas, cell.line, cell.column, text[: cell.width] if column != "43" else text, alignment)


def _put(canvas: Canvas, line: int, column: int, text: str, alignment: Alignment) -> None:
    if text.strip():
        canvas.drawString(column_x(column) + alignment.right, line_baseline(line) - alignment.down, text)
