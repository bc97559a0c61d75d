"""The UB-04 drawn in drop-out red (boxes and captions) for screens and plain paper; never in data-only mode."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from revcycle.claims.cms1500.layout import LINE_HEIGHT, column_x, line_top
from revcycle.claims.ub04.layout import (
    FIRST_SERVICE_LINE,
    LINES_PER_PAGE,
    LOCATORS,
    SERVICE_COLUMNS,
    TOTALS_LINE,
)

FORM_RED = (0.80, 0.13, 0.13)
CAPTION_SIZE = 4.2


def draw_form(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*FORM_RED)
    canvas.setFillColorRGB(*FORM_RED)
    canvas.setLineWidth(0.5)
    for form_locator in LOCATORS.values():
        x0, y0, x1, y1 = form_locator.pdf_rect()
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        canvas.setFont("Helvetica", CAPTION_SIZE)
        canvas.drawString(x0 + 1, y1 - CAPTION_SIZE, form_locator.caption)
    _draw_body(canvas)
    canvas.setFont("Helvetica-Bold", 7)
    canvas.drawRightString(column_x(82), line_top(66) - LINE_HEIGHT + 2, "UB-04 CMS-1450")
    canvas.restoreState()


def _draw_body(canvas: Canvas) -> None:
    """The 22 service lines and line 23 under one header row: column rules and a rule under each line."""
    left, right = column_x(1) - 2, column_x(82) + 1
    top, bottom = line_top(FIRST_SERVICE_LINE - 1), line_top(TOTALS_LINE + 1)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
    canvas.setFont("Helvetica", CAPTION_SIZE + 0.6)
    for first, _width, caption in SERVICE_COLUMNS.values():
        x = column_x(first) - 2
        canvas.line(x, top, x, bottom)
        canvas.drawString(x + 1.5, top - LINE_HEIGHT + 3, caption)
    for index in range(LINES_PER_PAGE + 1):
        y = line_top(FIRST_SERVICE_LINE + index)
        canvas.line(left, y, right, y)
        canvas.drawRightString(left - 1.5, y - LINE_HEIGHT + 3, str(index + 1))
