"""The simulator clearinghouse: the directory clearinghouse with the payer simulator on the other side.

    partner = SimulatorClearinghouse(settings, Path("acme"), payer_config, received_on=date(2026, 3, 5))
    partner.submit("acme-000000007.837", text)   # outbox; at once inbox/acme-000000007.999, .277ca, .835
    partner.payer_desk().ask(text_270)            # the simulator's 271, as of every 837P in the outbox

Each submitted 837P is adjudicated by a fresh engine (`simulator.claims_desk.simulate`), received
on `received_on` (default: today) and paid `days_to_pay` later. The real-time desk is a
`simulator.realtime_desk.SimulatedPayerDesk` whose engine replays the outbox first, so it answers
as the payer that adjudicated those files; it stamps its answers with `clock`. Without a payer
configuration the simulator's example payer answers. The one module of the practice's side that
imports the simulator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.clearinghouse.directory import DirectoryClearinghouse, partner_root
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.clock import Clock, SystemClock
from revcycle.simulator.claims_desk import control_number_of, simulate
from revcycle.simulator.config import PayerConfig
from revcycle.simulator.config_file import load_payer_config
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.simulator.realtime_desk import SimulatedPayerDesk, replay_837_files


@dataclass(slots=True)
class SimulatorClearinghouse(DirectoryClearinghouse):
    payer: PayerConfig | None = None
    days_to_pay: int = 14
    received_on: dt.date | None = None  # the payer's receipt date (default: today)
    clock: Clock = field(default_factory=SystemClock)  # when the real-time desk answers

    def submit(self, file_name: str, text: str) -> str:
        where = DirectoryClearinghouse.submit(self, file_name, text)
        write_answers(self.inbox, file_name, text, self._engine(), self.settings,
                      self.received_on or dt.date.today(), self.days_to_pay)  # fmt: skip
        return where

    def payer_desk(self) -> SimulatedPayerDesk:
        engine = self._engine()
        replay_837_files(engine, self.outbox.glob("*.837"), self.settings.reversed(), self.received_on,
                         self.days_to_pay)  # fmt: skip
        return SimulatedPayerDesk(engine, self.settings.reversed(), self.clock)

    def _engine(self) -> PayerEngine:
        return PayerEngine(self.payer or example_payer())


def write_answers(inbox: Path, file_name: str, text: str, engine: PayerEngine, settings: EnvelopeSettings,
                  received_on: dt.date, days_to_pay: int = 14) -> list[str]:  # fmt: skip
    """The payer's answers to the 837P `text` we sent as `file_name` under `settings` (999, 277CA, 835 from
    `engine`, received on `received_on`, paid `days_to_pay` later), written in `inbox` as <stem>.999 ...; the
    names written."""
    run = simulate(text, engine, settings.reversed(), received_on, received_on + dt.timedelta(days=days_to_pay),
                   control_number_of(file_name))  # fmt: skip
    inbox.mkdir(parents=True, exist_ok=True)
    stem, written = Path(file_name).stem, []
    for suffix, answer in (("999", run.ack_999), ("277ca", run.ack_277ca), ("835", run.remittance_835)):
        if answer:
            (inbox / f"{stem}.{suffix}").write_text(answer, encoding="ascii")
            written.append(f"{stem}.{suffix}")
    return written


def from_partner(data: dict, settings: EnvelopeSettings, folder: Path) -> SimulatorClearinghouse:
    """`"kind": "simulator"`: the folders under "root", and the payer of "payer_config" (a payer
    configuration file, relative to the partner file's folder) receiving on "received_on" and paying
    "days_to_pay" later."""
    payer = load_payer_config(folder / data["payer_config"]) if data.get("payer_config") else None
    received = dt.date.fromisoformat(data["received_on"]) if data.get("received_on") else None
    return SimulatorClearinghouse(settings, partner_root(data, folder), payer, int(data.get("days_to_pay", 14)),
                                  received)  # fmt: skip
