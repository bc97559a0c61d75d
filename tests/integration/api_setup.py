"""An API client on a real database with a small practice: one signed-in client per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi.testclient import TestClient
from services_setup import NOW, PASSWORD, set_up_practice

from revcycle.api import create_app
from revcycle.kernel import FixedClock
from revcycle.practice import Encounter, ServiceLine
from revcycle.services import patients, users
from revcycle.store import UnitOfWork

ROLES = ("coder", "biller", "manager", "auditor", "admin")
USERNAMES = {"coder": "coder1", "biller": "biller1", "manager": "manager1", "auditor": "auditor1", "admin": "admin"}
NOTE = (
    "Established patient seen for follow-up of type 2 diabetes mellitus without complications. "
    "A1c reviewed. Continue metformin."
)


@dataclass
class ApiWorld:
    client: TestClient
    tokens: dict[str, str]
    practice: object
    encounter_id: int

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def token_for(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def api_world(engine) -> ApiWorld:
    practice = set_up_practice(engine)
    users.add_user(practice.uow(), "coder1", "coder", PASSWORD, actor=practice.admin)
    lines = (ServiceLine(1, "99213", 11000, diagnosis_pointers=(1,)),)
    encounter = patients.record_encounter(practice.uow(), practice.biller, Encounter(
        practice.patient_id, date(2026, 3, 4), "11", practice.clinic_id, practice.doctor_id, ("E11.9",), lines,
        coverage_id=practice.coverage_id, note_text=NOTE))
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="test-secret"))
    tokens = {role: token_for(client, USERNAMES[role]) for role in ROLES}
    return ApiWorld(client, tokens, practice, encounter.id)


def uow_of(world: ApiWorld) -> UnitOfWork:
    return world.practice.uow()
