"""Preview an 835 (what posting it would do) as an audited read, for the API and the web.

    report = preview_remittance(uow, user, data, source="era.835")   # a PostingReport, status dry_run

`post_remittance(dry_run=True, strict=True)` plans without writing; the preview then records one READ
in the audit log (entity `remittance`, id `preview:<digest prefix>`, detail counts only), since
planning reads the practice's submitted claims. A file posted before reads nothing and is not audited.
"""

from __future__ import annotations

from revcycle.practice.users import User
from revcycle.services import audit
from revcycle.services.remittances import PostingReport, post_remittance
from revcycle.store.uow import UnitOfWork


def preview_remittance(uow: UnitOfWork, user: User, data: bytes, source: str = "") -> PostingReport:
    report = post_remittance(uow, user, data, source, dry_run=True, strict=True)
    if report.status == "dry_run":
        with uow:
            audit.record(uow, user, audit.Action.READ, "remittance", f"preview:{report.digest[:20]}",
                         f"dry run: {report.claims} claims, {len(report.exceptions)} exceptions")  # fmt: skip
    return report
