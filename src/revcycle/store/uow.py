"""The unit of work: one database transaction and the repositories bound to it.

    with UnitOfWork(engine) as uow:          # BEGIN (IMMEDIATE on SQLite)
        patient = uow.patients.get(7)
        ...
                                             # COMMIT on a clean exit, ROLLBACK on any exception

Entering an active unit of work again is allowed and joins the same transaction; only the
outermost exit commits. So a use case can call other use cases and still be one transaction.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from revcycle.kernel.clock import Clock, SystemClock
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.store.repositories.appeals import AppealRepository
from revcycle.store.repositories.claim_worklist import ClaimWorklistRepository
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.repositories.clearinghouse_files import ClearinghouseFileRepository
from revcycle.store.repositories.coder_queue import CoderQueueRepository
from revcycle.store.repositories.coding import CodingRepository
from revcycle.store.repositories.corrections import CorrectionRepository
from revcycle.store.repositories.fees import FeeRepository
from revcycle.store.repositories.followup import FollowupRepository
from revcycle.store.repositories.front_desk import FrontDeskRepository
from revcycle.store.repositories.interface_messages import (
    ExternalIdentifierRepository,
    InterfaceMessageRepository,
)
from revcycle.store.repositories.journal_batch import BatchJournal
from revcycle.store.repositories.listing import ListingRepository
from revcycle.store.repositories.patients import CoverageRepository, EncounterRepository, PatientRepository
from revcycle.store.repositories.payment_plans import PaymentPlanRepository
from revcycle.store.repositories.posting import PostingRepository
from revcycle.store.repositories.practice import PracticeRepository
from revcycle.store.repositories.remit_listing import RemitListingRepository
from revcycle.store.repositories.remittances import RemittanceRepository
from revcycle.store.repositories.reporting import ReportingRepository
from revcycle.store.repositories.sign_in import SignInRepository
from revcycle.store.repositories.underpayments import UnderpaymentRepository
from revcycle.store.repositories.users import AuditRepository, UserRepository
from revcycle.store.repositories.views import ViewRepository


class UnitOfWork:
    patients: PatientRepository
    coverages: CoverageRepository
    encounters: EncounterRepository
    practice: PracticeRepository
    fees: FeeRepository
    journal: BatchJournal
    users: UserRepository
    audit: AuditRepository
    sign_in: SignInRepository
    claims: ClaimRepository
    coding: CodingRepository
    coder_queue: CoderQueueRepository
    remittances: RemittanceRepository
    corrections: CorrectionRepository
    appeals: AppealRepository
    followup: FollowupRepository
    underpayments: UnderpaymentRepository
    payment_plans: PaymentPlanRepository
    posting: PostingRepository
    claim_worklist: ClaimWorklistRepository
    clearinghouse_files: ClearinghouseFileRepository
    listings: ListingRepository
    remit_listings: RemitListingRepository
    reporting: ReportingRepository
    views: ViewRepository
    front_desk: FrontDeskRepository
    interface_messages: InterfaceMessageRepository
    external_identifiers: ExternalIdentifierRepository

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or SystemClock()
        self._depth = 0
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RevcycleError(ErrorCode.CONFLICT, "the unit of work is not active; use `with uow:`")
        return self._connection

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._connection = self.engine.connect()
            self._transaction = self._connection.begin()
            self._bind_repositories(self._connection)
        self._depth += 1
        return self

    def _bind_repositories(self, connection: Connection) -> None:
        self.patients = PatientRepository(connection)
        self.coverages = CoverageRepository(connection)
        self.encounters = EncounterRepository(connection)
        self.practice = PracticeRepository(connection)
        self.fees = FeeRepository(connection)
        self.journal = BatchJournal(connection)
        self.users = UserRepository(connection)
        self.audit = AuditRepository(connection)
        self.sign_in = SignInRepository(connection)
        self.claims = ClaimRepository(connection)
        self.coding = CodingRepository(connection)
        self.coder_queue = CoderQueueRepository(connection)
        self.remittances = RemittanceRepository(connection)
        self.corrections = CorrectionRepository(connection)
        self.appeals = AppealRepository(connection)
        self.followup = FollowupRepository(connection)
        self.underpayments = UnderpaymentRepository(connection)
        self.payment_plans = PaymentPlanRepository(connection)
        self.posting = PostingRepository(connection)
        self.claim_worklist = ClaimWorklistRepository(connection)
        self.clearinghouse_files = ClearinghouseFileRepository(connection)
        self.listings = ListingRepository(connection)
        self.remit_listings = RemitListingRepository(connection)
        self.reporting = ReportingRepository(connection)
        self.views = ViewRepository(connection)
        self.front_desk = FrontDeskRepository(connection)
        self.interface_messages = InterfaceMessageRepository(connection)
        self.external_identifiers = ExternalIdentifierRepository(connection)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth > 0:
            return
        connection, transaction = self._connection, self._transaction
        self._connection = self._transaction = None
        try:
            if transaction is not None and transaction.is_active:
                if exc_type is None:
                    transaction.commit()
                else:
                    transaction.rollback()
        finally:
            if connection is not None:
                connection.close()
