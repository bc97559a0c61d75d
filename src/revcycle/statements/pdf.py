"""Render a `Statement` as a PDF (reportlab, US letter).

Layout (points from the top-left corner; letter is 612 x 792):
- practice header top left (name, address, phone); statement facts top right (date, account,
  due date, amount due);
- the guarantor's mailing block at x 72, top 144 — where a #10 double-window envelope shows it —
  and the remit-to block at x 360, top 144;
- the itemised services from top 250 (ITEMS_PER_PAGE rows a page, continued on more pages);
- after the last item: aging, credit on account, the payment plan lines (plan, past due
  installments, next installment, plan balance remaining), amount due and due date, payment
  options (on a page of its own when the last page has more rows than the summary leaves room for).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from revcycle.kernel.money import Money
from revcycle.practice.organization import Address
from revcycle.statements.model import AGING_LABELS, Party, Statement, StatementItem, phone_text

PAGE_WIDTH, PAGE_HEIGHT = LETTER
LEFT, RIGHT = 54, 558
MAILING_X, REMIT_X, ADDRESS_TOP = 72, 360, 144
ITEMS_TOP, ROW_HEIGHT, ITEMS_PER_PAGE = 250, 13, 30
SUMMARY_PAGE_ITEMS = 24  # the summary (about 150 pt) fits under at most this many rows
# (header, x, alignment) of the item table; numbers are right-aligned at their x
COLUMNS = (("Date", LEFT, "left"), ("Patient", 104, "left"), ("Service", 190, "left"),
           ("Charge", 318, "right"), ("Ins. paid", 366, "right"), ("Adjusted", 414, "right"),
           ("You paid", 462, "right"), ("Ins. due", 510, "right"), ("You owe", RIGHT, "right"))


def money(cents: int) -> str:
    return str(Money(cents))


def _text(canvas: Canvas, x: float, top: float, text: str, size: float = 9, bold: bool = False,
          align: str = "left") -> None:
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    y = PAGE_HEIGHT - top
    if align == "right":
        canvas.drawRightString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def address_lines(address: Address | None) -> list[str]:
    if address is None:
        return []
    zip_code = address.zip_code if len(address.zip_code) == 5 else f"{address.zip_code[:5]}-{address.zip_code[5:]}"
    return [line for line in (address.line1, address.line2) if line] + [f"{address.city}, {address.state} {zip_code}"]


def _party(canvas: Canvas, x: float, top: float, party: Party, title: str = "") -> None:
    lines = ([title] if title else []) + [party.name, *address_lines(party.address)]
    for index, line in enumerate(lines):
        _text(canvas, x, top + index * 12, line, 10, bold=bool(title) and index == 0)


def _header(canvas: Canvas, statement: Statement, page: int, pages: int) -> None:
    practice = statement.practice
    _text(canvas, LEFT, 54, practice.name, 14, bold=True)
    phone = f"Phone {phone_text(practice.phone)}" if practice.phone else ""
    for index, line in enumerate([*address_lines(practice.address), phone]):
        _text(canvas, LEFT, 70 + index * 11, line, 9)
    _text(canvas, RIGHT, 54, "PATIENT STATEMENT", 14, bold=True, align="right")
    facts = (("Statement date", statement.statement_date.strftime("%m/%d/%Y")),
             ("Account number", statement.account_number),
             ("Please pay by", statement.due_date.strftime("%m/%d/%Y")),
             ("Amount due", money(statement.amount_due_cents)))
    for index, (label, value) in enumerate(facts):
        _text(canvas, 400, 72 + index * 12, label, 9)
        _text(canvas, RIGHT, 72 + index * 12, value, 9, bold=label == "Amount due", align="right")
    _text(canvas, RIGHT, 770, f"Page {page} of {pages}", 8, align="right")


def _item_row(canvas: Canvas, top: float, item: StatementItem) -> None:
    values = (item.service_date.strftime("%m/%d/%Y"), item.patient_name[:16], item.description[:22],
              money(item.charge_cents), money(item.insurance_paid_cents), money(item.adjustment_cents),
              money(item.patient_paid_cents), money(item.insurance_pending_cents), money(item.balance_cents))
    for (_, x, align), value in zip(COLUMNS, values, strict=True):
        _text(canvas, x, top, value, 8, align=align)


def _items(canvas: Canvas, items: list[StatementItem]) -> float:
    for header, x, align in COLUMNS:
        _text(canvas, x, ITEMS_TOP, header, 8, bold=True, align=align)
    canvas.line(LEFT, PAGE_HEIGHT - ITEMS_TOP - 4, RIGHT, PAGE_HEIGHT - ITEMS_TOP - 4)
    top = ITEMS_TOP + ROW_HEIGHT + 2
    for item in items:
        _item_row(canvas, top, item)
        top += ROW_HEIGHT
    return top


def plan_lines(statement: Statement) -> list[str]:
    """What the statement says of each active payment plan, printed under the credit line."""
    lines = []
    for plan in statement.plans:
        lines.append(f"Payment plan {plan.plan_id}: {money(plan.total_cents)} in {plan.installments} "
                     f"{plan.frequency} installments")  # fmt: skip
        if plan.past_due_cents:
            lines.append(f"Past due installments: {money(plan.past_due_cents)}")
        if plan.next_due is not None:
            lines.append(f"Next installment: {money(plan.next_cents)} due {plan.next_due.strftime('%m/%d/%Y')}")
        lines.append(f"Plan balance remaining: {money(plan.remaining_cents)}")
    return lines


def _summary(canvas: Canvas, statement: Statement, top: float) -> None:
    top += 12
    canvas.line(LEFT, PAGE_HEIGHT - top + 10, RIGHT, PAGE_HEIGHT - top + 10)
    for index, (label, cents) in enumerate(zip(AGING_LABELS, statement.aging, strict=True)):
        x = LEFT + 80 + index * 110
        _text(canvas, x, top + 8, label, 8, bold=True, align="right")
        _text(canvas, x, top + 20, money(cents), 9, align="right")
    if statement.unapplied_cents:
        _text(canvas, LEFT, top + 38, f"Credit on account: {money(-statement.unapplied_cents)}", 9)
    _text(canvas, 400, top + 38, "Amount due", 11, bold=True)
    _text(canvas, RIGHT, top + 38, money(statement.amount_due_cents), 11, bold=True, align="right")
    _text(canvas, 400, top + 52, "Please pay by", 9)
    _text(canvas, RIGHT, top + 52, statement.due_date.strftime("%m/%d/%Y"), 9, align="right")
    plans = plan_lines(statement)
    for index, line in enumerate(plans):
        _text(canvas, LEFT, top + 52 + index * 12, line, 9)
    ways = top + 72 + max(0, 12 * len(plans) - 8)
    _text(canvas, LEFT, ways, "Ways to pay", 10, bold=True)
    for index, option in enumerate(statement.payment_options):
        _text(canvas, LEFT, ways + 14 + index * 12, f"- {option}", 9)


def render_statement(statement: Statement, out: Path | BinaryIO) -> int:
    """Write the statement's PDF; returns the number of pages."""
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=LETTER)
    canvas.setTitle(f"Statement {statement.account_number} {statement.statement_date.isoformat()}")
    items = list(statement.items)
    chunks = [items[i:i + ITEMS_PER_PAGE] for i in range(0, len(items), ITEMS_PER_PAGE)] or [[]]
    plan_rows = -(-12 * len(plan_lines(statement)) // ROW_HEIGHT)
    if len(chunks[-1]) > SUMMARY_PAGE_ITEMS - plan_rows:
        chunks.append([])  # the summary gets a page of its own rather than running into the footer
    for page, chunk in enumerate(chunks, 1):
        _header(canvas, statement, page, len(chunks))
        if page == 1:
            _party(canvas, MAILING_X, ADDRESS_TOP, statement.guarantor)
            _party(canvas, REMIT_X, ADDRESS_TOP, statement.remit_to, "Remit payment to")
        end = _items(canvas, chunk)
        if page == len(chunks):
            _summary(canvas, statement, end)
        canvas.showPage()
    canvas.save()
    return len(chunks)
