"""What an appeal letter says: the facts (claim, denial, notes) and the wording per denial category.

    letter = AppealLetter(...)                    # filled by `services.appeals` from the stored claim
    text = letter_text(letter)                    # subject, paragraphs, enclosures (template by category)
    render_appeal_letter(letter, out)             # the PDF (`denials.appeal_pdf`)

Templates: medical necessity, bundling, timely filing (with the proof of submission: the 837P file,
the 999 and 277CA acknowledgements), authorization, and a generic one for every other category.
The wording is ours. Pure: no database, nothing logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.denials.categories import Category
from revcycle.denials.reason_words import carc_words, rarc_words
from revcycle.kernel.money import Money


@dataclass(frozen=True, slots=True)
class LetterLine:
    service_date: date
    procedure_code: str
    billed_cents: int
    denied_cents: int
    adjustments: tuple[str, ...] = ()  # "CO-197"
    remarks: tuple[str, ...] = ()  # RARCs
    modifiers: tuple[str, ...] = ()
    units: int = 1


@dataclass(frozen=True, slots=True)
class Submission:
    """Proof the claim reached the payer: the 837P file and the acknowledgements that came back."""

    submitted_on: date
    batch_file: str = ""
    interchange_control_number: int | None = None
    clearinghouse_status: str = ""  # the 999's words, e.g. "accepted"
    payer_acknowledgment: str = (
        ""  # the 277CA's words, e.g. "accepted: A2:20 accepted for processing, payer claim …"
    )
    accepted_on: date | None = None


@dataclass(frozen=True, slots=True)
class AppealLetter:
    letter_date: date
    practice_name: str
    practice_address: tuple[str, ...]
    practice_npi: str
    payer_name: str
    patient_name: str
    patient_birth_date: date | None
    member_id: str
    claim_number: str
    payer_claim_number: str
    category: Category
    denied_on: date
    deadline: date
    lines: tuple[LetterLine, ...]
    billed_cents: int  # the whole claim's charges
    level: int = 1
    note: str = ""
    submission: Submission | None = None
    prepared_by: str = ""  # the user who drafted it (kept in the audit log; not printed)
    practice_tin: str = ""
    payer_address: tuple[str, ...] = ()  # the payer's claims/appeals address, as printed
    signer_name: str = ""  # the practice's billing contact, who signs
    practice_phone: str = ""  # printed (217) 555-0100

    @property
    def denied_cents(self) -> int:
        return sum(line.denied_cents for line in self.lines)

    @property
    def dates_of_service(self) -> str:
        first = min(line.service_date for line in self.lines)
        last = max(line.service_date for line in self.lines)
        return us_date(first) if first == last else f"{us_date(first)} - {us_date(last)}"

    def reasons(self) -> list[tuple[str, str]]:
        """(code, plain words) for each adjustment then each remark code, in the order they appear."""
        seen: dict[str, str] = {}
        for line in self.lines:
            for adjustment in line.adjustments:
                seen.setdefault(adjustment, carc_words(adjustment.partition("-")[2] or adjustment))
        for line in self.lines:
            for remark in line.remarks:
                seen.setdefault(remark, rarc_words(remark))
        return list(seen.items())


@dataclass(frozen=True, slots=True)
class LetterText:
    subject: str
    paragraphs: tuple[str, ...]
    enclosures: tuple[str, ...]


def us_date(day: date) -> str:
    """MM/DD/YYYY, the one date format of the letter's text and its PDF."""
    return day.strftime("%m/%d/%Y")


def money(cents: int) -> str:
    return str(Money(cents))


def _opening(letter: AppealLetter) -> str:
    level = "" if letter.level == 1 else f" This is our level {letter.level} appeal of this claim."
    codes = ", ".join(code for code, _words in letter.reasons() if "-" in code)
    return (
        f"We ask you to reconsider your decision of {us_date(letter.denied_on)} on the claim above. You denied "
        f"{money(letter.denied_cents)} of the {money(letter.billed_cents)} billed ({codes}).{level}"
    )


@dataclass(frozen=True, slots=True)
class Wording:
    """A template: the subject, the body paragraphs after the opening, the category's enclosures."""

    subject: str
    body: tuple[str, ...]
    enclosures: tuple[str, ...]


MEDICAL_RECORD = "Medical record of the date of service"
TEMPLATES: dict[Category, Wording] = {
    Category.MEDICAL_NECESSITY: Wording(
        "Appeal of a medical necessity denial",
        (
            "The services were medically necessary. The treating provider's documentation for the date of "
            "service records the patient's condition, the findings that called for the service and why it could "
            "not wait. The diagnoses on the claim support the services as billed.",
            "We ask that a clinician review the enclosed record and that the services be paid under the "
            "patient's plan.",
        ),
        (MEDICAL_RECORD,),
    ),
    Category.BUNDLING: Wording(
        "Appeal of a bundling denial",
        (
            "The service you included in another one was separate and distinct: it was performed for a different "
            "problem, at a different session, or on a different site, as the enclosed notes document. The modifier "
            "on the claim line says so.",
            "We ask that the service be paid separately from the procedure it was bundled with.",
        ),
        ("Procedure and visit notes of the date of service",),
    ),
    Category.TIMELY_FILING: Wording(  # the first paragraph goes on with the proof (`_submission_facts`)
        "Appeal of a timely filing denial",
        (
            "The claim was filed within your filing limit.",
            "We ask that the claim be processed as filed on time.",
        ),
        ("Electronic submission and acknowledgement reports",),
    ),
    Category.AUTHORIZATION: Wording(
        "Appeal of an authorization denial",
        (
            "The authorization requirement for this service was met: the authorization obtained for it is given "
            "in the notes below and in the enclosed record. If it was not linked to the claim, please link it; if "
            "the service could not wait for an authorization, please review it retrospectively.",
            "We ask that the service be paid as authorized.",
        ),
        ("Authorization record", MEDICAL_RECORD),
    ),
    Category.NON_COVERED: Wording(  # a benefit question, not a clinical one: argue the plan's terms
        "Request for review of a coverage determination",
        (
            "You denied the service as not covered under the patient's plan. We ask that the determination be "
            "reviewed against the plan's benefit documents in force on the date of service: the service, as "
            "billed with its diagnosis, falls within the benefits the plan describes and is not among its "
            "exclusions or limits.",
            "If the plan does exclude the service, please say so in writing with the provision that excludes "
            "it, so that we can bill the patient under the waiver on file.",
        ),
        ("Summary of the plan's benefits for the service", "Patient's signed waiver (ABN), if any"),
    ),
}
GENERIC = Wording(
    "Request for reconsideration of a denied claim",
    (
        "We believe the claim was billed correctly and is payable under the patient's plan, for the reasons "
        "given in the notes below and in the enclosed documents.",
        "We ask that the claim be reprocessed and paid.",
    ),
    (MEDICAL_RECORD,),
)


def _submission_facts(proof: Submission | None) -> str:
    if proof is None:
        return "Our records of the electronic submission are enclosed."
    batch = f" in file {proof.batch_file}" if proof.batch_file else ""
    control = f" (interchange {proof.interchange_control_number})" if proof.interchange_control_number else ""
    facts = f"We submitted the claim electronically on {us_date(proof.submitted_on)}{batch}{control}."
    if proof.clearinghouse_status:
        facts += f" The 999 acknowledgement of the file: {proof.clearinghouse_status}."
    if proof.payer_acknowledgment:
        dated = f", dated {us_date(proof.accepted_on)}" if proof.accepted_on else ""
        facts += f" Your 277CA acknowledgement of the claim{dated}: {proof.payer_acknowledgment}."
    return facts


def letter_text(letter: AppealLetter) -> LetterText:
    wording = TEMPLATES.get(letter.category, GENERIC)
    body = wording.body
    if letter.category is Category.TIMELY_FILING:
        body = (f"{body[0]} {_submission_facts(letter.submission)}", *body[1:])
    closing = (
        f"Your appeal window for this denial ends on {us_date(letter.deadline)}. Please send your decision to the "
        "address above, or call our billing office if you need anything more."
    )
    return LetterText(
        wording.subject,
        (_opening(letter), *body, closing),
        (*wording.enclosures, "Copy of the remittance advice showing the denial"),
    )
