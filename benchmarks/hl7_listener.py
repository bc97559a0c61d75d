"""HL7 v2 intake throughput (messages/s): through the MLLP listener on 127.0.0.1 against `receive` called directly
(the baseline, in the same run), for registrations (ADT^A04 with a coverage) and charge messages (DFT^P03, two
lines each, a visit number), on SQLite and (given a URL) PostgreSQL.

    python benchmarks/hl7_listener.py [--patients 500] [--connections 4] [--postgres URL | --no-postgres]

Each path runs on a fresh database set up through the services (a clinic, a rendering provider, three payers, the
Standard fee schedule). Direct: `services.hl7_intake.answer` (read, apply in one transaction, build the ACK) in
a loop. Listener: the asyncio MLLP listener (`interfaces.mllp.serve`, each message in a worker thread, as
`revcycle interfaces listen` runs it), fed by one connection pipelining 50 frames at a time, then by
`--connections` connections side by side (each patient's messages on one of them). Every ACK is checked to be AA.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError

from revcycle.interfaces.hl7_read import hl7_reader
from revcycle.interfaces.mllp import MllpClient, listening_in_thread
from revcycle.kernel import FixedClock
from revcycle.practice import Address, BillingProvider, Facility, Payer, RenderingProvider
from revcycle.practice.fees import Fee
from revcycle.services import fee_schedules, practice, users
from revcycle.services.hl7_intake import answer
from revcycle.store import UnitOfWork, make_engine, upgrade
from revcycle.store.testing import drop_postgres_schema, new_postgres_schema, url_with_schema

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ADDRESS = Address("100 Elm St", "Springfield", "IL", "62701")
READ = hl7_reader()


def _segment(kind: str, fields: dict[int, str]) -> str:
    return "|".join([kind, *(fields.get(number, "") for number in range(1, max(fields) + 1))])


def _msh(kind: str, control: str) -> str:
    return f"MSH|^~\\&|EPIC|BENCHCLINIC|REVCYCLE|BILLING|20260301080000||{kind}|{control}|P|2.5.1"


def _pid(number: int) -> str:
    return _segment("PID", {1: "1", 3: f"B{number:06d}^^^BENCHCLINIC^MR", 5: f"Bench{number}^Pat", 7: "19700101",
                            8: "F", 11: f"{number} Elm St^^Springfield^IL^62701", 13: "2175550100"})  # fmt: skip


def registration(number: int) -> str:
    in1 = _segment("IN1", {1: "1", 3: "87726", 4: "Synthetic Health", 12: "20260101", 17: "SEL", 22: "1",
                           36: f"M{number:07d}"})  # fmt: skip
    return "\r".join([_msh("ADT^A04", f"A{number}"), "EVN|A04", _pid(number), in1])


def charges(number: int) -> str:
    day = (dt.date(2026, 1, 5) + dt.timedelta(days=number % 50)).strftime("%Y%m%d")
    lines = [_segment("FT1", {1: str(n), 4: day, 6: "CG", 10: "1", 11: amount, 19: "I10", 20: "1245319599", 25: code})
             for n, (code, amount) in enumerate((("99213", "110.00"), ("36415", "15.00")), start=1)]  # fmt: skip
    pv1 = _segment("PV1", {1: "1", 2: "O", 7: "1245319599^Quill^Ada", 19: f"V{number}"})
    return "\r".join([_msh("DFT^P03", f"D{number}"), "EVN|P03", _pid(number), pv1, *lines, "DG1|1||I10^^I10"])


def set_up(url: str) -> tuple[Callable[[], UnitOfWork], object]:
    engine = make_engine(url)
    upgrade(engine)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", "correct horse battery")
    listener = users.add_user(uow(), "interfaces", "biller", "correct horse battery", actor=admin)
    practice.add_billing_provider(uow(), admin, BillingProvider("Clinic", "1234567893", "12-3456789", "207Q00000X",
                                                                ADDRESS))  # fmt: skip
    practice.add_rendering_provider(
        uow(), admin, RenderingProvider("Ada", "Quill", "1245319599", "207Q00000X")
    )
    practice.add_facility(uow(), admin, Facility("Main Street Office", ADDRESS, "11"))
    for code in ("87726", "00431", "60054"):
        practice.add_payer(uow(), admin, Payer(code, f"Payer {code}", "CI", 90))
    for code, cents in (("99213", 11000), ("36415", 1500)):
        fee_schedules.add_fee(uow(), admin, "Standard", Fee(code, cents, effective_from=dt.date(2025, 1, 1)))
    return uow, listener


def direct(uow: Callable[[], UnitOfWork], user: object, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        receipt, _ack = answer(uow(), user, text, READ)  # type: ignore[arg-type]
        assert receipt.accepted, receipt.error
    return len(texts) / (time.perf_counter() - started)


def through_listener(uow: Callable[[], UnitOfWork], user: object, batches: list[list[str]]) -> float:
    """messages/s of the batches sent side by side, one connection each, through a listener in its own thread."""
    failures: list[str] = []

    async def handle(text: str) -> str:
        return await asyncio.to_thread(lambda: answer(uow(), user, text, READ)[1])  # type: ignore[arg-type]

    def send(port: int, batch: list[str]) -> None:
        with MllpClient("127.0.0.1", port, timeout=300) as client:
            for start in range(0, len(batch), 50):
                for ack in client.send_many(batch[start : start + 50]):
                    if "MSA|AA|" not in ack:
                        failures.append(ack)

    with listening_in_thread(handle) as port:
        started = time.perf_counter()
        senders = [threading.Thread(target=send, args=(port, batch)) for batch in batches]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        elapsed = time.perf_counter() - started
    assert not failures, failures[:1]
    return sum(len(batch) for batch in batches) / elapsed


def measure(fresh: Callable[[], str], patients: int, connections: int) -> dict[str, float]:
    """The rates of each path, each on a fresh database from `fresh()`."""
    rates = {}
    uow, user = set_up(fresh())
    rates["direct ADT"] = direct(uow, user, [registration(n) for n in range(patients)])
    rates["direct DFT"] = direct(uow, user, [charges(n) for n in range(patients)])
    uow, user = set_up(fresh())
    rates["listener ADT, 1 connection"] = through_listener(
        uow, user, [[registration(n) for n in range(patients)]]
    )
    rates["listener DFT, 1 connection"] = through_listener(uow, user, [[charges(n) for n in range(patients)]])
    uow, user = set_up(fresh())
    spread = [[m for n in range(c, patients, connections) for m in (registration(n), charges(n))]
              for c in range(connections)]  # fmt: skip
    rates[f"listener ADT+DFT, {connections} connections"] = through_listener(uow, user, spread)
    return rates


@contextmanager
def databases(postgres: str | None) -> Iterator[list[tuple[str, Callable[[], str]]]]:
    """(name, a maker of fresh database URLs): SQLite files in a scratch folder; PostgreSQL schemas, dropped after."""
    schemas: list[str] = []

    def postgres_url() -> str:
        schemas.append(new_postgres_schema(postgres or ""))
        return url_with_schema(postgres or "", schemas[-1])

    with tempfile.TemporaryDirectory() as folder:
        files = iter(range(1, 1000))
        found: list[tuple[str, Callable[[], str]]] = [
            ("SQLite", lambda: f"sqlite:///{folder}/bench{next(files)}.db")
        ]
        if postgres:
            found.append(("PostgreSQL", postgres_url))
        try:
            yield found
        finally:
            for schema in schemas:
                drop_postgres_schema(postgres or "", schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--postgres", default=os.environ.get("REVCYCLE_TEST_DATABASE_URL", DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))  # the users are set-up, not measured
    results = {}
    with databases(None if options.no_postgres else options.postgres) as found:
        for name, fresh in found:
            try:
                results[name] = measure(fresh, options.patients, options.connections)
            except OperationalError as error:  # a database that is not there is reported, not measured
                print(f"{name}: not measured ({type(error).__name__})")
    rows = list(next(iter(results.values()), {}))
    print(f"\n{options.patients} patients: one A04 and one DFT (2 lines) each\n")
    print("| path | " + " | ".join(f"{name} (messages/s)" for name in results) + " |")
    print("|---|" + "---:|" * len(results))
    for row in rows:
        print(f"| {row} | " + " | ".join(f"{rates[row]:.0f}" for rates in results.values()) + " |")


if __name__ == "__main__":
    main()
