"""Eligibility questions <-> 270 inquiries (005010X279A1).

    text = write_270([question], parties, settings, control_number=12, created=datetime(...))
    questions = questions_from_270(read_x12(text).models("270")[0])    # the payer's side

A subscriber question puts the member in 2000C; a dependent without an id of their own goes in
2000D under the subscriber (INS is not sent: the 270 has none). Each member asks EQ service
types (30 health benefit plan coverage, 98 professional physician office visit) on DTP*291.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.payer.eligibility import EligibilityQuestion
from revcycle.x12.guides.parts import DatePeriod, Demographics, Entity, Trace
from revcycle.x12.guides.x270_271.model import Eligibility, Inquiry, Member, Receiver, Source
from revcycle.x12.guides.x270_271.write import write_eligibility

STANDARD_SERVICE_TYPES = ("30", "98")


@dataclass(frozen=True, slots=True)
class InquiryParties:
    payer_name: str
    payer_id: str
    provider_name: str
    provider_npi: str
    trace_originator: str = "9CLINIC001"  # TRN03: 1 + the provider's id (10 characters)


def inquiry_270(questions: list[EligibilityQuestion], parties: InquiryParties, control_number: str,
                created: dt.datetime) -> Eligibility:  # fmt: skip
    receiver = Receiver(
        Entity("1P", "2", parties.provider_name.upper(), id_qualifier="XX", id=parties.provider_npi),
        subscribers=[_subscriber(question, parties) for question in questions],
    )
    source = Source(Entity("PR", "2", parties.payer_name.upper(), id_qualifier="PI", id=parties.payer_id),
                    receivers=[receiver])  # fmt: skip
    return Eligibility("270", control_number, "13", f"E{control_number}", created.date(),
                       created.strftime("%H%M"), sources=[source])  # fmt: skip


def _subscriber(question: EligibilityQuestion, parties: InquiryParties) -> Member:
    trace = [Trace("1", question.trace or "1", parties.trace_originator)]
    asked = [DatePeriod("291", question.date_of_service)]
    inquiries = [Inquiry(list(question.service_types))]
    subscriber = Member(
        Entity("IL", "1", question.last_name.upper(), question.first_name.upper(), id_qualifier="MI",
               id=question.member_id),
        demographics=Demographics(question.birth_date) if question.birth_date else None,
    )  # fmt: skip
    if not question.about_dependent:
        subscriber.traces, subscriber.dates, subscriber.inquiries = trace, asked, inquiries
        return subscriber
    dependent = Member(
        Entity("03", "1", question.dependent_last_name.upper(), question.dependent_first_name.upper()),
        trace, demographics=Demographics(question.dependent_birth_date) if question.dependent_birth_date else None,
        dates=asked, inquiries=inquiries,
    )  # fmt: skip
    subscriber.dependents.append(dependent)
    return subscriber


def write_270(questions: list[EligibilityQuestion], parties: InquiryParties, settings: EnvelopeSettings,
              control_number: int, created: dt.datetime) -> str:  # fmt: skip
    """One interchange with one 270 asking about every question (ISA13/GS06 = control_number)."""
    inquiry = inquiry_270(questions, parties, f"{control_number:04d}", created)
    return write_eligibility([inquiry], settings.header(control_number, created), sender=settings.group_sender,
                             receiver=settings.group_receiver, group_control=control_number)  # fmt: skip


def questions_from_270(inquiry: Eligibility) -> list[tuple[Member, EligibilityQuestion]]:
    """(the member loop that asked, its question) for every 2000C/2000D loop carrying a date or an EQ."""
    found: list[tuple[Member, EligibilityQuestion]] = []
    for source in inquiry.sources:
        for receiver in source.receivers:
            for subscriber in receiver.subscribers:
                if subscriber.inquiries or not subscriber.dependents:
                    found.append((subscriber, _question(subscriber, None, inquiry.created)))
                found += [(d, _question(subscriber, d, inquiry.created)) for d in subscriber.dependents]
    return found


def _question(subscriber: Member, dependent: Member | None, created: dt.date | None) -> EligibilityQuestion:
    asking = dependent or subscriber
    period = asking.date("291") or subscriber.date("291")
    on = (period.start if period and period.start else None) or created or dt.date.today()
    types = tuple(t for inquiry in asking.inquiries for t in inquiry.service_types) or ("30",)
    trace = asking.traces[0].number if asking.traces else ""
    subscriber_birth = subscriber.demographics.birth_date if subscriber.demographics else None
    if dependent is None:
        return EligibilityQuestion(subscriber.member_id, subscriber.entity.last_or_organization,
                                   subscriber.entity.first, on, subscriber_birth, types, trace=trace)  # fmt: skip
    return EligibilityQuestion(
        subscriber.member_id, subscriber.entity.last_or_organization, subscriber.entity.first, on, subscriber_birth,
        types, dependent.entity.last_or_organization, dependent.entity.first,
        dependent.demographics.birth_date if dependent.demographics else None, trace,
    )  # fmt: skip
