"""Render an `AppealLetter` as a PDF (reportlab platypus, US letter, 1-inch margins).

Top to bottom: the practice's letterhead (name, address, NPI/TIN), the date, the payer's appeals
department, the claim facts (patient, member id, claim and payer claim numbers, dates of service,
billed and denied), the subject, the template's paragraphs, the denied lines, the reasons in plain
words, the proof of submission (when known), the biller's notes, the closing and the enclosures.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from revcycle.denials.appeal_letter import AppealLetter, letter_text, money, us_date

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("appeal-body", parent=_STYLES["Normal"], fontName="Helvetica", fontSize=10, leading=13)
SMALL = ParagraphStyle("appeal-small", parent=BODY, fontSize=9, leading=11)
HEAD = ParagraphStyle("appeal-head", parent=BODY, fontName="Helvetica-Bold", fontSize=14, leading=17)
BOLD = ParagraphStyle("appeal-bold", parent=BODY, fontName="Helvetica-Bold")
GRID = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                   ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("ALIGN", (4, 0), (5, -1), "RIGHT"),
                   ("VALIGN", (0, 0), (-1, -1), "TOP")])  # fmt: skip
FACTS = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
                    ("FONT", (2, 0), (2, -1), "Helvetica-Bold", 9),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)])  # fmt: skip


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _letterhead(letter: AppealLetter) -> list[Flowable]:
    ids = f"NPI {letter.practice_npi}" + (f"  TIN {letter.practice_tin}" if letter.practice_tin else "")
    return [_p(letter.practice_name, HEAD), *(_p(line, SMALL) for line in letter.practice_address), _p(ids, SMALL),
            Spacer(1, 14), _p(letter.letter_date.strftime("%B %d, %Y").replace(" 0", " ")), Spacer(1, 8),
            _p(letter.payer_name, BOLD), _p("Appeals and reconsiderations"),
            *(_p(line) for line in letter.payer_address), Spacer(1, 10)]  # fmt: skip


def _facts(letter: AppealLetter) -> Table:
    """Two label/value pairs a row: who (left) and which claim (right)."""
    birth = us_date(letter.patient_birth_date) if letter.patient_birth_date else ""
    rows = [("Patient", letter.patient_name, "Claim number", letter.claim_number),
            ("Date of birth", birth, "Payer claim number", letter.payer_claim_number or "not known"),
            ("Member ID", letter.member_id, "Date(s) of service", letter.dates_of_service),
            ("Billed", money(letter.billed_cents), "Denied", money(letter.denied_cents)),
            ("Appeal level", str(letter.level), "Appeal deadline", us_date(letter.deadline))]  # fmt: skip
    table = Table(
        [list(row) for row in rows], colWidths=[w * inch for w in (1.0, 2.0, 1.3, 1.7)], hAlign="LEFT"
    )
    table.setStyle(FACTS)
    return table


def _lines(letter: AppealLetter) -> Table:
    rows = [["Date", "Code", "Modifiers", "Units", "Billed", "Denied", "Reason", "Remarks"]]
    for line in letter.lines:
        rows.append([us_date(line.service_date), line.procedure_code, " ".join(line.modifiers),
                     str(line.units), money(line.billed_cents), money(line.denied_cents),
                     " ".join(line.adjustments), " ".join(line.remarks)])  # fmt: skip
    widths = [0.8, 0.6, 0.75, 0.45, 0.8, 0.8, 0.9, 0.9]
    table = Table(rows, colWidths=[w * inch for w in widths], hAlign="LEFT", repeatRows=1)
    table.setStyle(GRID)
    return table


def _proof(letter: AppealLetter) -> list[Flowable]:
    proof = letter.submission
    if proof is None:
        return []
    sent = ", ".join([us_date(proof.submitted_on)] + ([f"file {proof.batch_file}"] if proof.batch_file else [])
                     + ([f"interchange {proof.interchange_control_number}"]
                        if proof.interchange_control_number is not None else []))  # fmt: skip
    rows = [("Submitted", sent)]
    if proof.clearinghouse_status:
        rows.append(("999", proof.clearinghouse_status))
    if proof.payer_acknowledgment:
        when = f" ({us_date(proof.accepted_on)})" if proof.accepted_on else ""
        rows.append(("277CA", proof.payer_acknowledgment + when))
    table = Table([[label, Paragraph(escape(value), SMALL)] for label, value in rows],
                  colWidths=[1.0 * inch, 5.0 * inch], hAlign="LEFT")  # fmt: skip
    table.setStyle(FACTS)
    return [Spacer(1, 6), _p("Proof of submission", BOLD), table]


def _signature(letter: AppealLetter) -> list[Flowable]:
    """The practice's billing contact signs, with the number to call; else the billing office."""
    lines = [letter.signer_name] if letter.signer_name else []
    lines.append(f"Billing office, {letter.practice_name}")
    if letter.practice_phone:
        lines.append(f"Phone {letter.practice_phone}")
    return [_p(line) for line in lines]


def story(letter: AppealLetter) -> list[Flowable]:
    text = letter_text(letter)
    flow: list[Flowable] = [*_letterhead(letter), _facts(letter), Spacer(1, 10),
                            _p(f"Subject: {text.subject}", BOLD), Spacer(1, 6)]  # fmt: skip
    flow += [item for paragraph in text.paragraphs[:-1] for item in (_p(paragraph), Spacer(1, 6))]
    flow += [_lines(letter), Spacer(1, 8), _p("Denial reasons", BOLD)]
    flow += [_p(f"{code}: {words}", SMALL) for code, words in letter.reasons()]
    flow += _proof(letter)
    if letter.note.strip():
        flow += [Spacer(1, 8), _p("Notes from our coding and billing staff", BOLD), _p(letter.note.strip())]
    flow += [Spacer(1, 8), _p(text.paragraphs[-1]), Spacer(1, 14), _p("Sincerely,"), Spacer(1, 18),
             *_signature(letter)]  # fmt: skip
    flow += [Spacer(1, 10), _p("Enclosures", BOLD), *(_p(f"- {item}", SMALL) for item in text.enclosures)]
    return flow


def render_appeal_letter(letter: AppealLetter, out: Path | BinaryIO) -> int:
    """Write the letter; returns the number of pages."""
    target = str(out) if isinstance(out, Path) else out
    document = SimpleDocTemplate(target, pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=0.75 * inch,
                                 bottomMargin=0.75 * inch, title=f"Appeal {letter.claim_number}",
                                 author=letter.practice_name)  # fmt: skip
    pages = {"count": 0}

    def count(canvas, _doc) -> None:  # noqa: ANN001
        pages["count"] = canvas.getPageNumber()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            LETTER[0] - inch, 0.5 * inch, f"Claim {letter.claim_number} - page {pages['count']}"
        )

    document.build(story(letter), onFirstPage=count, onLaterPages=count)
    return pages["count"]
