"""Check a generated N-claim 835 against a contract: `find_underpayments` on every posted line, then again.

    python benchmarks/underpayments.py [--claims 2000] [--postgres URL | --no-postgres]

The 835 is `../shared/tools/gen_x12.py N` (as `remit_post.py`); its claims are registered as submitted and
it is posted (not timed). The payer's contract is the example fee schedule with 60 % of charge for the
other codes. Timed: the first check (every line compared, the short ones queued, audited) and a re-run
(nothing new). Prints a Markdown table.
"""

from __future__ import annotations

import datetime as dt
import time

from remit_post import NOW, claims_arguments, generated_835, on_each_database, register_claims

from revcycle.edi.remit_read import read_835
from revcycle.kernel import FixedClock
from revcycle.practice import Role, User
from revcycle.services.remittances import post_remittance
from revcycle.services.underpayments import find_underpayments, set_payer_contract
from revcycle.simulator.examples import example_contract
from revcycle.store import UnitOfWork, make_engine, upgrade


def measure(name: str, url: str, data: bytes) -> list[str]:
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
    args = claims_arguments(__doc__, 2_000)
    data = generated_835(args.claims).read_bytes()
    rows = ["| database | run | lines checked | queued | seconds |", "|---|---|---:|---:|---:|"]
    rows += on_each_database(args, lambda name, url: measure(name, url, data))
    print("\n".join(rows))
    print(f"({args.claims:,} claims; {dt.date.today()})")


if __name__ == "__main__":
    main()
