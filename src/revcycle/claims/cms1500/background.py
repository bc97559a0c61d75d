"""The drawing of the CMS-1500 (02/12) form in drop-out red, for on-screen use and plain-paper printing.

Claims sent on paper to most payers must be printed on the official red OCR form; this drawing is
for people reading the claim on screen (and for payers that accept plain paper). It is never drawn
in data-only mode.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from revcycle.claims.cms1500.layout import (
    BOXES,
    CHECKBOXES,
    LINE_HEIGHT,
    LINES_PER_PAGE,
    PAGE_HEIGHT,
    SERVICE_COLUMNS,
    column_x,
    line_top,
    service_line_print_line,
)

FORM_RED = (0.80, 0.13, 0.13)
SHADE = (0.99, 0.90, 0.90)
CAPTION_SIZE = 4.6
LABEL_SIZE = 5.0


def draw_form(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*FORM_RED)
    canvas.setFillColorRGB(*FORM_RED)
    canvas.setLineWidth(0.6)
    _draw_titles(canvas)
    for form_box in BOXES:
        if form_box.key == "carrier":
            continue
        x0, y0, x1, y1 = form_box.pdf_rect()
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        canvas.setFont("Helvetica", CAPTION_SIZE)
        canvas.drawString(x0 + 1.5, y1 - CAPTION_SIZE - 0.8, form_box.caption)
    _draw_service_grid(canvas)
    _draw_checkboxes(canvas)
    canvas.restoreState()


def _draw_checkboxes(canvas: Canvas) -> None:
    """Each check box as a square where its X prints, its label beside it (left, or right in box 1)."""
    canvas.setFont("Helvetica", LABEL_SIZE)
    for check in CHECKBOXES:
        x0, y0, x1, y1 = check.pdf_square()
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        if check.label_right:
            canvas.drawString(x1 + 1.5, y0 + 2.5, check.label)
        else:
            canvas.drawRightString(x0 - 1.5, y0 + 2.5, check.label)


def _draw_titles(canvas: Canvas) -> None:
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(column_x(1), PAGE_HEIGHT - 5 * LINE_HEIGHT - 4, "HEALTH INSURANCE CLAIM FORM")
    canvas.setFont("Helvetica", 5.5)
    canvas.drawString(column_x(1), PAGE_HEIGHT - 6 * LINE_HEIGHT + 2,
                      "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12")
    canvas.drawString(column_x(1), PAGE_HEIGHT - 66 * LINE_HEIGHT + 14,
                      "NUCC Instruction Manual available at: www.nucc.org      PLEASE PRINT OR TYPE      "
                      "APPROVED OMB-0938-1197 FORM 1500 (02-12)")
    canvas.setFont("Helvetica-Bold", 7)
    canvas.drawString(column_x(81) - 30, PAGE_HEIGHT - 5 * LINE_HEIGHT - 4, "CARRIER")
    canvas.setFont("Helvetica-Bold", 6)
    for index, letter in enumerate("ABCDEFGHIJKL"):
        row, position = divmod(index, 4)
        canvas.drawString(column_x(1 + 13 * position), PAGE_HEIGHT - (38 + row) * LINE_HEIGHT + 3, f"{letter}.")


def _draw_service_grid(canvas: Canvas) -> None:
    """Six service lines, each a shaded supplemental row above the unshaded one, with column rules."""
    x_left, x_right = column_x(1) - 2, column_x(81) - 2
    for index in range(LINES_PER_PAGE):
        line = service_line_print_line(index)
        shaded_top = line_top(line - 1)
        canvas.setFillColorRGB(*SHADE)
        canvas.rect(x_left, shaded_top - LINE_HEIGHT, x_right - x_left, LINE_HEIGHT, stroke=0, fill=1)
        canvas.setFillColorRGB(*FORM_RED)
        canvas.line(x_left, shaded_top - 2 * LINE_HEIGHT, x_right, shaded_top - 2 * LINE_HEIGHT)
        canvas.setFont("Helvetica-Bold", 8)
        canvas.drawString(x_left - 9, shaded_top - 2 * LINE_HEIGHT + 3, str(index + 1))
    top = line_top(service_line_print_line(0) - 1)
    bottom = top - LINES_PER_PAGE * 2 * LINE_HEIGHT
    for first, _end in list(SERVICE_COLUMNS.values())[1:]:
        x = column_x(first) - 2
        canvas.line(x, top, x, bottom)
    cents_rule = column_x(56) - 3.6  # the dotted rule between dollars and cents of 24F and 28
    canvas.setDash(1, 1.5)
    canvas.line(cents_rule, top, cents_rule, bottom)
    canvas.line(column_x(58) - 3.6, line_top(57), column_x(58) - 3.6, line_top(57) - LINE_HEIGHT)
    canvas.setDash()
