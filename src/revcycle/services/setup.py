"""A whole practice loaded from a set-up file (`revcycle setup import`, the demo) and written back out.

    report = import_practice(uow, manager, text, "practice.yaml", read_file, new_password)

One transaction: the file is read first (every problem located, `file:line: field: why`), then each
record is matched by its key — billing/rendering/referring providers by NPI, facilities by name, payers
by payer id, plans by payer + name, fee schedules by name, users by user name — and added, changed in
place (audited with the fields changed) or left alone when equal; fees and contract rates are placed by
effective date. Any refusal rolls everything back: nothing is half-loaded. Importing the same file again
changes nothing (no row, no audit); a changed fee becomes a new version that ends the old one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from revcycle.denials.appeals import ANY_CATEGORY
from revcycle.practice.payers import Plan
from revcycle.practice.users import Permission, User
from revcycle.services import appeals, contracts, fee_schedules, practice, staff, users
from revcycle.services.fee_schedules import FeeReport
from revcycle.services.setup_file import SetupFile, read_setup
from revcycle.services.setup_values import Problems
from revcycle.store.uow import UnitOfWork


@dataclass
class SetupReport:
    """What an import did, per kind of record (billing_provider, payer, user, ...)."""

    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    fees: FeeReport = field(default_factory=FeeReport)
    contracts_changed: int = 0
    new_users: list[str] = field(default_factory=list)  # their first password comes from `new_password`

    @property
    def changes(self) -> int:
        return (
            sum(self.added.values()) + sum(self.changed.values()) + self.fees.added + self.contracts_changed
        )


def import_practice(uow: UnitOfWork, user: User, text: str, source: str, read_file: Callable[[str], str],
                    new_password: Callable[[str], str]) -> SetupReport:  # fmt: skip
    """Load the set-up file `text` (named `source` in errors; `read_file(name)` reads the CSVs it names) as
    `user` (`edit_practice`; users need `manage_users`). `new_password(username)` gives a new user's first
    password. VALIDATION listing every located problem, and nothing written, when any record is refused."""
    user.require(Permission.EDIT_PRACTICE)
    setup = read_setup(text, source, read_file)
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        problems = Problems(source)
        report = SetupReport()
        _load(uow, user, setup, problems, report, new_password)
        problems.raise_if_any()  # inside the transaction: it rolls back
        return report


def _load(uow: UnitOfWork, user: User, setup: SetupFile, problems: Problems, report: SetupReport,
          new_password: Callable[[str], str]) -> None:  # fmt: skip
    repository = uow.practice
    if setup.profile is not None and setup.profile != repository.profile():
        practice.save_profile(uow, user, setup.profile)
        report.changed["practice"] += 1
    for line, provider in setup.billing:
        _upsert(report, problems, line, "billing_provider", provider, repository.billing_provider_by_npi(provider.npi),
                lambda p: practice.add_billing_provider(uow, user, p), lambda p: practice.change_billing_provider(uow, user, p))  # fmt: skip
    for line, rendering in setup.rendering:
        _upsert(report, problems, line, "rendering_provider", rendering, repository.rendering_provider_by_npi(rendering.npi),
                lambda p: practice.add_rendering_provider(uow, user, p), lambda p: practice.change_rendering_provider(uow, user, p))  # fmt: skip
    for line, referring in setup.referring:
        _upsert(report, problems, line, "referring_provider", referring, repository.referring_provider_by_npi(referring.npi),
                lambda p: practice.add_referring_provider(uow, user, p), lambda p: practice.change_referring_provider(uow, user, p))  # fmt: skip
    for line, facility in setup.facilities:
        _upsert(report, problems, line, "facility", facility, repository.facility_by_name(facility.name),
                lambda f: practice.add_facility(uow, user, f), lambda f: practice.change_facility(uow, user, f))  # fmt: skip
    _load_payers(uow, user, setup, problems, report)
    for entry in setup.schedules:
        schedule = fee_schedules.schedule_named(uow, entry.name, True, user)
        report.fees.merge(fee_schedules.place_fees(uow, user, schedule, entry.fees, problems))
    _load_users(uow, user, setup, problems, report, new_password)
    _refuse_duplicates(setup, problems)


def _upsert(report: SetupReport, problems: Problems, line: int, kind: str, new: Any, old: Any | None,
            add: Callable[[Any], Any], change: Callable[[Any], Any]) -> Any:  # fmt: skip
    """Add `new`, or change `old` into it, or leave it; a refusal is recorded at `line`."""
    where = kind.replace("_", " ")
    if old is None:
        added = problems.attempt(line, where, lambda: add(new))
        report.added[kind] += added is not None
        return added
    wanted = replace(new, id=old.id)
    if practice.changed_fields(old, wanted):
        if problems.attempt(line, where, lambda: change(wanted)) is not None:
            report.changed[kind] += 1
    else:
        report.unchanged[kind] += 1
    return wanted


def _load_payers(
    uow: UnitOfWork, user: User, setup: SetupFile, problems: Problems, report: SetupReport
) -> None:
    for entry in setup.payers:
        old = uow.practice.payer_by_code(entry.payer.payer_code)
        payer = _upsert(report, problems, entry.line, "payer", entry.payer, old,
                        lambda p: practice.add_payer(uow, user, p), lambda p: practice.change_payer(uow, user, p))  # fmt: skip
        if payer is None or payer.id is None:
            continue
        known = {plan.name: plan for plan in uow.practice.plans(payer.id)}
        for name, plan_type in entry.plans:
            plan = Plan(payer.id, name, plan_type)
            _upsert(report, problems, entry.line, "plan", plan, known.get(name),
                    lambda p: practice.add_plan(uow, user, p), lambda p: practice.change_plan(uow, user, p))  # fmt: skip
        if entry.appeal_days is not None:
            _load_appeal_window(uow, user, payer.id, entry.line, entry.appeal_days, problems, report)
        if entry.contract is not None or entry.rates:
            changed = contracts.merge_contract(
                uow, user, payer.id, entry.contract, entry.rates, problems, setup.source
            )
            report.contracts_changed += changed


def _load_appeal_window(uow: UnitOfWork, user: User, payer_id: int, line: int, days: int, problems: Problems,
                        report: SetupReport) -> None:  # fmt: skip
    """The payer's appeal window for any denial category (the denials' `payer_appeal_windows` row)."""
    if uow.appeals.windows(payer_id).get(ANY_CATEGORY) == days:
        return
    if problems.attempt(
        line, "payer appeal_days", lambda: appeals.set_appeal_window(uow, user, payer_id, days) or True
    ):
        report.changed["appeal_window"] += 1


def _load_users(uow: UnitOfWork, user: User, setup: SetupFile, problems: Problems, report: SetupReport,
                new_password: Callable[[str], str]) -> None:  # fmt: skip
    for line, wanted in setup.users:
        old = uow.users.find(wanted.username)
        if old is None:
            added = problems.attempt(line, "user", lambda w=wanted: users.add_user(  # type: ignore[misc]
                uow, w.username, w.role, new_password(w.username), actor=user))  # fmt: skip
            if added is not None and not wanted.active:
                staff.change_user(uow, user, wanted.username, active=False)
            if added is not None:
                report.added["user"] += 1
                report.new_users.append(wanted.username)
        elif (old.role, old.active) != (wanted.role, wanted.active):
            done = problems.attempt(
                line, "user", lambda w=wanted: staff.change_user(uow, user, w.username, w.role, w.active)
            )  # type: ignore[misc]
            report.changed["user"] += done is not None
        else:
            report.unchanged["user"] += 1


def _refuse_duplicates(setup: SetupFile, problems: Problems) -> None:
    """Two records of the file with the same key would load as one: each later one is refused."""
    keyed: list[tuple[str, list[tuple[int, str]]]] = [
        ("billing provider NPI", [(line, p.npi) for line, p in setup.billing]),
        ("rendering provider NPI", [(line, p.npi) for line, p in setup.rendering]),
        ("referring provider NPI", [(line, p.npi) for line, p in setup.referring]),
        ("facility name", [(line, f.name) for line, f in setup.facilities]),
        ("payer id", [(entry.line, entry.payer.payer_code) for entry in setup.payers]),
        ("fee schedule name", [(entry.line, entry.name) for entry in setup.schedules]),
        ("user name", [(line, u.username) for line, u in setup.users]),
    ]
    for what, entries in keyed:
        first: dict[str, int] = {}
        for line, key in entries:
            if key in first:
                problems.add(line, what, f"{key} is already on line {first[key]}")
            first.setdefault(key, line)
