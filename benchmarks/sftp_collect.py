"""SFTP collect throughput (files/s) against the directory adapter on the same files, in the same run.

    python benchmarks/sftp_collect.py [--acks 200] [--remits 20] [--postgres URL | --no-postgres]

The clearinghouse's answers come from the payer simulator: one 837P of 5 claims adjudicated into a 999, a
277CA and an 835, then renumbered (ISA13/IEA02, and TRN02 for the 835s) into `--acks` small 999/277CA files
(half each) and `--remits` 835s — distinct bytes, so each is applied, not skipped as already collected. The
claims are not in the database (999s and 277CAs find no batch or claim and are reported unmatched; the 835s'
claims go to the exception queue): the work per file is the same for both transports, so the ratio is the
transport's cost. Timed: `services.clearinghouse.collect` whole — list, fetch each file, read it, apply it and
record it in `collected_files` in one transaction, archive it — for a directory partner, then for an SFTP
partner on a real asyncssh server on 127.0.0.1 (ed25519 keys, known_hosts checked). Then the same files put
back and collected again (every one already collected: the re-seen path). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

from _databases import scratch_databases

from revcycle.claims.examples import example_claim
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.sftp import SftpClearinghouse, SftpFolders
from revcycle.clearinghouse.sftp_link import SftpAccess
from revcycle.clearinghouse.sftp_local import LocalSftpServer, asyncssh
from revcycle.edi.claim_to_837 import write_837p
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.practice import Role, User
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services.clearinghouse import collect
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork, make_engine, upgrade

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
DIRECTORY, SFTP = (
    EnvelopeSettings("acme-directory", "CLINIC01", "87726"),
    EnvelopeSettings("acme-sftp", "CLINIC01", "87726"),
)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def answers() -> tuple[str, str, str]:
    """(999, 277CA, 835) the simulator writes for an 837P of 5 claims."""
    claims = [example_claim(f"E{n}-1") for n in range(1, 6)]
    text = write_837p(
        claims, Submitter("CLINIC", "CLINIC01", "BILLING", "2175550100"), Receiver("ACME", "87726"), 1, NOW
    )
    run = simulate(
        text, PayerEngine(example_payer()), SETTINGS.reversed(), dt.date(2026, 3, 5), dt.date(2026, 3, 19), 1
    )
    return run.ack_999, run.ack_277ca, run.remittance_835


def renumbered(text: str, number: int) -> str:
    """The file as the clearinghouse's interchange `number` (ISA13, IEA02; an 835's TRN02 made unique too)."""
    terminator = text[105]  # ISA is fixed width: the segment terminator follows ISA16
    segments = text.split(terminator)
    for index, segment in enumerate(segments):
        elements = segment.strip().split(text[3])
        if elements[0] == "ISA":
            elements[13] = f"{number:09d}"
        elif elements[0] == "IEA":
            elements[2] = f"{number:09d}"
        elif elements[0] == "TRN" and len(elements) > 2:
            elements[2] = f"{elements[2]}{number}"
        else:
            continue
        segments[index] = segment[: len(segment) - len(segment.lstrip())] + text[3].join(elements)
    return terminator.join(segments)


def drop(inbound: Path, acks: int, remits: int, base: tuple[str, str, str]) -> int:
    """The clearinghouse's files, written in `inbound`: their count."""
    inbound.mkdir(parents=True, exist_ok=True)
    ack_999, ack_277ca, era = base
    for n in range(acks):
        kind, text = ("999", ack_999) if n % 2 == 0 else ("277ca", ack_277ca)
        (inbound / f"ack-{n:05d}.{kind}").write_text(renumbered(text, 1000 + n), encoding="ascii")
    for n in range(remits):
        (inbound / f"era-{n:05d}.835").write_text(renumbered(era, 5000 + n), encoding="ascii")
    return acks + remits


def timed_collect(url: str, partner, files: int) -> tuple[float, int]:  # noqa: ANN001 - a Clearinghouse
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        report = collect(UnitOfWork(engine, FixedClock(NOW)), User("bench", Role.ADMIN, id=None), partner)
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    assert len(report.files) == files and not report.failed, (len(report.files), report.failed[:2])
    return seconds, len(report.already_collected)


def measure(name: str, url: str, args: argparse.Namespace, base: tuple[str, str, str]) -> list[str]:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        key = asyncssh.generate_private_key("ssh-ed25519")
        key.write_private_key(str(folder / "id_ed25519"))
        with LocalSftpServer(folder / "server", client_key=key) as server:
            (folder / "known_hosts").write_text(server.known_hosts_line())
            access = SftpAccess("127.0.0.1", "clinic01", server.port, key_path=folder / "id_ed25519",
                                known_hosts=folder / "known_hosts")  # fmt: skip
            transports = [  # (name, partner, its inbound folder, its archive folder); digests are kept per partner
                ("directory", DirectoryClearinghouse(DIRECTORY, folder / "directory"), folder / "directory" / "inbox",
                 folder / "directory" / "inbox" / "processed"),
                ("SFTP", SftpClearinghouse(SFTP, access, SftpFolders()), folder / "server" / "inbound",
                 folder / "server" / "inbound" / "archive"),
            ]  # fmt: skip
            for what, acks, remits in (
                (f"{args.acks} 999/277CA", args.acks, 0),
                (f"{args.remits} 835", 0, args.remits),
            ):
                rows += compare(name, what, transports, acks, remits, base, url)
    return rows


def compare(name, what, transports, acks, remits, base, url) -> list[str]:  # noqa: ANN001
    """The directory's seconds, then SFTP's, on the same fresh files; then the same files again (already collected)."""
    rows, baseline = [], {}
    staging = transports[0][2].parent / "staging"
    files = drop(staging, acks, remits, base)
    for label, fresh in (("", True), (" again (already collected)", False)):
        for transport, partner, inbound, archive in transports:
            _move(staging, inbound, copy=True) if fresh else _move(archive, inbound)
            seconds, skipped = timed_collect(url, partner, files)
            assert skipped == (0 if fresh else files), (transport, skipped)
            baseline.setdefault(label, seconds)
            rows.append(f"| {name} | {what}{label} | {transport} | {seconds:.2f} | {files / seconds:,.0f} | "
                        f"{seconds / baseline[label]:.2f} |")  # fmt: skip
    for _transport, _partner, _inbound, archive in transports:
        shutil.rmtree(archive)
    shutil.rmtree(staging)
    return rows


def _move(source: Path, target: Path, copy: bool = False) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        shutil.copy(path, target / path.name) if copy else path.replace(target / path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acks", type=int, default=200)
    parser.add_argument("--remits", type=int, default=20)
    parser.add_argument("--postgres", default=os.environ.get("REVCYCLE_TEST_DATABASE_URL", DEFAULT_POSTGRES))
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    base = answers()
    rows = [
        "| database | files | transport | seconds | files/s | × directory |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name, url in scratch_databases(None if args.no_postgres else args.postgres):
        rows += measure(name, url, args, base)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
