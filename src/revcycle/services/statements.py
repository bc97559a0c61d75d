"""Patient statements: one per guarantor, for every guarantor whose patients owe something.

`run_statements` groups the patients with a patient balance (or a credit) by guarantor, builds each
statement from their journal entries, skips those under the minimum balance or already sent within
the statement cycle, writes the PDFs and audits each statement (entity `statement`, id = the
account number). The audit log is also the record of when a guarantor was last sent a statement,
so the cycle needs no table of its own. Needs `post_ledger` (billers, managers, admins).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patients import Patient, Relationship
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.statements import Party, PatientEntries, Statement, StatementSettings, build_statement
from revcycle.statements.pdf import render_statement
from revcycle.statements.plans import PlanStatus
from revcycle.store.repositories.reporting import ReportingRepository
from revcycle.store.uow import UnitOfWork

DEFAULT_SETTINGS = StatementSettings()
STATEMENT_DATE = re.compile(r"statement (\d{4}-\d\d-\d\d)")
STATEMENT_ID = re.compile(r"^(?:statement-)?([PG]\d+)-(\d{4}-\d\d-\d\d)(?:\.pdf)?$")


@dataclass(frozen=True, slots=True)
class StatementRun:
    account_number: str
    patient_ids: tuple[int, ...]
    amount_due_cents: int
    path: Path | None  # None when skipped
    skipped: str = ""  # why no statement was sent: below the minimum, within the cycle


@dataclass
class StatementBatch:
    on: date
    runs: list[StatementRun] = field(default_factory=list)

    @property
    def written(self) -> list[StatementRun]:
        return [run for run in self.runs if run.path is not None]


def guarantor_key(patient: Patient) -> tuple:
    """Patients with the same non-self guarantor (same name, birth date, address) share one account."""
    guarantor = patient.guarantor
    if guarantor.relationship is Relationship.SELF or guarantor.person is None:
        return ("self", patient.id)
    person = guarantor.person
    return ("guarantor", person.first_name.lower(), person.last_name.lower(), person.birth_date, person.address)


def guarantor_party(patient: Patient) -> Party:
    person = patient.guarantor.person
    if person is None:
        return Party(f"{patient.first_name} {patient.last_name}", patient.address)
    return Party(f"{person.first_name} {person.last_name}", person.address or patient.address)


def _practice(uow: UnitOfWork, repository: ReportingRepository, settings: StatementSettings,
              billing_provider_id: int | None) -> Party:
    provider_id = billing_provider_id or repository.first_billing_provider_id()
    if provider_id is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, "no billing provider: add the practice first")
    provider = uow.practice.billing_provider(provider_id)
    profile = uow.practice.profile()
    phone = settings.billing_phone or (profile.phone if profile else "") or provider.phone
    return Party(provider.name, provider.address, phone)


def _statement(uow: UnitOfWork, repository: ReportingRepository, account: str, family: list[Patient],
               practice: Party, remit_to: Party, on: date, settings: StatementSettings) -> Statement:
    patients = [PatientEntries(p.id or 0, f"{p.first_name} {p.last_name}",
                               [posted.entry for posted in uow.journal.entries(patient_id=p.id)]) for p in family]
    keys = {(line.claim_id, line.service_line_id) for patient in patients for entry in patient.entries
            for line in entry.lines}
    plan_rows = uow.payment_plans
    plans = [plan for p in family for plan in plan_rows.plans(p.id, (PlanStatus.ACTIVE,))]
    first = min(family, key=lambda p: p.id or 0)  # the account number printed: the family's first patient's
    return build_statement(first.account_number or account, guarantor_party(family[0]), patients, practice,
                           remit_to, on, settings, repository.service_descriptions(keys), plans)  # fmt: skip


def _last_sent(uow: UnitOfWork, account: str) -> date | None:
    sent = [event.occurred_at.date() for event in uow.audit.events("statement", account) if event.action == "create"]
    return max(sent) if sent else None


def _statement_dates(uow: UnitOfWork, account: str) -> list[date]:
    """The dates of the statements sent to an account (the date printed on each; older audit rows: the day
    they were written)."""
    dates = []
    for event in uow.audit.events("statement", account):
        if event.action == "create":
            printed = STATEMENT_DATE.search(event.detail or "")
            dates.append(date.fromisoformat(printed.group(1)) if printed else event.occurred_at.date())
    return sorted(set(dates))


def run_statements(uow: UnitOfWork, user: User, out: Path, settings: StatementSettings = DEFAULT_SETTINGS,
                   on: date | None = None, remit_to: Party | None = None,
                   billing_provider_id: int | None = None) -> StatementBatch:
    """Write one statement PDF per guarantor who owes at least the minimum and is due in the cycle."""
    with uow:
        user.require(Permission.POST_LEDGER)
        day = on or uow.clock.today()
        repository = uow.reporting
        practice = _practice(uow, repository, settings, billing_provider_id)
        families: dict[tuple, list[Patient]] = defaultdict(list)
        for patient_id in repository.patients_owing_or_holding_credit():
            patient = uow.patients.get(patient_id)
            families[guarantor_key(patient)].append(patient)
        out.mkdir(parents=True, exist_ok=True)
        batch = StatementBatch(day)
        for family in sorted(families.values(), key=lambda members: min(p.id or 0 for p in members)):
            batch.runs.append(_one(uow, user, repository, family, practice, remit_to or practice, day, settings, out))
        return batch


def _one(uow: UnitOfWork, user: User, repository: ReportingRepository, family: list[Patient], practice: Party,
         remit_to: Party, day: date, settings: StatementSettings, out: Path) -> StatementRun:
    ids = tuple(sorted(p.id or 0 for p in family))
    account = _account(family)
    statement = _statement(uow, repository, account, family, practice, remit_to, day, settings)
    due = statement.amount_due_cents
    if due < settings.minimum_balance_cents:
        return StatementRun(account, ids, due, None, "below the minimum balance")
    last = _last_sent(uow, account)
    if last is not None and (day - last).days < settings.cycle_days:
        return StatementRun(account, ids, due, None, f"sent {last.isoformat()}, within the {settings.cycle_days}-day cycle")
    path = out / f"statement-{account}-{day.isoformat()}.pdf"
    render_statement(statement, path)
    audit.record(uow, user, audit.Action.CREATE, "statement", account,
                 f"patients={','.join(map(str, ids))}; statement {day.isoformat()}")
    return StatementRun(account, ids, due, path)


def _account(family: list[Patient]) -> str:
    """The guarantor account's number: P<patient id> for a self-guarantor, else G<lowest id of the family>."""
    first = min(p.id or 0 for p in family)
    return f"P{first}" if family[0].guarantor.person is None else f"G{first}"


def statement_key(statement_id: str) -> tuple[str, date]:
    """`G12-2026-04-15` (or the file name `statement-G12-2026-04-15.pdf`) -> ("G12", 2026-04-15)."""
    found = STATEMENT_ID.match(statement_id.strip())
    if found is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"statement {statement_id!r}: expected ACCOUNT-YYYY-MM-DD, "
                            "e.g. G12-2026-04-15 (the statement's file name without 'statement-')")  # fmt: skip
    return found.group(1), date.fromisoformat(found.group(2))


def reprint_statement(uow: UnitOfWork, user: User, account: str, on: date, out: Path,
                      settings: StatementSettings = DEFAULT_SETTINGS) -> Path:  # fmt: skip
    """Print again the statement sent to guarantor account `account` (P12 / G12) dated `on`: rebuilt from
    the journal as of that day, written to `out` (a folder) as `statement-<account>-<date>-reprint.pdf`.
    It is not a new statement (the cycle is unchanged); the reprint is audited as a read."""
    with uow:
        user.require(Permission.POST_LEDGER)
        if not re.fullmatch(r"[PG]\d+", account):
            raise RevcycleError(ErrorCode.VALIDATION, f"account {account!r}: P or G and a number, e.g. G12")
        sent = _statement_dates(uow, account)
        if on not in sent:
            listed = ", ".join(day.isoformat() for day in sent) or "none"
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no statement {account} dated {on.isoformat()} "
                                f"(statements sent to {account}: {listed})")  # fmt: skip
        repository = uow.reporting
        patient = uow.patients.get(int(account[1:]))
        family = _family(uow, repository, patient)
        practice = _practice(uow, repository, settings, None)
        statement = _statement(uow, repository, account, family, practice, practice, on, settings)
        path = out / f"statement-{account}-{on.isoformat()}-reprint.pdf"
        render_statement(statement, path)
        audit.record(uow, user, audit.Action.READ, "statement", account, f"reprint of statement {on.isoformat()}")
        return path


def _family(uow: UnitOfWork, repository: ReportingRepository, patient: Patient) -> list[Patient]:
    """The patients of `patient`'s guarantor account (the patient alone when self-guarantor)."""
    if (person := patient.guarantor.person) is None:
        return [patient]
    others = repository.patients_with_guarantor(person.first_name, person.last_name, person.birth_date)
    candidates = [uow.patients.get(other_id) for other_id in others]
    return [other for other in candidates if guarantor_key(other) == guarantor_key(patient)]


def patient_statement(uow: UnitOfWork, user: User, patient_id: int, settings: StatementSettings = DEFAULT_SETTINGS,
                      on: date | None = None, remit_to: Party | None = None) -> Statement:
    """The current statement of a patient's guarantor account (an audited read; nothing is sent)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        patient = uow.patients.get(patient_id)
        repository = uow.reporting
        practice = _practice(uow, repository, settings, None)
        family = _family(uow, repository, patient)
        account = _account(family)
        statement = _statement(uow, repository, account, family, practice, remit_to or practice,
                               on or uow.clock.today(), settings)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, f"statement {account}")
        return statement
