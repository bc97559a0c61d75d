"""An SFTP clearinghouse for the tests: a real SFTP server (asyncssh's, `LocalSftpServer`) on 127.0.0.1, chrooted
to a tmp folder, with a host key and a client key made once per test session, and the partner file (TOML) that
reaches it; the test plays the clearinghouse by answering the 837s it finds with the payer simulator.

    with sftp_exchange(tmp_path) as exchange:          # exchange.root/outbound, /inbound; exchange.partner_file
        ...
        answer_837s(exchange.root, date(2026, 3, 5))   # 999, 277CA, 835 for each 837 uploaded, in root/inbound
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims_setup import NOW, setup_practice

from revcycle.clearinghouse.sftp_local import LocalSftpServer, asyncssh
from revcycle.clearinghouse.simulated import write_answers
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.practice import Address, Coverage, CoverageOrder, Encounter, Patient, ServiceLine
from revcycle.services import claims, patients
from revcycle.simulator.config import Member
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork

SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
USER = "clinic01"


@functools.cache
def session_keys() -> tuple[asyncssh.SSHKey, asyncssh.SSHKey]:
    """(the server's host key, our client key), made once per test session."""
    return asyncssh.generate_private_key("ssh-ed25519"), asyncssh.generate_private_key("ssh-ed25519")


@dataclass(frozen=True, slots=True)
class Exchange:
    server: LocalSftpServer
    root: Path  # the server's folder: root/outbound, root/inbound, root/inbound/archive
    partner_file: Path
    keys: Path  # our key and the known_hosts file


def partner_toml(port: int, keys: Path, **fields: object) -> str:
    """A partner file for the local server; `fields` replace or add top-level fields (None drops one)."""
    values: dict[str, object] = {"name": "acme", "kind": "sftp", "host": "127.0.0.1", "port": port, "user": USER,
                                 "key_path": str(keys / "id_ed25519"), "known_hosts": str(keys / "known_hosts"),
                                 "sender_id": "CLINIC01", "receiver_id": "87726", "usage": "T"}  # fmt: skip
    values |= fields
    lines = [f"{key} = {_toml(value)}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + '\n[folders]\noutbound = "outbound"\ninbound = "inbound"\narchive = "archive"\n'


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else f'"{value}"'


@contextmanager
def sftp_exchange(tmp_path: Path, sftp_class: type[asyncssh.SFTPServer] = asyncssh.SFTPServer,
                  password: str | None = None, **fields: object) -> Iterator[Exchange]:  # fmt: skip
    host_key, client_key = session_keys()
    root, keys = tmp_path / "server", tmp_path / "keys"
    for folder in (root / "outbound", root / "inbound", keys):
        folder.mkdir(parents=True, exist_ok=True)
    client_key.write_private_key(str(keys / "id_ed25519"))
    server = LocalSftpServer(root, USER, client_key, password, sftp_class, host_key).start()
    try:
        (keys / "known_hosts").write_text(server.known_hosts_line())
        partner_file = tmp_path / "acme.toml"
        partner_file.write_text(partner_toml(server.port, keys, **fields))
        yield Exchange(server, root, partner_file, keys)
    finally:
        server.stop()


def answer_837s(root: Path, received_on: date, payer=None) -> list[str]:  # noqa: ANN001 - a PayerConfig
    """The clearinghouse's side: each 837 in root/outbound answered (999, 277CA, 835) in root/inbound by the
    payer simulator (a payer that knows Jane); the names written."""
    engine, written = PayerEngine(payer or payer_knowing_jane()), []
    for path in sorted((root / "outbound").glob("*.837")):
        written += write_answers(root / "inbound", path.name, path.read_text(), engine, SETTINGS, received_on)
    return written


def payer_knowing_jane():  # noqa: ANN201 - a PayerConfig
    payer = example_payer()
    return dataclasses.replace(
        payer, members=(*payer.members, Member("XYZ123456789", "GOLD", date(2025, 1, 1)))
    )


def billed_practice(engine):  # noqa: ANN001, ANN201
    """Jane (member XYZ123456789, known to the payer) and Zoe (member Z999, unknown to it), each seen on 2026-03-02
    and billed, scrubbed: (uow, biller, Jane's claim, Zoe's claim, scrub run)."""

    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, payer, encounter = setup_practice(uow)
    encounter(("E11.9",), date(2026, 3, 2))
    first = patients.get_encounter(uow(), biller, 1)
    zoe = patients.register_patient(uow(), biller, Patient("Zoe", "Roe", date(1990, 2, 3), "F",
                                                            Address("9 Pine St", "Springfield", "IL", "62701")))  # fmt: skip
    cover = patients.add_coverage(
        uow(), biller, Coverage(zoe.id, payer.id, "Z999", CoverageOrder.PRIMARY, date(2025, 1, 1))
    )
    patients.record_encounter(uow(), biller, Encounter(
        zoe.id, date(2026, 3, 2), "11", first.billing_provider_id, first.rendering_provider_id, ("I10",),
        (ServiceLine(1, "99213", 10000),), facility_id=first.facility_id, coverage_id=cover.id))  # fmt: skip
    jane_claim, zoe_claim = claims.build_ready_claims(uow(), biller)
    return uow, biller, jane_claim, zoe_claim, claims.scrub_claims(uow(), biller)
