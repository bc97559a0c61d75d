"""Claim status: questions -> 276 requests (005010X212), 277 responses -> plain `ClaimStatusAnswer`s.

    text = write_276([question], parties, settings, control_number=3, created=datetime(...))
    answers, problems = read_277(data)

The 276 asks per claim at the subscriber level (HL 22): TRN*1 the patient control number
(CLM01), REF*1K the payer's claim number when we know it, AMT*T3 the charge, DTP*472 the
service dates. A 277 answer carries the status (STC category and codes, in plain words from
`claim_status_codes`), the payer claim number (REF*1K), adjudication and payment dates (STC06,
STC08), the amounts (STC04 charge, STC05 paid) and the check or EFT number (STC09).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.edi.claim_status_codes import category_words, status_words
from revcycle.edi.eligibility_270 import InquiryParties
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.money import Money, round_cents
from revcycle.x12 import read_x12
from revcycle.x12.guides.parts import DatePeriod, Entity, Reference, Trace
from revcycle.x12.guides.x276_277.model import ClaimStatusTransaction, StatusLevel, StatusReport
from revcycle.x12.guides.x276_277.write import write_claim_status

VERSION = "005010X212"


@dataclass(frozen=True, slots=True)
class ClaimStatusQuestion:
    claim_id: str  # the patient control number we sent (CLM01)
    member_id: str
    last_name: str
    first_name: str
    charge_cents: int
    first_service_date: dt.date
    last_service_date: dt.date
    payer_claim_number: str = ""


@dataclass(frozen=True, slots=True)
class StatusWords:
    category: str
    status: str
    words: str  # "finalized: paid — the claim or line has been paid"


@dataclass(slots=True)
class ClaimStatusAnswer:
    claim_id: str
    statuses: list[StatusWords] = field(default_factory=list)
    payer_claim_number: str = ""
    status_date: dt.date | None = None
    adjudicated_on: dt.date | None = None
    paid_on: dt.date | None = None
    charge_cents: int | None = None
    paid_cents: int | None = None
    payment_method: str = ""
    check_number: str = ""

    @property
    def category(self) -> str:
        return self.statuses[0].category if self.statuses else ""

    @property
    def words(self) -> str:
        return "; ".join(status.words for status in self.statuses)


def request_276(questions: list[ClaimStatusQuestion], parties: InquiryParties, control_number: str,
                created: dt.datetime) -> ClaimStatusTransaction:  # fmt: skip
    subscribers = [
        StatusLevel("22", [Entity("IL", "1", q.last_name.upper(), q.first_name.upper(), id_qualifier="MI",
                                  id=q.member_id)], reports=[_report(q)])
        for q in questions
    ]  # fmt: skip
    provider = StatusLevel("19", [Entity("1P", "2", parties.provider_name.upper(), id_qualifier="XX",
                                         id=parties.provider_npi)], children=subscribers)  # fmt: skip
    receiver = StatusLevel("21", [Entity("41", "2", parties.provider_name.upper(), id_qualifier="46",
                                         id=parties.provider_npi)], children=[provider])  # fmt: skip
    payer = StatusLevel("20", [Entity("PR", "2", parties.payer_name.upper(), id_qualifier="PI",
                                      id=parties.payer_id)], children=[receiver])  # fmt: skip
    return ClaimStatusTransaction("276", VERSION, control_number, "0010", "13", f"S{control_number}",
                                  created.date(), created.strftime("%H%M"), "", [payer])  # fmt: skip


def _report(question: ClaimStatusQuestion) -> StatusReport:
    references = [Reference("1K", question.payer_claim_number)] if question.payer_claim_number else []
    period = DatePeriod("472", question.first_service_date, question.last_service_date, "RD8")
    return StatusReport(Trace("1", question.claim_id), references=references,
                        amounts=[("T3", Money(question.charge_cents).to_decimal())], dates=[period])  # fmt: skip


def write_276(questions: list[ClaimStatusQuestion], parties: InquiryParties, settings: EnvelopeSettings,
              control_number: int, created: dt.datetime) -> str:  # fmt: skip
    request = request_276(questions, parties, f"{control_number:04d}", created)
    return write_claim_status([request], settings.header(control_number, created), sender=settings.group_sender,
                              receiver=settings.group_receiver, group_control=control_number)  # fmt: skip


def read_277(data: bytes | str | Path) -> tuple[list[ClaimStatusAnswer], list[str]]:
    """Every claim status loop of every 277 (X212) in the file, and the reader's problems."""
    result = read_x12(data)
    answers = [
        answer_from_report(report)
        for response in result.models("277")
        for _level, report in response.claims()  # type: ignore[attr-defined]
    ]
    return answers, [str(problem) for problem in result.errors]


def answer_from_report(report: StatusReport) -> ClaimStatusAnswer:
    answer = ClaimStatusAnswer(report.trace.number, payer_claim_number=report.payer_claim_number)
    for info in report.statuses:
        for code in info.codes:
            words = f"{category_words(code.category)} — {status_words(code.status)}" if code.status else category_words(code.category)
            answer.statuses.append(StatusWords(code.category, code.status, words))
    first = report.statuses[0] if report.statuses else None
    if first is not None:
        answer.status_date, answer.adjudicated_on, answer.paid_on = (
            first.effective_date, first.adjudication_date, first.payment_date
        )
        answer.charge_cents = None if first.charge is None else round_cents(first.charge)
        answer.paid_cents = None if first.paid is None else round_cents(first.paid)
        answer.payment_method, answer.check_number = first.payment_method, first.check_number
    return answer
