"""Post a generated N-claim 835 on SQLite and PostgreSQL; then post it again (the idempotent path).

    python benchmarks/remit_post.py [--claims 10000] [--postgres URL | --no-postgres]

The 835 comes from `../shared/tools/gen_x12.py N` (the same files the X12 timings used). Before
timing, the N claims are registered as submitted (CLP01 and lines, as if we had sent them). Timed:
`post_remittance` whole (read + balance check + match + plan + journal writes + commit), and the
replay of the same file. Prints a Markdown table (seconds, claims/s, journal entries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _databases import scratch_databases

from revcycle.claims.examples import example_claim
from revcycle.claims.model import ClaimLine, ClaimStatus
from revcycle.edi.remit_read import read_835
from revcycle.kernel import FixedClock
from revcycle.practice import Address, Patient, Payer, Role, User
from revcycle.services.remittances import post_remittance
from revcycle.store import UnitOfWork, make_engine, upgrade

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_x12.py"
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def generated_835(claims: int) -> Path:
    out = Path(os.environ.get("GEN_X12_OUT", "/tmp/gen_x12"))
    path = out / f"835_{claims}.x12"
    if not path.exists():
        subprocess.run([sys.executable, str(GENERATOR), str(claims)], check=True, env=os.environ | {"GEN_X12_OUT": str(out)})
    return path


def register_claims(engine, data: bytes) -> None:  # noqa: ANN001
    """The 835's claims as the practice sent them (each line as the 835 echoes it), in one transaction."""
    (advice,), _ = read_835(data)
    with UnitOfWork(engine, FixedClock(NOW)) as uow:
        patient = uow.patients.add(Patient("Bench", "Patient", dt.date(1970, 1, 1), "F", Address("1 Main St", "Springfield", "IL", "62701")))
        payer = uow.practice.add_payer(Payer(advice.payer_id or "BENCH", "Bench Payer", "CI", 365))
        sent = []
        for claim in advice.claims:
            lines = tuple(ClaimLine(n, line.procedure_code[:48], line.charge_cents, line.service_date or advice.payment_date,
                                    line.units, line.modifiers) for n, line in enumerate(claim.lines, start=1))  # fmt: skip
            stored = uow.claims.add(example_claim(claim.claim_id, lines=lines, encounter_id=None,
                                                  status=ClaimStatus.SUBMITTED), patient.id, payer.id, NOW, None)  # fmt: skip
            sent.append(stored.id)
        uow.claims.record_submission(sent, NOW, None)


def measure(name: str, url: str, data: bytes, claims: int) -> list[str]:
    engine = make_engine(url)
    upgrade(engine)
    register_claims(engine, data)
    user = User("bench", Role.ADMIN, id=None)
    started = time.perf_counter()
    report = post_remittance(UnitOfWork(engine, FixedClock(NOW)), user, data, "bench.835")
    posted = time.perf_counter() - started
    started = time.perf_counter()
    replay = post_remittance(UnitOfWork(engine, FixedClock(NOW)), user, data, "bench.835")
    replayed = time.perf_counter() - started
    engine.dispose()
    assert report.status == "posted" and replay.status == "already_posted", (report.status, replay.status)
    return [
        f"| {name} | post {claims:,} claims | {posted:.1f} | {claims / posted:,.0f} | {report.entries_posted:,} | {len(report.exceptions)} |",
        f"| {name} | same 835 again (idempotent) | {replayed:.3f} | {claims / replayed:,.0f} | 0 | - |",
    ]


def claims_arguments(doc: str, claims: int) -> argparse.Namespace:
    """`--claims N`, `--postgres URL` and `--no-postgres`, shared with `underpayments.py`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--claims", type=int, default=claims)
    parser.add_argument("--postgres", default=os.environ.get("REVCYCLE_TEST_DATABASE_URL", DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    return parser.parse_args()


def on_each_database(args: argparse.Namespace, measure: Callable[[str, str], list[str]]) -> list[str]:
    """`measure(name, url)` on a scratch SQLite file, then (unless --no-postgres) on a fresh PostgreSQL schema."""
    postgres = None if args.no_postgres else args.postgres
    return [row for name, url in scratch_databases(postgres) for row in measure(name, url)]


def main() -> None:
    args = claims_arguments(__doc__, 10_000)
    data = generated_835(args.claims).read_bytes()
    rows = ["| database | what | seconds | claims/s | journal entries | exceptions |", "|---|---|---:|---:|---:|---:|"]
    rows += on_each_database(args, lambda name, url: measure(name, url, data, args.claims))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
