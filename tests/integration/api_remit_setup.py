"""An API on a real database whose clearinghouse is the payer simulator: the claims practice (Jane Doe,
member XYZ123456789 on the payer's PPO plan, $450 of the $500 deductible met), a user per role, a signed-in client per role."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from api_setup import ROLES
from claims_setup import NOW, PASSWORD, setup_practice
from fastapi.testclient import TestClient

from revcycle.api import create_app
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.services import users
from revcycle.simulator.config import Member
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork

SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
DOS = date(2026, 3, 2)
RECEIVED = date(2026, 3, 5)
USERNAMES = {"coder": "cody", "biller": "bea", "manager": "max", "auditor": "aud", "admin": "admin"}


@dataclass
class RemitWorld:
    engine: object
    client: TestClient
    tokens: dict[str, str]
    partner: SimulatorClearinghouse

    def headers(self, role: str = "biller") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(NOW))


def simulator_partner(root: Path, **contract: object) -> SimulatorClearinghouse:
    """The simulator knows Jane's member id on its PPO plan ($50 of the deductible left, then 20% coinsurance);
    its contract does not cover 97110 (CO-96) and wants a prior authorization for 72148 (CO-197)."""
    payer = example_payer(non_covered_codes=frozenset({"97810", "S9981", "97110"}), **contract)
    jane = Member("XYZ123456789", "PPO", date(2025, 1, 1), None, "DOE", "JANE", deductible_met_cents=45000)
    return SimulatorClearinghouse(SETTINGS, root, dataclasses.replace(payer, members=(*payer.members, jane)),
                                  received_on=RECEIVED, clock=FixedClock(NOW))  # fmt: skip


def remit_world(engine, root: Path, **contract: object) -> RemitWorld:
    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(NOW))

    setup_practice(uow)
    with uow() as unit:
        admin = unit.users.find("admin")
    for role in ("coder", "manager", "auditor"):
        users.add_user(uow(), USERNAMES[role], role, PASSWORD, actor=admin)
    partner = simulator_partner(root, **contract)
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="test-secret", partner=partner))
    tokens = {}
    for role in ROLES:
        answer = client.post("/api/auth/token", json={"username": USERNAMES[role], "password": PASSWORD})
        tokens[role] = answer.json()["access_token"]
    return RemitWorld(engine, client, tokens, partner)


def recorded_encounter(world: RemitWorld, lines: list[tuple[str, int]], diagnoses: tuple[str, ...]) -> int:
    """Jane's visit on DOS recorded through the API (ids of the claims practice: provider 1, doctor 1,
    office 1, coverage 1); lines are (procedure code, charge cents), each pointing at every diagnosis."""
    pointers = list(range(1, len(diagnoses) + 1))
    body = {"date_of_service": DOS.isoformat(), "place_of_service": "11", "billing_provider_id": 1,
            "rendering_provider_id": 1, "facility_id": 1, "coverage_id": 1, "diagnosis_codes": list(diagnoses),
            "lines": [{"line_number": n, "procedure_code": code, "charge_cents": cents, "diagnosis_pointers": pointers}
                      for n, (code, cents) in enumerate(lines, 1)]}  # fmt: skip
    answer = world.client.post("/api/patients/1/encounters", json=body, headers=world.headers("biller"))
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def submitted_835(world: RemitWorld, lines: list[tuple[str, int]] | None = None,
                  diagnoses: tuple[str, ...] = ("E11.9",)) -> tuple[int, str]:  # fmt: skip
    """An encounter (default: 99214 $150 + 83036 $40) billed through the API: claim built, scrubbed,
    submitted to the simulator; returns (claim id, the 835 the payer answered with)."""
    encounter_id = recorded_encounter(world, lines or [("99214", 15000), ("83036", 4000)], diagnoses)
    client, biller = world.client, world.headers("biller")
    [claim] = client.post(f"/api/encounters/{encounter_id}/claims", headers=biller).json()
    scrubbed = client.post("/api/claims/scrub", json={"claim_ids": [claim["id"]]}, headers=biller).json()
    assert scrubbed["statuses"] == {str(claim["id"]): "ready"}, scrubbed
    submitted = client.post(f"/api/claims/batches/{scrubbed['batch_id']}/submit", headers=biller)
    assert submitted.status_code == 201, submitted.text
    stem = Path(submitted.json()["file_name"]).stem
    return claim["id"], (world.partner.inbox / f"{stem}.835").read_text(encoding="ascii")
