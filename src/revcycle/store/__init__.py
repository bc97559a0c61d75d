"""SQLAlchemy 2 tables, repositories, unit of work and Alembic migrations."""

from revcycle.store import (
    tables_appeals,  # noqa: F401  (registers the appeal tables on the shared metadata)
    tables_charge_entry,  # noqa: F401  (registers the coder queue's assignment, sequence and confidence tables)
    tables_claims,  # noqa: F401  (registers the claims tables on the shared metadata)
    tables_coding,  # noqa: F401  (registers the coding decision tables on the shared metadata)
    tables_collected,  # noqa: F401  (registers the clearinghouse files: collected once each, 837s kept to resend)
    tables_followup,  # noqa: F401  (registers the eligibility and claim status tables on the shared metadata)
    tables_front_desk,  # noqa: F401  (registers the front desk's check-ins on the shared metadata)
    tables_interfaces,  # noqa: F401  (registers the interface inbox: HL7 v2 and FHIR messages, the error queue)
    tables_payment_plans,  # noqa: F401  (registers the payment plan tables on the shared metadata)
    tables_posting,  # noqa: F401  (registers the manual posting tables on the shared metadata)
    tables_remit,  # noqa: F401  (registers the remittance tables on the shared metadata)
    tables_setup,  # noqa: F401  (registers the practice set-up tables: profile, referring providers, fees)
    tables_underpayments,  # noqa: F401  (registers the underpayment queue on the shared metadata)
)
from revcycle.store.database import database_url, default_database_path, make_engine
from revcycle.store.migrate import current_revision, head_revision, upgrade
from revcycle.store.uow import UnitOfWork

__all__ = [
    "UnitOfWork",
    "current_revision",
    "database_url",
    "default_database_path",
    "head_revision",
    "make_engine",
    "upgrade",
]
