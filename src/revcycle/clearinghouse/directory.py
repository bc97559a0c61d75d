"""The directory clearinghouse: how SFTP-style clearinghouses work, on a local (or mounted) folder.

    partner = DirectoryClearinghouse(settings, Path("/var/revcycle/acme"))
    partner.submit("acme-000000007.837", text)       # root/outbox/acme-000000007.837, written atomically
    partner.waiting()                                # file names in root/inbox
    partner.archive("acme-000000007.999")            # root/inbox -> root/inbox/processed

We drop files in the outbox, the clearinghouse drops its answers in the inbox. There is no
real-time line: `payer_desk()` is a VALIDATION error naming the partner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from revcycle.clearinghouse.naming import DEFAULT_PATTERN, file_name
from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError


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

    def file_name(self, isa13: int, created: dt.datetime) -> str:
        return file_name(DEFAULT_PATTERN, self.settings, isa13, created)

    def submit(self, file_name: str, text: str) -> str:
        self.outbox.mkdir(parents=True, exist_ok=True)
        final = self.outbox / file_name
        if final.exists():
            raise RevcycleError(ErrorCode.CONFLICT, f"{final} exists: control numbers must not repeat")
        staging = self.outbox / f".{file_name}.part"
        staging.write_text(text, encoding="ascii")
        staging.replace(final)  # the clearinghouse never sees a half-written file
        return str(final)

    def where_submitted(self, file_name: str) -> str:
        return str(self.outbox / file_name)

    def waiting(self) -> list[str]:
        if not self.inbox.is_dir():
            return []
        return sorted(
            path.name for path in self.inbox.iterdir() if path.is_file() and not path.name.startswith(".")
        )

    def fetch(self, name: str) -> bytes:
        return (self.inbox / name).read_bytes()

    def archive(self, name: str) -> str:
        done = self.inbox / "processed"
        done.mkdir(parents=True, exist_ok=True)
        return str((self.inbox / name).replace(done / name))

    def payer_desk(self) -> PayerDesk:
        raise RevcycleError(ErrorCode.VALIDATION, f"partner {self.settings.name!r} has no real-time 270/276 "
                            "connection (only a `\"kind\": \"simulator\"` partner answers here)")  # fmt: skip

    def check(self) -> list[str]:
        """The folders (the outbox made if need be) and a probe file written and removed in the outbox."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        probe = self.outbox / ".revcycle-probe"
        probe.write_text("revcycle connection test\n", encoding="ascii")
        probe.unlink()
        return [f"outbox {self.outbox}: writable (probe file written and removed)",
                f"inbox {self.inbox}: {len(self.waiting())} file(s) waiting" if self.inbox.is_dir()
                else f"inbox {self.inbox}: absent (nothing has come back yet)"]  # fmt: skip


def partner_root(data: dict, folder: Path) -> Path:
    """A partner file's "root" (default: its "name"), relative to the folder of the file."""
    return (folder / data.get("root", data["name"])).resolve()


def from_partner(data: dict, settings: EnvelopeSettings, folder: Path) -> DirectoryClearinghouse:
    """`"kind": "directory"`: the folders under "root"."""
    return DirectoryClearinghouse(settings, partner_root(data, folder))
