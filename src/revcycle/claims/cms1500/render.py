"""Render claims on the CMS-1500 (02/12): data in the form's boxes, six service lines per page.

    render_cms1500(claims, out, background=True, alignment=Alignment()) -> int   (pages written)

A claim with more than six lines continues on further pages: every page repeats the claim data
(boxes 1-23 and 25-33); box 28 shows "CONTINUED" on all but the last page, which holds the total.
`background=False` prints the data only, for pre-printed red forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from revcycle.claims.cms1500.background import draw_form
from revcycle.claims.cms1500.layout import (
    LINES_PER_PAGE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Alignment,
    column_x,
    line_baseline,
    service_line_print_line,
)
from revcycle.claims.cms1500.values import claim_fields, line_fields
from revcycle.claims.model import Claim, ClaimLine

FONT = ("Courier", 12)
NO_SHIFT = Alignment()


def render_cms1500(claims: Sequence[Claim], out: Path | BinaryIO, background: bool = True,
                   alignment: Alignment = NO_SHIFT) -> int:
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    canvas.setTitle("CMS-1500 (02/12) claims")
    canvas.setAuthor("revcycle")
    pages = 0
    for claim in claims:
        chunks = [claim.lines[start:start + LINES_PER_PAGE] for start in range(0, len(claim.lines), LINES_PER_PAGE)]
        for number, chunk in enumerate(chunks, start=1):
            _page(canvas, claim, chunk, number, len(chunks), background, alignment)
            pages += 1
    canvas.save()
    return pages


def _page(canvas: Canvas, claim: Claim, lines: Sequence[ClaimLine], page: int, of: int, background: bool,
          alignment: Alignment) -> None:
    if background:
        draw_form(canvas)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(*FONT)
    for line, column, text in claim_fields(claim, last_page=page == of):
        _put(canvas, line, column, text, alignment)
    if of > 1:
        _put(canvas, 5, 62, f"PAGE {page} OF {of}", alignment)
    for index, claim_line in enumerate(lines):
        print_line = service_line_print_line(index)
        for shaded, column, text in line_fields(claim, claim_line):
            _put(canvas, print_line - (1 if shaded else 0), column, text, alignment)
    canvas.showPage()


def _put(canvas: Canvas, line: int, column: int, text: str, alignment: Alignment) -> None:
    if text:
        canvas.drawString(column_x(column) + alignment.right, line_baseline(line) - alignment.down, text)
