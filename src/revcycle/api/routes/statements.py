"""The statement run (services/statements.py): one PDF per guarantor who owes at least the minimum
balance and was not sent one within the cycle; each statement sent is audited there.

The answer is a ZIP: the PDFs and `summary.json` (every guarantor account considered: amount due,
file or why it was skipped). Nothing stays on the server.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from revcycle.api.auth import Requires, request_uow
from revcycle.api.schemas import StatementRunIn
from revcycle.practice.users import Permission, User
from revcycle.services import statements

router = APIRouter(prefix="/api/statements", tags=["statements"])

Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


def _summary(batch: statements.StatementBatch) -> dict:
    return {"on": batch.on.isoformat(), "written": len(batch.written), "statements": [
        {"account": run.account_number, "patients": list(run.patient_ids), "amount_due_cents": run.amount_due_cents,
         "file": run.path.name if run.path else None, "skipped": run.skipped} for run in batch.runs]}  # fmt: skip


@router.post(
    "/runs",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "the PDFs and summary.json"}},
)
def run_statements(request: Request, user: Poster, body: StatementRunIn | None = None) -> Response:
    """Statements for every guarantor with a balance (minimum balance and cycle from the body)."""
    body = body or StatementRunIn()
    with tempfile.TemporaryDirectory(prefix="revcycle-statements-") as folder:
        batch = statements.run_statements(request_uow(request), user, Path(folder), body.settings(), body.on)
        summary = _summary(batch)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("summary.json", json.dumps(summary, indent=2))
            for path in (run.path for run in batch.written if run.path is not None):
                archive.write(path, path.name)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="statements-{batch.on.isoformat()}.zip"',
            "X-Revcycle-Statements-Written": str(summary["written"]),
        },
    )
