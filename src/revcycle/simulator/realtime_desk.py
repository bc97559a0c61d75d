"""The payer simulator's real-time desk: a 270 or 276 comes in, the 271 or 277 goes back.

    desk = SimulatedPayerDesk(PayerEngine(config), payer_settings, clock)
    text_271 = desk.ask(text_270)
    runs = replay_837_files(engine, outbox.glob("*.837"), payer_settings)   # one SimulatorRun a file

`SimulatedPayerDesk` answers from its engine (benefit plans, accumulators, what it adjudicated);
it is what a simulator trading partner hands the practice as its real-time desk
(`clearinghouse.simulated`). `replay_837_files` rebuilds a simulator's state from the 837P files it
was sent (a clearinghouse outbox), in file-name order, so a fresh process answers as the payer that
adjudicated them would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.clock import Clock
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.simulator.claims_desk import SimulatorRun, simulate
from revcycle.simulator.eligibility_desk import answer_270
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.status_desk import answer_276
from revcycle.x12 import read_x12


@dataclass(slots=True)
class SimulatedPayerDesk:
    engine: PayerEngine
    settings: EnvelopeSettings  # the payer's side (ISA06 the payer)
    clock: Clock
    next_control_number: int = 1

    def ask(self, text: str) -> str:
        read = read_x12(text)  # once: the desk that answers takes the file as read
        kinds = {parsed.guide.key for parsed in read.transactions if parsed.guide}
        number, self.next_control_number = self.next_control_number, self.next_control_number + 1
        created = self.clock.now().replace(tzinfo=None, microsecond=0)
        if "270" in kinds:
            return answer_270(read, self.engine, self.settings, number, created)
        if "276" in kinds:
            return answer_276(read, self.engine, self.settings, number, created)
        raise RevcycleError(ErrorCode.X12_SYNTAX, f"the payer answers 270 and 276 in real time, not {sorted(kinds)}")


def replay_837_files(engine: PayerEngine, files: Iterable[Path], settings: EnvelopeSettings,
                     received_on: dt.date | None = None, days_to_pay: int = 14) -> list[SimulatorRun]:  # fmt: skip
    """Adjudicate every 837P file again in `engine`, in file-name order (received on `received_on`, else
    the file's modification date, as the simulator clearinghouse dates them); the run of each file (the
    claims it read, what was decided), so a caller never reads a file again."""
    runs = []
    for number, path in enumerate(sorted(files), start=1):
        received = received_on or dt.date.fromtimestamp(path.stat().st_mtime)
        runs.append(simulate(path.read_bytes(), engine, settings, received,
                             received + dt.timedelta(days=days_to_pay), number))  # fmt: skip
    return runs
