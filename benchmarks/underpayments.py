"""Check a generated N-claim 835 against a contract: `find_underpayments` on every posted line, then again.

    python benchmarks/underpayments.py [--claims 2000] [--postgres URL | --no-postgres]

The 835 is `../shared/tools/gen_x12.py N` (as `remit_post.py`); its claims are registered as submitted and
it is posted (not timed). The payer's contract is the example fee schedule with 60 % of charge for the
other codes. Timed: the first check (every line compared, the short ones queued, audited) and a re-run
(nothing new). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time

from remit_post import DEFAULT_POSTGRES, NOW, generated_835, register_claims

from revcycle.edi.remit_read import read_835
from revcycle.kernel import FixedClock
from revcycle.payer.examples import example_contract
from revcycle.practice import Role, User
from revcycle.services.remittances import post_remittance
from revcycle.services.underpayments import find_underpayments, set_payer_contract
from revcycle.store import UnitOfWork, make_engine, upgrade
from revcycle.store.testing import drop_postgres_schema, new_postgres_schema, url_with_schema


def measure(name: str, url: str, data: bytes, claims: int) -> list[str]:
    engine = make_engine(url)
    upgrade(engine)
    register_claims(engine, data)
    user = User("bench", Role.ADMIN, id=None)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(NOW))

    post_remittance(uow(), user, data, "bench.835")
    (advice,), _ = read_835(data)
    set_payer_contract(uow(), user, advice.payer_id or "BENCH", example_contract())
    rows = []
    for what in ("first check", "re-run (nothing new)"):
        started = time.perf_counter()
        report = find_underpayments(uow(), user)
        seconds = time.perf_counter() - started
        rows.append(f"| {name} | {what} | {report.lines_checked:,} | {len(report.found):,} | {seconds:.2f} |")
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2_000)
    parser.add_argument("--postgres", default=os.environ.get("REVCYCLE_TEST_DATABASE_URL", DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    data = generated_835(args.claims).read_bytes()
    rows = ["| database | run | lines checked | queued | seconds |", "|---|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as directory:
        rows += measure("SQLite", f"sqlite:///{directory}/bench.db", data, args.claims)
    if not args.no_postgres:
        schema = new_postgres_schema(args.postgres)
        try:
            rows += measure("PostgreSQL", url_with_schema(args.postgres, schema), data, args.claims)
        finally:
            drop_postgres_schema(args.postgres, schema)
    print("\n".join(rows))
    print(f"({args.claims:,} claims; {dt.date.today()})")


if __name__ == "__main__":
    main()
