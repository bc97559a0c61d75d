"""Clearinghouse use cases: submit a claims batch as an 837P, collect and apply the answers.

    submit_batch(uow, user, partner, batch_id, submitter)   # a scrub batch's ready claims -> the partner
    resubmit(uow, user, partner, interchange=None)          # an 837 whose upload failed, sent again as it was
    collect(uow, user, partner) -> CollectReport            # TA1 / 999 / 277CA -> claim states; 835 -> posted

ISA13/GS06 come from `x12_control_numbers` (persisted per partner, never reused); the interchange is
recorded (`clearinghouse_batches`) and each claim in it notes when it went out and in which
interchange (`claims.submitted_at`, `submission_batch_id`); the file reaches the partner only after
that transaction commits. A 999 names the GS06 it answers (AK102), which finds the interchange and its
claims; a 277CA names each claim (TRN02 = CLM01) and is kept as the proof of submission appeals cite.
Each file collected is read once, applied in its own transaction together with its `collected_files` row
(unique by partner + digest: a file seen again changes nothing), then archived once that has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from revcycle.claims.lifecycle import Moves
from revcycle.claims.model import ClaimStatus
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Receiver, Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.claims import send_ready_claims
from revcycle.services.remittances import file_digest, post_remittance
from revcycle.store.repositories.clearinghouse_files import CollectedFile
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
TA1_WORDS = {"A": "accepted", "E": "accepted with errors", "R": "rejected"}
TA1_NOTES = {"001": "control numbers in ISA and IEA do not match", "004": "invalid segment terminator",
             "005": "invalid sender id qualifier", "006": "invalid sender id", "007": "invalid receiver id qualifier",
             "008": "invalid receiver id", "009": "unknown receiver id", "014": "invalid interchange date",
             "015": "invalid interchange time", "018": "invalid control number", "020": "invalid test indicator",
             "021": "wrong number of groups", "022": "invalid control structure", "023": "improper end of file",
             "024": "invalid interchange content", "025": "duplicate interchange control number"}  # fmt: skip


@dataclass(slots=True)
class CollectReport:
    # every file taken from the partner (and archived) this time
    files: list[str] = field(default_factory=list)
    batches: dict[int, str] = field(default_factory=dict)  # interchange control number -> plain words
    claims: dict[str, str] = field(default_factory=dict)  # claim control number -> plain words
    remittances: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    # seen before (same bytes): archived, nothing applied
    already_collected: list[str] = field(default_factory=list)
    # could not be applied: left waiting at the partner, with why
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Delivery:
    interchange_control_number: int
    file_name: str
    where: str  # where the partner has it, in words


def submit_batch(uow: UnitOfWork, user: User, partner: Clearinghouse, batch_id: int,
                 submitter: Submitter) -> tuple[int, str]:  # fmt: skip
    """A scrub batch's ready claims as an 837P under the partner's next interchange number: recorded (its text
    kept in `outbound_files`), the claims submitted with their charges posted (`services.claims.send_ready_claims`),
    then the file handed to the partner (after the commit: a rolled-back batch never reaches the clearinghouse).
    An upload that fails leaves the batch submitted and its file undelivered: PARTNER_UNREACHABLE (or the
    adapter's CONFLICT) saying so, and `resubmit` sends the same text again."""
    name = partner.settings.name
    with uow:
        user.require(Permission.POST_LEDGER)
        number, now = uow.remittances.next_interchange_number(name), uow.clock.now()
        file_name = partner.file_name(number, now)
        interchange = uow.remittances.add_batch({"partner": name, "interchange_control_number": number,
                                                 "file_name": file_name, "claim_count": 0, "status": "submitted",
                                                 "submitted_at": now})  # fmt: skip
        receiver = Receiver(name.upper(), partner.settings.receiver_id)
        sent = send_ready_claims(uow, user, batch_id, submitter, receiver, number, interchange)
        uow.remittances.set_batch_claim_count(interchange, len(sent.claims))
        uow.claims.mark_exported(batch_id, now, file_name)
        uow.clearinghouse_files.add_outbound(interchange, name, file_name, sent.text, now)
        audit.record(
            uow, user, audit.Action.CREATE, "clearinghouse_batch", interchange, f"{name} ISA13={number}"
        )
    _deliver(uow, partner, interchange, number, file_name, sent.text,
             f"batch {batch_id} is recorded as interchange {number:09d} ({len(sent.claims)} claims submitted)")  # fmt: skip
    return number, file_name


def resubmit(
    uow: UnitOfWork, user: User, partner: Clearinghouse, interchange: int | None = None
) -> list[Delivery]:
    """Upload again, byte for byte, the 837 of an interchange whose upload failed (`interchange`), or of every
    interchange to this partner not yet delivered, oldest first. An interchange delivered before is CONFLICT
    (sending it twice would bill twice); so is a file of its name already at the partner (an upload that
    finished unseen: nothing is replaced)."""
    name = partner.settings.name
    with uow:
        user.require(Permission.POST_LEDGER)
        if interchange is None:
            pending = uow.clearinghouse_files.undelivered(name)
        else:
            one = uow.clearinghouse_files.outbound(name, interchange)
            if one is None:
                raise RevcycleError(ErrorCode.NOT_FOUND, f"no interchange {interchange:09d} was submitted to {name} "
                                    "(or it was submitted before its file was kept)")  # fmt: skip
            if one.delivered_at is not None:
                raise RevcycleError(ErrorCode.CONFLICT, f"interchange {interchange:09d} was delivered on "
                                    f"{one.delivered_at:%Y-%m-%d %H:%M} to {one.delivered_to}: not sent twice")  # fmt: skip
            pending = [one]
    delivered = []
    for file in pending:
        where = _deliver(uow, partner, file.batch_id, file.interchange_control_number, file.file_name, file.text,
                         f"interchange {file.interchange_control_number:09d} is still undelivered")  # fmt: skip
        delivered.append(Delivery(file.interchange_control_number, file.file_name, where))
    if delivered:
        with uow:
            audit.record(uow, user, audit.Action.CHANGE, "clearinghouse_batch",
                         ",".join(str(file.batch_id) for file in pending), f"{name}: resubmitted {len(delivered)}")  # fmt: skip
    return delivered


def _deliver(uow: UnitOfWork, partner: Clearinghouse, batch_row: int, number: int, file_name: str, text: str,
             state: str) -> str:  # fmt: skip
    """The file handed to the partner, then recorded as delivered; a failed upload says what is left to do."""
    try:
        where = partner.submit(file_name, text)
    except (RevcycleError, OSError) as error:
        reason = error.message if isinstance(error, RevcycleError) else f"{error.strerror or error}"
        code = error.code if isinstance(error, RevcycleError) else ErrorCode.PARTNER_UNREACHABLE
        then = ("a file of that name is already there: nothing was replaced; ask the partner whether it is this "
                "interchange" if code is ErrorCode.CONFLICT else "no half file is left under its name; send it "
                f"again with `revcycle clearinghouse resubmit --interchange {number}`")  # fmt: skip
        raise RevcycleError(code, f"{state}, but the upload of {file_name} to {partner.settings.name} failed: "
                            f"{reason}; {then}") from None  # fmt: skip
    with uow:
        uow.clearinghouse_files.mark_delivered(batch_row, uow.clock.now(), where)
    return where


def collect(uow: UnitOfWork, user: User, partner: Clearinghouse) -> CollectReport:
    """Each waiting file read once, applied and recorded in `collected_files` in ONE transaction, archived at the
    partner only after that commits. A file whose bytes were collected before (a crash between the commit and
    the archive, or a duplicate under another name) changes nothing: it is archived and reported as already
    collected. A file that cannot be applied stays waiting and is reported as failed."""
    with uow:
        user.require(Permission.POST_LEDGER)
    report = CollectReport()
    for name in partner.waiting():
        data = partner.fetch(name)
        try:
            _apply_file(uow, user, partner, name, data, report)
        except RevcycleError as error:  # rolled back whole: the file stays waiting for someone to look at it
            report.failed.append(f"{name}: {error.message}")
            continue
        report.files.append(name)
        partner.archive(name)
    return report


def _apply_file(uow: UnitOfWork, user: User, partner: Clearinghouse, name: str, data: bytes,
                report: CollectReport) -> None:  # fmt: skip
    partner_name, digest = partner.settings.name, file_digest(data)
    with uow:
        if (earlier := uow.clearinghouse_files.collected(partner_name, digest)) is not None:
            report.already_collected.append(_seen_before(name, earlier))
            return
        result = read_x12(data)
        kind = _kind_of(result)
        if not uow.clearinghouse_files.claim_collected(partner_name, name, digest, kind, uow.clock.now()):
            report.already_collected.append(
                f"{name}: collected meanwhile by another collection; nothing applied"
            )
            return
        if kind == "835":
            posted = post_remittance(uow, user, data, name, read=result)
            report.remittances.append({"file": name, "status": posted.status, "claims_posted": posted.claims_posted,
                                       "exceptions": len(posted.exceptions)})  # fmt: skip
        elif kind == "other":
            report.unmatched.append(f"{name}: no 999, TA1, 277CA or 835 in it; archived unread")
        else:
            _apply_interchange_acks(uow, user.id, partner, result, report)
            _apply_acknowledgments(uow, user.id, partner, result, report)


def _seen_before(name: str, earlier: CollectedFile) -> str:
    same = "" if earlier.file_name == name else f" as {earlier.file_name}"
    return f"{name}: collected before{same} on {earlier.collected_at:%Y-%m-%d %H:%M}; nothing applied again"


def _kind_of(result: X12File) -> str:
    """What a collected file carries: 835, 999, 277ca, ta1 (an interchange acknowledgment alone) or other."""
    keys = {parsed.guide.key for parsed in result.transactions if parsed.guide is not None}
    for key, kind in (("835", "835"), ("999", "999"), ("997", "999"), ("277ca", "277ca")):
        if key in keys:
            return kind
    return "ta1" if any(segment[0] == "TA1" for segment in result.document.segments) else "other"


def _apply_interchange_acks(uow: UnitOfWork, user_id: int | None, partner: Clearinghouse, result: X12File,
                            report: CollectReport) -> None:  # fmt: skip
    """TA1s: an interchange rejected (TA104 R) rejects its batch and its claims; an accepted one is noted."""
    now, moves = uow.clock.now(), Moves()
    for segment in (segment for segment in result.document.segments if segment[0] == "TA1"):
        number, code, note = (segment[index] if len(segment) > index else "" for index in (1, 4, 5))
        batch = (
            uow.remittances.batch_by_interchange(partner.settings.name, int(number))
            if number.isdecimal()
            else None
        )
        if batch is None:
            report.unmatched.append(f"TA1 for interchange {number}: no batch we sent")
            continue
        words = f"interchange {TA1_WORDS.get(code, code)}" + (f" ({TA1_NOTES.get(note, 'note ' + note)})"
                                                               if note and note != "000" else "")  # fmt: skip
        report.batches[batch.interchange_control_number] = words
        if code == "R":
            uow.remittances.set_batch_status(batch.id, "rejected", words)
            for claim in uow.claims.get_many(uow.claims.of_batch(batch.id)).values():
                moves.move(claim, ClaimStatus.REJECTED, now, f"TA1: {words}")
    uow.claims.record_statuses(moves.states, user_id)


def _apply_acknowledgments(uow: UnitOfWork, user_id: int | None, partner: Clearinghouse, result: X12File,
                           report: CollectReport) -> None:  # fmt: skip
    now, moves = uow.clock.now(), Moves()
    for ack in result.models("999") + result.models("997"):
        batch = uow.remittances.batch_by_interchange(
            partner.settings.name, int(ack.group_control_number or 0)
        )  # type: ignore[attr-defined]
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
        uow.appeals.add_acknowledgment(
            claim.id, ack.accepted, ack.status_date, words, ack.payer_claim_number, now
        )
        report.claims[ack.patient_control_number] = words
    uow.claims.record_statuses(moves.states, user_id)


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
