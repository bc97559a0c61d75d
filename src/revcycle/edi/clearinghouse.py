"""Clearinghouse adapters: submit X12 files, collect the responses (999, 277CA, 835).

    partner = load_partner(Path("acme.json"))     # {"name", "kind": "directory"|"simulator", "root", envelope…}
    partner.submit("acme-000000007.837", text)    # into root/outbox
    for path in partner.waiting(): ...; partner.archive(path)   # root/inbox -> root/inbox/processed

`DirectoryClearinghouse` is how SFTP clearinghouses work: we drop files in an outbox, they drop
answers in an inbox. `SimulatorClearinghouse` is the same directories with the payer simulator on the
other side: each submitted 837P is answered at once with a 999, a 277CA and an 835 in the inbox.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.payer_simulator import simulate
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.config import PayerConfig
from revcycle.payer.config_file import load_payer_config
from revcycle.payer.engine import PayerEngine
from revcycle.payer.examples import example_payer


class Clearinghouse(Protocol):
    settings: EnvelopeSettings

    def submit(self, file_name: str, text: str) -> Path: ...
    def waiting(self) -> list[Path]: ...
    def archive(self, path: Path) -> Path: ...


@dataclass(slots=True)
class DirectoryClearinghouse:
    settings: EnvelopeSettings
    root: Path

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    def submit(self, file_name: str, text: str) -> Path:
        self.outbox.mkdir(parents=True, exist_ok=True)
        final = self.outbox / file_name
        if final.exists():
            raise RevcycleError(ErrorCode.CONFLICT, f"{final} exists: control numbers must not repeat")
        staging = self.outbox / f".{file_name}.part"
        staging.write_text(text, encoding="ascii")
        staging.replace(final)  # the clearinghouse never sees a half-written file
        return final

    def waiting(self) -> list[Path]:
        if not self.inbox.is_dir():
            return []
        return sorted(
            path for path in self.inbox.iterdir() if path.is_file() and not path.name.startswith(".")
        )

    def archive(self, path: Path) -> Path:
        done = self.inbox / "processed"
        done.mkdir(parents=True, exist_ok=True)
        return path.replace(done / path.name)


@dataclass(slots=True)
class SimulatorClearinghouse(DirectoryClearinghouse):
    payer: PayerConfig | None = None
    days_to_pay: int = 14
    received_on: dt.date | None = None  # the payer's receipt date (default: today)

    def submit(self, file_name: str, text: str) -> Path:
        path = DirectoryClearinghouse.submit(self, file_name, text)
        received = self.received_on or dt.date.today()
        number = int("".join(ch for ch in file_name if ch.isdigit())[-9:] or "1")
        run = simulate(text, PayerEngine(self.payer or example_payer()), self.settings.reversed(), received,
                       received + dt.timedelta(days=self.days_to_pay), number)  # fmt: skip
        self.inbox.mkdir(parents=True, exist_ok=True)
        stem = Path(file_name).stem
        for suffix, answer in (("999", run.ack_999), ("277ca", run.ack_277ca), ("835", run.remittance_835)):
            if answer:
                (self.inbox / f"{stem}.{suffix}").write_text(answer, encoding="ascii")
        return path


def load_partner(path: Path) -> DirectoryClearinghouse:
    """{"name": "acme", "kind": "simulator", "root": "/var/revcycle/acme", "sender_id": "CLINIC01",
    "receiver_id": "87726", "sender_qualifier": "ZZ", "receiver_qualifier": "ZZ", "usage": "T",
    "payer_config": "acme-payer.json", "received_on": "2026-03-05"}  (paths relative to the file;
    received_on only for the simulator, to pin the payer's receipt date)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings = EnvelopeSettings.from_dict(data)
        root = (path.parent / data.get("root", data["name"])).resolve()
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot read {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{path}: not a clearinghouse configuration ({error})"
        ) from error
    if data.get("kind", "directory") == "simulator":
        payer = load_payer_config(path.parent / data["payer_config"]) if data.get("payer_config") else None
        received = dt.date.fromisoformat(data["received_on"]) if data.get("received_on") else None
        return SimulatorClearinghouse(settings, root, payer, int(data.get("days_to_pay", 14)), received)
    return DirectoryClearinghouse(settings, root)
