"""Appeal letters: the wording per denial category, and the PDF read back with pdfplumber (no mocks)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest

from revcycle.denials.appeal_letter import AppealLetter, LetterLine, Submission, letter_text
from revcycle.denials.appeal_pdf import render_appeal_letter
from revcycle.denials.categories import Category

LETTER = AppealLetter(
    letter_date=date(2026, 3, 24), practice_name="Springfield Family Medicine",
    practice_address=("100 Main St", "Springfield, IL 62701-1234"), practice_npi="1234567893",
    payer_name="Acme Health", patient_name="Richard Roe", patient_birth_date=date(1970, 5, 1), member_id="W200",
    claim_number="E1-1", payer_claim_number="01260640000001", category=Category.MEDICAL_NECESSITY,
    denied_on=date(2026, 3, 19), deadline=date(2026, 9, 15), billed_cents=19000,
    lines=(LetterLine(date(2026, 3, 2), "83036", 4000, 4000, ("CO-50",), ("N115",)),),
    note="A1c ordered for poorly controlled type 2 diabetes (E11.65); last result 9.1% on 12/01/2025.",
    prepared_by="bea", practice_tin="123456789", payer_address=("PO Box 4500", "Hartford, CT 06101"),
    signer_name="Dana Biller", practice_phone="(217) 555-0142",
)  # fmt: skip
PROOF = Submission(date(2026, 3, 5), "acme-000000001.837", 1, "accepted",
                   "accepted: A2:20 accepted for processing, payer claim 01260640000001", date(2026, 3, 5))  # fmt: skip


def _lines(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [line for page in pdf.pages for line in page.extract_text().splitlines()]


@pytest.mark.parametrize(
    ("category", "subject", "first_enclosure"),
    [
        (Category.MEDICAL_NECESSITY, "Appeal of a medical necessity denial", "Medical record of the date of service"),
        (Category.BUNDLING, "Appeal of a bundling denial", "Procedure and visit notes of the date of service"),
        (Category.TIMELY_FILING, "Appeal of a timely filing denial", "Electronic submission and acknowledgement reports"),
        (Category.AUTHORIZATION, "Appeal of an authorization denial", "Authorization record"),
        (Category.CODING, "Request for reconsideration of a denied claim", "Medical record of the date of service"),
    ],
)  # fmt: skip
def test_each_category_has_its_template(category, subject, first_enclosure):
    # given the same claim denied in each category / when the letter is worded
    text = letter_text(replace(LETTER, category=category))
    # then subject and enclosures follow the category; every letter opens and closes the same way
    assert (text.subject, text.enclosures[0], text.enclosures[-1]) == (
        subject, first_enclosure, "Copy of the remittance advice showing the denial")  # fmt: skip
    assert text.paragraphs[0] == (
        "We ask you to reconsider your decision of 03/19/2026 on the claim above. "
        "You denied $40.00 of the $190.00 billed (CO-50)."
    )
    assert text.paragraphs[-1].startswith("Your appeal window for this denial ends on 09/15/2026.")


def test_timely_filing_states_the_proof_of_submission():
    # given a timely filing denial (CO-29) of a claim we sent on 03/05 in interchange 1, acknowledged by 999 and 277CA
    letter = replace(LETTER, category=Category.TIMELY_FILING, submission=PROOF, level=2,
                     lines=(LetterLine(date(2026, 3, 2), "99214", 15000, 15000, ("CO-29",)),))  # fmt: skip
    # when worded
    text = letter_text(letter)
    # then the second paragraph gives the dates and the acknowledgements; the level shows in the opening
    assert text.paragraphs[0].endswith("(CO-29). This is our level 2 appeal of this claim.")
    assert text.paragraphs[1] == (
        "The claim was filed within your filing limit. We submitted the claim electronically on 03/05/2026 in file "
        "acme-000000001.837 (interchange 1). The 999 acknowledgement of the file: accepted. Your 277CA "
        "acknowledgement of the claim, dated 03/05/2026: accepted: A2:20 accepted for processing, payer claim 01260640000001."
    )


def test_the_pdf_reads_back_with_the_claim_the_denial_and_the_notes(tmp_path):
    # given a medical necessity letter
    out = tmp_path / "appeal.pdf"
    # when rendered
    pages = render_appeal_letter(LETTER, out)
    # then pdfplumber reads the letterhead, the facts, the denied line, the reasons and the note
    lines = _lines(out)
    assert pages == 1
    assert lines[:10] == ["Springfield Family Medicine", "100 Main St", "Springfield, IL 62701-1234",
                          "NPI 1234567893 TIN 123456789", "March 24, 2026", "Acme Health",
                          "Appeals and reconsiderations", "PO Box 4500", "Hartford, CT 06101",
                          "Patient Richard Roe Claim number E1-1"]  # fmt: skip
    for expected in ("Date of birth 05/01/1970 Payer claim number 01260640000001",
                     "Member ID W200 Date(s) of service 03/02/2026", "Billed $190.00 Denied $40.00",
                     "Appeal level 1 Appeal deadline 09/15/2026",
                     "Subject: Appeal of a medical necessity denial",
                     "Date Code Modifiers Units Billed Denied Reason Remarks",
                     "03/02/2026 83036 1 $40.00 $40.00 CO-50 N115",
                     "CO-50: the payer does not consider the service medically necessary",
                     "N115: the decision was based on a local coverage determination",
                     "Notes from our coding and billing staff", "- Medical record of the date of service",
                     "Claim E1-1 - page 1"):  # fmt: skip
        assert expected in lines
    # and the practice's billing contact signs, with the phone to call; the drafting user is not printed
    signed = lines.index("Sincerely,")
    assert lines[signed + 1 : signed + 4] == [
        "Dana Biller", "Billing office, Springfield Family Medicine", "Phone (217) 555-0142"]
    assert not any(line.startswith("Prepared by") for line in lines)
    assert (
        "A1c ordered for poorly controlled type 2 diabetes (E11.65); last result 9.1% on 12/01/2025."
        in " ".join(lines)
    )
    assert "Proof of submission" not in lines


def test_the_timely_filing_pdf_has_a_proof_of_submission_block(tmp_path):
    # given a timely filing letter with what the clearinghouse and payer acknowledged
    letter = replace(LETTER, category=Category.TIMELY_FILING, submission=PROOF, note="")
    # when rendered / then the proof is printed as a block and no notes heading appears
    render_appeal_letter(letter, tmp_path / "tf.pdf")
    lines = _lines(tmp_path / "tf.pdf")
    start = lines.index("Proof of submission")
    assert lines[start + 1 : start + 4] == [
        "Submitted 03/05/2026, file acme-000000001.837, interchange 1", "999 accepted",
        "277CA accepted: A2:20 accepted for processing, payer claim 01260640000001 (03/05/2026)"]  # fmt: skip
    assert "Notes from our coding and billing staff" not in lines


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_the_letter_renders_to_an_image_with_ink_on_it(tmp_path):
    # given a rendered letter / when poppler rasterises page 1 at 40 dpi
    render_appeal_letter(LETTER, tmp_path / "a.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(tmp_path / "a.pdf"),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    (image,) = tmp_path.glob("page*.pgm")
    data = image.read_bytes()
    header_end = data.index(b"255\n") + 4
    width, height = map(int, data[3 : header_end - 4].split())
    pixels = data[header_end:]
    # then it is a US letter page (8.5 x 11 in at 40 dpi) with dark text in its upper half
    assert (width, height) == (340, 440)
    dark_top = sum(1 for value in pixels[: len(pixels) // 2] if value < 128)
    assert dark_top > 500
