"""The demo's trading partners and its clock.

- `DemoClock`: the practice's clock, moved along the 90 days as the story goes (services stamp
  their rows with it).
- `DemoClearinghouse`: a directory clearinghouse (`clearinghouse.directory`) whose other side is the
  payer simulator with one engine for the whole run (accumulators and claim history carry from batch to batch, as at a real
  payer). `answer` adjudicates an 837P from the outbox: the 999 and 277CA arrive in the inbox at
  once, the 835 is held until its payment date (`deliver_due`).
- `RecordingDesk`: the payer's real-time desk (270 -> 271, 276 -> 277) that keeps every exchange,
  so the run can hand them over as files; `RoutingDesk` sends each question to the payer it names
  (the simulator's `SimulatedPayerDesk` per payer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.simulator.claims_desk import control_number_of, simulate
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.realtime_desk import SimulatedPayerDesk

DAYS_TO_PAY = 14


class DemoClock:
    def __init__(self, instant: dt.datetime) -> None:
        self.instant = instant

    def now(self) -> dt.datetime:
        return self.instant

    def today(self) -> dt.date:
        return self.instant.date()

    def move_to(self, day: dt.date, hour: int = 9) -> None:
        self.instant = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


@dataclass(slots=True)
class Answered:
    """What the payer sent back for one 837P file (names of the files in the inbox or held)."""

    submitted: str
    ack_999: Path
    ack_277ca: Path | None
    remittance_835: Path | None
    paid_on: dt.date
    claims: int
    rejected_claims: int


@dataclass(slots=True)
class DemoClearinghouse(DirectoryClearinghouse):
    engine: PayerEngine | None = None
    answered: list[Answered] = field(default_factory=list)

    @property
    def held(self) -> Path:
        return self.root / "payer-holds-835"

    def answer(self, file_name: str, received_on: dt.date) -> Answered:
        """The payer reads the submitted file: 999 and 277CA now, the 835 on the payment date."""
        assert self.engine is not None
        paid_on = received_on + dt.timedelta(days=DAYS_TO_PAY)
        text = (self.outbox / file_name).read_text(encoding="ascii")
        run = simulate(text, self.engine, self.settings.reversed(), received_on, paid_on, control_number_of(file_name))
        stem = Path(file_name).stem
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.held.mkdir(parents=True, exist_ok=True)
        ack = self._write(self.inbox / f"{stem}.999", run.ack_999)
        ack_277 = self._write(self.inbox / f"{stem}.277ca", run.ack_277ca)
        remit = self._write(self.held / f"{paid_on.isoformat()}-{stem}.835", run.remittance_835)
        found = Answered(file_name, ack, ack_277, remit, paid_on, len(run.claims), len(run.rejected_claims))  # type: ignore[arg-type]
        self.answered.append(found)
        return found

    def deliver_due(self, on: dt.date) -> list[Answered]:
        """Move every held 835 paid on or before `on` into the inbox (oldest first)."""
        due = []
        for answer in self.answered:
            held = answer.remittance_835
            if held is not None and held.parent == self.held and answer.paid_on <= on:
                answer.remittance_835 = held.replace(self.inbox / held.name.split("-", 3)[-1])
                due.append(answer)
        return due

    @staticmethod
    def _write(path: Path, text: str) -> Path | None:
        if not text:
            return None
        path.write_text(text, encoding="ascii")
        return path


@dataclass(slots=True)
class RecordingDesk:
    desk: PayerDesk
    exchanges: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)

    def ask(self, text: str) -> str:
        answer = self.desk.ask(text)
        self.exchanges.append((text, answer))
        return answer


@dataclass(slots=True)
class RoutingDesk:
    """One real-time line to several payers: the question goes to the payer its NM1*PR names."""

    desks: dict[str, SimulatedPayerDesk]  # payer id -> its desk

    def ask(self, text: str) -> str:
        for payer_id, desk in self.desks.items():
            if f"*PI*{payer_id}~" in text:
                return desk.ask(text)
        return next(iter(self.desks.values())).ask(text)
