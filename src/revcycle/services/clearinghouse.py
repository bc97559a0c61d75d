"""Clearinghouse use cases: submit a claims batch as an 837P, collect and apply the answers.

    submit_batch(uow, user, partner, batch_id, submitter)   # a scrub batch's ready claims -> the partner
    collect(uow, user, partner) -> CollectReport            # 999 / 277CA -> claim states; 835 -> posted

ISA13/GS06 come from `x12_control_numbers` (persisted per partner, never reused); the interchange is
recorded (`clearinghouse_batches`) and each claim in it notes when it went out and in which
interchange (`claims.submitted_at`, `submission_batch_id`); the file reaches the partner only after
that transaction commits. A 999 names the GS06 it answers (AK102), which finds the interchange and its
claims; a 277CA names each claim (TRN02 = CLM01) and is kept as the proof of submission appeals cite.
Each file collected is read once, applied in its own transaction, then archived.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from revcycle.claims.lifecycle import Moves
from revcycle.claims.model import ClaimStatus
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.practice.organization import Receiver, Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.claims import send_ready_claims
from revcycle.services.remittances import post_remittance
from revcycle.store.uow import UnitOfWork
from revcycle.x12 import X12File, read_x12
from revcycle.x12.guides.x277ca.model import claim_acknowledgments

ACK_WORDS = {"A": "accepted", "E": "accepted with errors", "P": "partially accepted", "R": "rejected",
             "M": "rejected: message authentication failed", "W": "rejected: assurance failed", "X": "rejected: content not decrypted"}  # fmt: skip
IK5_WORDS = {"1": "transaction set not supported", "2": "trailer missing", "3": "control numbers do not match",
             "4": "segment count wrong", "5": "one or more segments in error", "6": "missing or invalid transaction set id",
             "7": "missing or invalid control number", "23": "duplicate control number"}  # fmt: skip
CSCC_WORDS = {"20": "accepted for processing", "19": "entity acknowledges receipt", "21": "missing or invalid information",
              "33": "subscriber and subscriber id not found", "562": "entity's NPI missing or invalid",
              "96": "no agreement with entity", "116": "claim submitted to the wrong payer"}  # fmt: skip
REJECTING = ("R", "M", "W", "X")  # 999 AK901 codes that reject the file


@dataclass(slots=True)
class CollectReport:
    files: list[str] = field(default_factory=list)
    batches: dict[int, str] = field(default_factory=dict)  # interchange control number -> plain words
    claims: dict[str, str] = field(default_factory=dict)  # claim control number -> plain words
    remittances: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def submit_batch(uow: UnitOfWork, user: User, partner: Clearinghouse, batch_id: int,
                 submitter: Submitter) -> tuple[int, str]:  # fmt: skip
    """A scrub batch's ready claims as an 837P under the partner's next interchange number: recorded,
    the claims submitted with their charges posted (`services.claims.send_ready_claims`), then the file
    handed to the partner (after the commit: a rolled-back batch never reaches the clearinghouse)."""
    name = partner.settings.name
    with uow:
        user.require(Permission.POST_LEDGER)
        number = uow.remittances.next_interchange_number(name)
        file_name = f"{name}-{number:09d}.837"
        interchange = uow.remittances.add_batch({"partner": name, "interchange_control_number": number,
                                                 "file_name": file_name, "claim_count": 0, "status": "submitted",
                                                 "submitted_at": uow.clock.now()})  # fmt: skip
        receiver = Receiver(name.upper(), partner.settings.receiver_id)
        sent = send_ready_claims(uow, user, batch_id, submitter, receiver, number, interchange)
        uow.remittances.set_batch_claim_count(interchange, len(sent.claims))
        uow.claims.mark_exported(batch_id, uow.clock.now(), file_name)
        audit.record(uow, user, audit.Action.CREATE, "clearinghouse_batch", interchange, f"{name} ISA13={number}")
    partner.submit(file_name, sent.text)
    return number, file_name


def collect(uow: UnitOfWork, user: User, partner: Clearinghouse) -> CollectReport:
    report = CollectReport()
    for name in partner.waiting():
        data = partner.fetch(name)
        result = read_x12(data)
        if any(parsed.guide is not None and parsed.guide.key == "835" for parsed in result.transactions):
            posted = post_remittance(uow, user, data, name, read=result)
            report.remittances.append({"file": name, "status": posted.status, "claims_posted": posted.claims_posted,
                                       "exceptions": len(posted.exceptions)})  # fmt: skip
        else:
            with uow:
                user.require(Permission.POST_LEDGER)
                _apply_acknowledgments(uow, user.id, partner, result, report)
        report.files.append(name)
        partner.archive(name)
    return report


def _apply_acknowledgments(uow: UnitOfWork, user_id: int | None, partner: Clearinghouse, result: X12File,
                           report: CollectReport) -> None:  # fmt: skip
    now, moves = uow.clock.now(), Moves()
    for ack in result.models("999") + result.models("997"):
        batch = uow.remittances.batch_by_interchange(partner.settings.name, int(ack.group_control_number or 0))  # type: ignore[attr-defined]
        if batch is None:
            report.unmatched.append(f"999 for group {ack.group_control_number}: no batch we sent")  # type: ignore[attr-defined]
            continue
        words = _ack_words(ack)
        rejected = ack.status in REJECTING  # type: ignore[attr-defined]
        uow.remittances.set_batch_status(batch.id, "rejected" if rejected else "accepted", words)
        report.batches[batch.interchange_control_number] = words
        if rejected:
            for claim in uow.claims.get_many(uow.claims.of_batch(batch.id)).values():
                moves.move(claim, ClaimStatus.REJECTED, now, f"999: {words}")
    claim_acks = [ack for transaction in result.models("277ca") for ack in claim_acknowledgments(transaction)]  # type: ignore[arg-type]
    sent = uow.claims.by_numbers(ack.patient_control_number for ack in claim_acks)
    for ack in claim_acks:
        claim = sent.get(ack.patient_control_number)
        if claim is None or claim.id is None:
            report.unmatched.append(f"277CA for claim {ack.patient_control_number}: not a claim we sent")
            continue
        words = _claim_words(ack)
        moves.move(claim, ClaimStatus.ACCEPTED if ack.accepted else ClaimStatus.REJECTED, now, words)
        uow.appeals.add_acknowledgment(claim.id, ack.accepted, ack.status_date, words, ack.payer_claim_number, now)
        report.claims[ack.patient_control_number] = words
    uow.claims.record_statuses(moves.states, user_id)


def _ack_words(ack) -> str:  # noqa: ANN001 - a 999 FunctionalAck
    words = ACK_WORDS.get(ack.status, ack.status)
    problems = [f"set {t.control_number}: " + ", ".join(IK5_WORDS.get(code, code) for code in t.error_codes)
                for t in ack.transactions if t.error_codes]  # fmt: skip
    return words + (f" ({'; '.join(problems)})" if problems else "")


def _claim_words(ack) -> str:  # noqa: ANN001 - a 277CA ClaimAcknowledgment
    parts = [f"{code.category}:{code.status} {CSCC_WORDS.get(code.status, '')}".strip() for code in ack.status_codes]
    verdict = "accepted" if ack.accepted else "rejected"
    number = f", payer claim {ack.payer_claim_number}" if ack.payer_claim_number else ""
    return f"{verdict}: " + "; ".join(parts) + number
