"""Clearinghouse use cases: submit a claims batch as an 837P, collect and apply the answers.

    submit_batch(uow, user, partner, batch_id, submitter)   # the claims package's batch -> outbox
    submit_file(uow, user, partner, text_for, claims)       # any 837P we built, with its claims' owners
    collect(uow, user, partner) -> CollectReport            # 999 / 277CA -> states; 835 -> posted

ISA13/GS06 come from `x12_control_numbers` (persisted per partner, never reused); a 999 names the
GS06 it answers (AK102), which finds the batch; a 277CA names each claim (TRN02 = CLM01).
Each response file is applied in its own transaction, then archived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from revcycle.claims.model import ClaimStatus
from revcycle.edi.claim_837_to_payer import submitted_claims
from revcycle.edi.claim_to_837 import Receiver, Submitter
from revcycle.edi.clearinghouse import DirectoryClearinghouse
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.claim_sync import advance_claims
from revcycle.services.claims import export_batch_837
from revcycle.services.remittances import post_remittance
from revcycle.services.submissions import register_submission
from revcycle.store.uow import UnitOfWork
from revcycle.x12 import read_x12
from revcycle.x12.guides.x277ca.model import claim_acknowledgments

ACK_WORDS = {"A": "accepted", "E": "accepted with errors", "P": "partially accepted", "R": "rejected",
             "M": "rejected: message authentication failed", "W": "rejected: assurance failed", "X": "rejected: content not decrypted"}  # fmt: skip
IK5_WORDS = {"1": "transaction set not supported", "2": "trailer missing", "3": "control numbers do not match",
             "4": "segment count wrong", "5": "one or more segments in error", "6": "missing or invalid transaction set id",
             "7": "missing or invalid control number", "23": "duplicate control number"}  # fmt: skip
CSCC_WORDS = {"20": "accepted for processing", "19": "entity acknowledges receipt", "21": "missing or invalid information",
              "33": "subscriber and subscriber id not found", "562": "entity's NPI missing or invalid",
              "96": "no agreement with entity", "116": "claim submitted to the wrong payer"}  # fmt: skip
TextFor = Callable[[int], str]  # interchange control number -> the 837P text carrying it


@dataclass(slots=True)
class Claimant:
    """Who a submitted claim belongs to in the practice."""

    patient_id: int
    payer_id: int
    next_payer_id: int | None = None
    service_line_ids: dict[int, int] = field(default_factory=dict)
    claim_reference: str = ""


@dataclass(slots=True)
class CollectReport:
    files: list[str] = field(default_factory=list)
    batches: dict[int, str] = field(default_factory=dict)  # interchange control number -> plain words
    claims: dict[str, str] = field(default_factory=dict)  # claim control number -> plain words
    remittances: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def submit_file(uow: UnitOfWork, user: User, partner: DirectoryClearinghouse, text_for: TextFor,
                claimants: dict[str, Claimant]) -> tuple[int, str]:  # fmt: skip
    """Number the interchange, record the batch and its claims, then drop the file in the outbox."""
    with uow:
        user.require(Permission.POST_LEDGER)
        repository = uow.remittances
        number = repository.next_interchange_number(partner.settings.name)
        text = text_for(number)
        file_name = f"{partner.settings.name}-{number:09d}.837"
        claims = [
            c for model in read_x12(text).models("837p") for c in submitted_claims(model, uow.clock.today())
        ]  # type: ignore[arg-type]
        batch_id = repository.add_batch({"partner": partner.settings.name, "interchange_control_number": number,
                                         "file_name": file_name, "claim_count": len(claims), "status": "submitted",
                                         "submitted_at": uow.clock.now()})  # fmt: skip
        for claim in claims:
            owner = claimants[claim.claim_id]
            register_submission(uow, user, claim, owner.patient_id, owner.payer_id, owner.next_payer_id,
                                owner.service_line_ids, batch_id, owner.claim_reference)  # fmt: skip
        audit.record(
            uow,
            user,
            audit.Action.CREATE,
            "clearinghouse_batch",
            batch_id,
            f"{partner.settings.name} ISA13={number}",
        )
    partner.submit(file_name, text)  # after the commit: a rolled-back batch never reaches the clearinghouse
    return number, file_name


def collect(uow: UnitOfWork, user: User, partner: DirectoryClearinghouse) -> CollectReport:
    report = CollectReport()
    for path in partner.waiting():
        data = path.read_bytes()
        kinds = {parsed.guide.key for parsed in read_x12(data, typed=False).transactions if parsed.guide}
        if "835" in kinds:
            posted = post_remittance(uow, user, data, path.name)
            report.remittances.append({"file": path.name, "status": posted.status, "claims_posted": posted.claims_posted,
                                       "exceptions": len(posted.exceptions)})  # fmt: skip
        else:
            with uow:
                user.require(Permission.POST_LEDGER)
                _apply_acknowledgments(uow, user.id, partner, data, report)
        report.files.append(path.name)
        partner.archive(path)
    return report


def _apply_acknowledgments(
    uow: UnitOfWork, user_id: int | None, partner, data: bytes, report: CollectReport
) -> None:  # noqa: ANN001
    repository = uow.remittances
    result = read_x12(data)
    for ack in result.models("999") + result.models("997"):
        batch = repository.batch_by_interchange(partner.settings.name, int(ack.group_control_number or 0))  # type: ignore[attr-defined]
        if batch is None:
            report.unmatched.append(f"999 for group {ack.group_control_number}: no batch we sent")  # type: ignore[attr-defined]
            continue
        words = _ack_words(ack)
        status = "rejected" if ack.status in ("R", "M", "W", "X") else "accepted"  # type: ignore[attr-defined]
        repository.set_batch_status(batch.id, status, words)
        report.batches[batch.interchange_control_number] = words
        if status == "rejected":
            members = repository.claims_of_batch(batch.id)
            repository.set_claim_status([claim_id for claim_id, _number in members], "rejected", f"999: {words}")
            found = repository.submitted_claims([number for _id, number in members])
            advance_claims(uow, user_id, [(row.claim_reference, ClaimStatus.REJECTED, f"999: {words}")
                                          for row in found.values()])  # fmt: skip
    claim_acks = [ack for transaction in result.models("277ca") for ack in claim_acknowledgments(transaction)]  # type: ignore[arg-type]
    sent = repository.submitted_claims(sorted({ack.patient_control_number for ack in claim_acks}))
    for ack in claim_acks:
        words = _claim_words(ack)
        row = sent.get(ack.patient_control_number)
        if row is None:
            report.unmatched.append(f"277CA for claim {ack.patient_control_number}: not a claim we sent")
            continue
        repository.set_claim_status([row.id], "accepted" if ack.accepted else "rejected", words)
        uow.appeals.add_acknowledgment(  # kept: the proof of submission appeals cite
            row.id, ack.accepted, ack.status_date, words, ack.payer_claim_number, uow.clock.now())  # fmt: skip
        report.claims[ack.patient_control_number] = words


def _ack_words(ack) -> str:  # noqa: ANN001 - a 999 FunctionalAck
    words = ACK_WORDS.get(ack.status, ack.status)
    problems = [f"set {t.control_number}: " + ", ".join(IK5_WORDS.get(code, code) for code in t.error_codes)
                for t in ack.transactions if t.error_codes]  # fmt: skip
    return words + (f" ({'; '.join(problems)})" if problems else "")


def _claim_words(ack) -> str:  # noqa: ANN001 - a 277CA ClaimAcknowledgment
    parts = [
        f"{code.category}:{code.status} {CSCC_WORDS.get(code.status, '')}".strip()
        for code in ack.status_codes
    ]
    verdict = "accepted" if ack.accepted else "rejected"
    number = f", payer claim {ack.payer_claim_number}" if ack.payer_claim_number else ""
    return f"{verdict}: " + "; ".join(parts) + number


def submit_batch(
    uow: UnitOfWork, user: User, partner: DirectoryClearinghouse, batch_id: int, submitter: Submitter
) -> tuple[int, str]:
    """The claims package's batch: exported as an 837P under the next interchange number (its ready
    claims marked submitted and their charges posted by `services.claims`), recorded, then submitted."""
    staging = partner.root / "staging" / f"batch-{batch_id}.837"
    staging.parent.mkdir(parents=True, exist_ok=True)
    owners: dict[str, Claimant] = {}

    def text_for(number: int) -> str:
        receiver = Receiver(partner.settings.name.upper(), partner.settings.receiver_id)
        export = export_batch_837(
            uow, user, batch_id, staging, submitter, receiver, interchange_control=number
        )
        stored = uow.claims
        for claim in export.claims:
            patient_id, payer_id = stored.ids_of(claim.id)  # type: ignore[arg-type]
            lines = {line.line_number: line.service_line_id for line in claim.lines if line.service_line_id}
            owners[claim.claim_id] = Claimant(patient_id, payer_id, None, lines, str(claim.id))  # type: ignore[arg-type]
        return staging.read_text(encoding="ascii")

    result = submit_file(uow, user, partner, text_for, owners)
    staging.unlink(missing_ok=True)
    return result
